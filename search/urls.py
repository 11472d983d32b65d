"""Included at the site's root (pydotorg/urls.py): the search page, its autocomplete and the
OpenSearch description."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="search_autocomplete"),
    path("search/suggest/", views.opensearch_suggestions, name="search_suggestions"),
    path("opensearch.xml", views.opensearch, name="opensearch"),
]
