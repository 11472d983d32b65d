import logging
import re
import time
import uuid

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

logger = logging.getLogger("pydotorg.request")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


class RequestLogMiddleware:
    """One JSON log line per request (request_id, method, path, status_code, duration_ms),
    and the request id echoed in `X-Request-ID` (taken from the proxy's header when sane)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        started = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "request_id": request.request_id,
            "method": request.method,
            "path": request.path,
            "status_code": response.status_code,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        }
        logger.info("request", extra=fields)
        response["X-Request-ID"] = request.request_id
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware (`CONTENT_SECURITY_POLICY`), with the admin's own policy
    (`CONTENT_SECURITY_POLICY_ADMIN`) on its `PATH_PREFIXES`: Wagtail's and Django's admins
    still use inline scripts and styles."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.CONTENT_SECURITY_POLICY_ADMIN
        if not report_only and parts.config is None and request.path_info.startswith(tuple(admin["PATH_PREFIXES"])):
            parts.config = admin["DIRECTIVES"]
        return parts


class PrivateResponseMiddleware:
    """Signed-in and personal responses are never stored by a browser or shared cache:
    `Cache-Control: private, no-store` when the request is signed in (a session user, or API
    credentials in `Authorization`) or under /accounts/; API responses vary on `Authorization`.
    Anonymous public pages are left as they are (and no session is loaded for them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        credentials = "HTTP_AUTHORIZATION" in request.META
        if credentials or request.path_info.startswith("/api/"):
            patch_vary_headers(response, ["Authorization"])
        if credentials or request.path_info.startswith("/accounts/") or self.signed_in(request):
            add_never_cache_headers(response)
        return response

    @staticmethod
    def signed_in(request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return False
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated)


class RejectNulMiddleware:
    """A NUL character (`%00`) in the path, the query string or form data is answered 400
    with a clear message, before any view: PostgreSQL refuses to store or compare text
    holding one (a 500), SQLite cuts the text there. Refused rather than stripped, so nobody
    searches, filters or submits something other than what they sent. JSON bodies are
    checked by REST framework's fields. Under /api/ the answer is JSON."""

    MESSAGE = "The request contains a NUL character (%00), which this site does not accept."

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        form = request.POST if request.method == "POST" else {}
        if "\x00" in request.path or self.has_nul(request.GET) or (form and self.has_nul(form)):
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": self.MESSAGE, "error_message": self.MESSAGE}, status=400)
            return HttpResponseBadRequest(self.MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def has_nul(data):
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())
