"""Public sponsor URLs (python.org's paths), included at the site root by name:
/sponsors/, /psf/sponsors/ and the application under /sponsors/application/."""

from django.urls import path

from . import views

app_name = "sponsors"

urlpatterns = [
    # --- public pages and application (views.py, "Application and public pages") ---
]
