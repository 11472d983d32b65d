"""django-allauth adapters: the project's policy for accounts and social login.

Account adapter
    - Usernames are case-insensitive. allauth (ACCOUNT_PRESERVE_USERNAME_CASING = False)
      stores them lower-case and looks them up with ``username__in=[lower]``; a row
      created before the normalisation (or by a bulk import) could still be mixed-case,
      so the "username taken" check here also uses ``iexact``. The database constraint on
      ``Lower(username)`` remains the last guard.
    - Usernames that are fixed paths under /users/ (RESERVED_USERNAMES) are refused.
    - Email addresses longer than the database column (254) are a form error.
    - Mails name the site "Python.org" instead of the request's host name (allauth uses a
      ``RequestSite`` when ``django.contrib.sites`` is not installed).

Social account adapter
    - A provider is offered only when its client id *and* secret come from the
      environment (``GITHUB_CLIENT_ID``/``GITHUB_CLIENT_SECRET``,
      ``GOOGLE_CLIENT_ID``/``GOOGLE_CLIENT_SECRET``, turned into
      ``SOCIALACCOUNT_PROVIDERS[...]["APPS"]`` in settings). allauth would also list
      ``SocialApp`` rows from the database; they are ignored on purpose so that the
      environment is the one place where secrets live and a settings app plus a database
      app for the same provider can never raise ``MultipleObjectsReturned``.
    - The callback URL sent to GitHub and Google is built on OAUTH_REDIRECT_BASE_URL when it is
      set (oauth.py).
    - The login and callback URLs of a provider that is not configured answer 404 (allauth
      raises ``SocialApp.DoesNotExist``, which would be a 500).
"""

from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.http import Http404

# Names that /users/<name>/ cannot show: the fixed paths under /users/ (users/urls.py and the
# membership and nominations sections).
RESERVED_USERNAMES = {"edit", "membership", "nominations"}


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        username = super().clean_username(username, shallow=shallow)
        if username.lower() in RESERVED_USERNAMES:
            raise self.validation_error("username_blacklisted")
        if not shallow:
            user_model = get_user_model()
            lookup = {f"{user_model.USERNAME_FIELD}__iexact": username}
            if user_model._default_manager.filter(**lookup).exists():
                raise self.validation_error("username_taken")
        return username

    def clean_email(self, email):
        # allauth's email form fields have no length limit, while the columns holding the
        # address have one (254): PostgreSQL would answer a longer one with a DataError.
        # Every allauth form that takes an address (sign-up, social sign-up, add email,
        # password reset) passes it through here.
        email = super().clean_email(email)
        MaxLengthValidator(account_settings.EMAIL_MAX_LENGTH)(email)
        return email

    def send_mail(self, template_prefix, email, context):
        request = allauth_context.request
        fallback_domain = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1]
        domain = request.get_host() if request is not None else fallback_domain
        site = SimpleNamespace(name=settings.WAGTAIL_SITE_NAME, domain=domain)
        return super().send_mail(template_prefix, email, {"current_site": site, **context})


class ProviderNotConfigured(SocialApp.DoesNotExist, Http404):
    """No app (client id and secret) is configured for this provider.

    A ``SocialApp.DoesNotExist``, so allauth code that catches it keeps working, and an
    ``Http404``, so a request for an unconfigured provider's URL answers 404, not 500.
    """


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None):
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        # Settings-built apps are unsaved (pk None); database rows are ignored, and an
        # app needs both halves of its credentials.
        return [app for app in apps if app.pk is None and app.client_id and app.secret]

    def get_provider(self, request, provider, client_id=None):
        # The OAuth2 adapter that builds the callback URL from OAUTH_REDIRECT_BASE_URL
        # (oauth.py): the login redirect asks the provider's adapter class.
        from .oauth import ADAPTERS

        instance = super().get_provider(request, provider, client_id=client_id)
        if instance.id in ADAPTERS:
            instance.oauth2_adapter_class = ADAPTERS[instance.id]
        return instance

    def get_app(self, request, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as exc:
            raise ProviderNotConfigured(f"Sign-in with {provider!r} is not configured.") from exc
