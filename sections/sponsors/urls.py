"""Public sponsor URLs (python.org's paths), included at the site root by name:
/sponsors/, /psf/sponsors/ and the application under /sponsors/application/."""

from django.urls import path

from . import views

app_name = "sponsors"

urlpatterns = [
    # --- public pages and application (views.py, "Application and public pages") ---
    path("sponsors/", views.sponsors_list, name="list"),
    path("psf/sponsors/", views.sponsors_list, name="psf_list"),
    path("sponsors/application/", views.application, name="application"),
    path("sponsors/application/details/", views.application_details, name="application_details"),
    path("sponsors/application/submitted/", views.application_submitted, name="application_submitted"),
]
