"""The sponsors' own dashboard, under /users/sponsorships/ (pydotorg/urls.py)."""

from django.urls import path

from . import views

app_name = "sponsor_dashboard"

urlpatterns = [
    # --- sponsor dashboard (views.py, "Sponsors' dashboard") ---
    path("", views.sponsorship_list, name="list"),
    path("<int:pk>/", views.sponsorship_detail, name="detail"),
    path("<int:pk>/contract/", views.sponsorship_contract, name="contract"),
    path("<int:pk>/assets/", views.sponsorship_assets, name="assets"),
    path("sponsor/<int:pk>/edit/", views.sponsor_edit, name="sponsor_edit"),
]
