"""GitHub and Google sign-in behind a proxy: with ``OAUTH_REDIRECT_BASE_URL`` set (for
example ``https://www.python.org``), the callback URL sent to the provider — in the
authorisation redirect and again in the token exchange — is built on that base, whatever
Host the request reached the application with. Unset, allauth builds it from the request.

allauth 65 has no adapter hook for the callback URL (each provider's OAuth2Adapter builds
it in ``get_callback_url``), so the provider adapters are subclassed here. The login redirect
asks the provider instance for its adapter class (adapters.SocialAccountAdapter.get_provider
hands it these); the callback view holds its own, so oauth_urls.py mounts allauth's
callback view with these at allauth's paths, ahead of allauth's URLs."""

from allauth.socialaccount.providers.github.views import GitHubOAuth2Adapter
from allauth.socialaccount.providers.google.views import GoogleOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.conf import settings
from django.urls import reverse


class RedirectBaseMixin:
    def get_callback_url(self, request, app):
        base = settings.OAUTH_REDIRECT_BASE_URL
        if not base:
            return super().get_callback_url(request, app)
        return base.rstrip("/") + reverse(f"{self.provider_id}_callback")


class GitHubAdapter(RedirectBaseMixin, GitHubOAuth2Adapter):
    pass


class GoogleAdapter(RedirectBaseMixin, GoogleOAuth2Adapter):
    pass


ADAPTERS = {"github": GitHubAdapter, "google": GoogleAdapter}
CALLBACK_VIEWS = {provider: OAuth2CallbackView.adapter_view(adapter) for provider, adapter in ADAPTERS.items()}
