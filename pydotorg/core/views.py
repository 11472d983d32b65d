from django.db import connection
from django.http import JsonResponse


def health(request):
    """Liveness and database reachability, for load balancers and Kubernetes probes."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to reach the database is "unhealthy"
        return JsonResponse({"status": "unhealthy", "database": False, "error": str(exc)}, status=503)
    return JsonResponse({"status": "healthy", "database": True})
