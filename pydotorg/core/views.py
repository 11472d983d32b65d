from pathlib import Path

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import cache_control


def health(request):
    """Liveness and database reachability, for load balancers and Kubernetes probes."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to reach the database is "unhealthy"
        return JsonResponse({"status": "unhealthy", "database": False, "error": str(exc)}, status=503)
    return JsonResponse({"status": "healthy", "database": True})


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /django-admin/
Disallow: /accounts/
Disallow: /search/
Sitemap: {sitemap}
"""

HUMANS = """/* TEAM */
Python Software Foundation and the python.org contributors
Site: https://www.python.org/
Source: built with Django and Wagtail

/* SITE */
Standards: HTML5, CSS3
Components: Django, Wagtail, Huey, PostgreSQL, Redis
"""

FUNDING = Path(__file__).resolve().parent / "fixtures" / "funding.json"


@cache_control(public=True, max_age=3600)
def robots_txt(request):
    return HttpResponse(ROBOTS.format(sitemap=request.build_absolute_uri("/sitemap.xml")), content_type="text/plain")


@cache_control(public=True, max_age=86400)
def humans_txt(request):
    return HttpResponse(HUMANS, content_type="text/plain; charset=utf-8")


@cache_control(public=True, max_age=3600)
def funding_json(request):
    """The PSF's funding manifest (floss.fund's funding.json)."""
    return HttpResponse(FUNDING.read_bytes(), content_type="application/json")
