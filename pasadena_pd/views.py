from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from pasadena_pd.fail_soft_cache import is_failing
from pasadena_pd.find_requests import send_request_links
from pasadena_pd.forms import FindRequestsForm
from pasadena_pd.languages import current_language
from pasadena_pd.permissions import can
from pasadena_pd.public_forms import count_submission, hold_at_limit, too_many
from pasadena_pd.security.otp import redirect_to_two_factor, two_factor_would_open
from pasadena_pd.staff_home import waiting_for

HEALTH_PROBE_KEY = "healthz-probe"
FIND_REQUESTS_SCOPE = "find-requests"


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


@never_cache
def staff_home(request):
    """What waits on the signed-in staff member (pasadena_pd.staff_home): the admin's
    rule (`pasadena_pd.use_admin`, second factor included) opens it."""
    if not can(request.user, "pasadena_pd.use_admin"):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if two_factor_would_open(request.user, "pasadena_pd.use_admin"):
            return redirect_to_two_factor(request)
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": _("What waits for you"),
        "rows": waiting_for(request.user),
    }
    return render(request, "admin/staff_home.html", context)


def find_requests(request):
    """The same answer for every address: the lookup and the email are the task's."""
    form = FindRequestsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = hold_at_limit(request, FIND_REQUESTS_SCOPE, form)
        if wait:
            return too_many(render(request, "find_requests/form.html", {"form": form}), wait)
        send_request_links.enqueue(email=form.cleaned_data["email"], language=current_language())
        count_submission(request, FIND_REQUESTS_SCOPE)  # each one may send an email
        messages.success(
            request,
            gettext(
                "Thank you. If this address has requests, registrations, block parties or "
                "PAL applications open with us, an email with their links is on its way. "
                "Nothing arrives? Check the spelling and your spam folder."
            ),
        )
        return redirect("find_requests")
    return render(request, "find_requests/form.html", {"form": form})
