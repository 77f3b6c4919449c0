"""The site's URLs plus views that fail on purpose, for the error-page and report tests."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from pasadena_pd.urls import (  # noqa: F401 (the handlers must be on the root URLconf)
    handler400,
    handler403,
    handler404,
    handler500,
    urlpatterns,
)

SECRET_DETAIL = "/srv/pasadena/secret-internal-path.py"


@csrf_exempt
def explode(request):
    member_name = "Jordan Example-Minor"  # noqa: F841 (a local variable the report must hide)
    raise RuntimeError(f"database exploded at {SECRET_DETAIL} for jordan@example.org")


def forbid(request):
    raise PermissionDenied(f"internal rule at {SECRET_DETAIL}")


urlpatterns = [
    path("test-explode/", explode),
    path("test-forbid/", forbid),
    *urlpatterns,
]
