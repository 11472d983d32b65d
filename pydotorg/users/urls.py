"""/users/…: the fixed paths (edit/, and the membership and nominations sections' included
before this in pydotorg/urls.py) win over /users/<username>/; such names are reserved at
sign-up (adapters.RESERVED_USERNAMES)."""

from django.urls import path

from . import views

app_name = "users"
urlpatterns = [
    path("edit/", views.edit, name="edit"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/delete/", views.delete, name="delete"),
    path("<str:username>/credentials/", views.credentials, name="credentials"),
]
