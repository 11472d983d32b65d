"""Authentication, permissions and throttles of the API.

v1: `Authorization: ApiKey <username>:<key>`; no header is anonymous (read-only), any other
scheme or a wrong key is 401. v2: `Authorization: Token <key>`. A write needs the Django
permission of its model (`ModelPermissions`), held through a group; a resource of Wagtail
pages also asks the page permission Wagtail's admin would. `is_staff` grants nothing."""

from django.utils.crypto import constant_time_compare
from rest_framework import permissions
from rest_framework.authentication import BaseAuthentication, TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

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


class ModelPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone may read; a write needs the permission of its model and method (POST: add,
    PUT and PATCH: change, DELETE: delete; for example `downloads.add_releasefile`), as
    Django's admin asks. A refusal names the permission."""

    def has_permission(self, request, view):
        method = request.method.lower()
        if method not in view.http_method_names or method not in getattr(view, "action_map", {method: None}):
            return True  # not routed: the view answers 405, whoever asks
        if super().has_permission(request, view):
            return True
        model = self._queryset(view).model
        needed = self.get_required_permissions(request.method, model)
        self.message = f"This needs the permission {' and '.join(needed)}, through a group."
        return False


class CountingThrottle:
    """REST framework's rate throttles keep every request's timestamp of the window in one
    cache entry, read, pruned, pickled and written back on each request: at 3000/day that is
    up to 27 KB each way per request, and with the rates raised for a load test it grows
    without bound. This counts instead: one `incr` of a counter per caller and window (its
    `add` once a window), so the bookkeeping costs one cache round trip whatever the rate.
    A fixed window: a caller may spend a window's allowance at its end and the next one's
    at the start. With the cache down the counter is skipped and the request allowed (as
    allauth's limits degrade open: pydotorg/core/cache.py)."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        now = self.timer()
        window = int(now // self.duration)
        self.remaining = (window + 1) * self.duration - now
        key = f"{key}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request
            count = 1 if self.cache.add(key, 1, self.duration + 1) else self.cache.incr(key)
        return count is None or count <= self.num_requests

    def wait(self):
        return getattr(self, "remaining", None)


class AnonThrottle(CountingThrottle, AnonRateThrottle):
    """v2's `anon` rate, per address."""


class UserThrottle(CountingThrottle, UserRateThrottle):
    """v2's `user` rate, per user (per address for anonymous requests)."""


class V1Throttle(CountingThrottle, SimpleRateThrottle):
    """600 requests an hour per user or, for anonymous requests, per address."""

    scope = "api_v1"

    def get_cache_key(self, request, view):
        ident = request.user.pk if request.user and request.user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
