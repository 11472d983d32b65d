"""Authentication, permissions and throttles of the API.

v1: `Authorization: ApiKey <username>:<key>`; no header is anonymous (read-only), any other
scheme or a wrong key is 401. v2: `Authorization: Token <key>`. Writes: staff only."""

from django.utils.crypto import constant_time_compare
from rest_framework import permissions
from rest_framework.authentication import BaseAuthentication, TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiKey, ApiToken


class ApiKeyAuthentication(BaseAuthentication):
    keyword = "ApiKey"

    def authenticate(self, request):
        header = get_authorization_header(request).decode("latin-1").strip()
        if not header:
            return None
        scheme, _, credentials = header.partition(" ")
        if scheme.lower() != self.keyword.lower():
            raise AuthenticationFailed("Use the header Authorization: ApiKey <username>:<key>.")
        username, _, key = credentials.strip().partition(":")
        api_key = ApiKey.objects.select_related("user").filter(user__username=username.lower()).first()
        if api_key is None or not key or not constant_time_compare(api_key.key, key) or not api_key.user.is_active:
            raise AuthenticationFailed("Invalid username or API key.")
        return api_key.user, api_key

    def authenticate_header(self, request):
        return self.keyword


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken


class StaffWritesOnly(permissions.BasePermission):
    """Anyone may read; writing needs an authenticated staff user."""

    message = "Only staff may change this."

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(request.user and request.user.is_authenticated and request.user.is_staff)


class V1Throttle(SimpleRateThrottle):
    """600 requests an hour per user or, for anonymous requests, per address."""

    scope = "api_v1"

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def is_staff(request):
    return bool(request.user and request.user.is_authenticated and request.user.is_staff)
