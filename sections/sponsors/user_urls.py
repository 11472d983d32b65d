"""The sponsors' own dashboard, under /users/sponsorships/ (pydotorg/urls.py)."""

from django.urls import path

from . import views

app_name = "sponsor_dashboard"

urlpatterns = [
    # --- sponsor dashboard (views.py, "Sponsors' dashboard") ---
]
