"""/nominations/… (python.org's paths). /users/nominations/ is in user_urls.py."""

from django.urls import path
from django.views.generic import RedirectView

from . import views

app_name = "nominations"
urlpatterns = [
    path("", RedirectView.as_view(pattern_name="nominations:election_list"), name="index"),
    path("elections/", views.election_list, name="election_list"),
    path("election/<slug:election>/", views.election_detail, name="election_detail"),
    path("<slug:election>/nominees/", views.nominee_list, name="nominee_list"),
    path("<slug:election>/nominees/<slug:slug>/", views.nominee_detail, name="nominee_detail"),
    path("<slug:election>/create/", views.nomination_create, name="nomination_create"),
    path("<slug:election>/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("<slug:election>/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("<slug:election>/<int:pk>/accept/", views.nomination_accept, name="nomination_accept"),
]
