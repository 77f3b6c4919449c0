from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from pasadena_pd.fail_soft_cache import is_failing

HEALTH_PROBE_KEY = "healthz-probe"


class HomeView(TemplateView):
    template_name = "home.html"


@never_cache
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers).

    Without the shared cache every page still answers (uncached, pasadena_pd.fail_soft_cache):
    the status stays 200 and says "degraded", for monitoring rather than for the proxy.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    cache.get(HEALTH_PROBE_KEY)  # resting after a failure, it is not asked again
    if is_failing(cache):
        return JsonResponse({"status": "degraded", "database": "ok", "cache": "unavailable"})
    return JsonResponse({"status": "ok", "database": "ok", "cache": "ok"})
