import logging
import re
import time
import uuid

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
