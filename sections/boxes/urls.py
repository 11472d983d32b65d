from django.urls import path

from . import views

urlpatterns = [path("<slug:label>/", views.box_detail, name="box")]
