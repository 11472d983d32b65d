"""allauth's GitHub and Google callback URLs (same paths, same names) with oauth.py's
adapters; included before allauth.urls in pydotorg/urls.py."""

from django.urls import path

from .oauth import CALLBACK_VIEWS

urlpatterns = [
    path(f"{provider}/login/callback/", view, name=f"{provider}_callback") for provider, view in CALLBACK_VIEWS.items()
]
