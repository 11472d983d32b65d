"""/users/nominations/: included before the profiles' /users/<username>/."""

from django.urls import path

from . import views

urlpatterns = [path("", views.my_nominations, name="my_nominations")]
