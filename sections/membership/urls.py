from django.urls import path

from . import views

app_name = "membership"
urlpatterns = [
    path("", views.signup, name="signup"),
    path("edit/", views.edit, name="edit"),
    path("thanks/", views.thanks, name="thanks"),
    path("affirm/", views.affirm, name="affirm"),
]
