"""The site's own error pages: they say what happened in plain words and reveal nothing.

No exception text, path, setting or traceback reaches the visitor. If rendering the page
itself fails (the database is down during a 500), a fixed minimal page is sent instead.
"""

import math
import sys

from axes.helpers import get_cool_off, get_failure_limit
from django.db import OperationalError
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

_FALLBACK = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Error</title>"
    "<h1>Something went wrong</h1><p>Please try again later.</p></html>"
)


def _error_page(request, template: str, status: int) -> HttpResponse:
    try:
        # The language switch returns home, not to the failed address (which may hold a token).
        body = render_to_string(template, {"language_next": "/"}, request=request)
    except Exception:  # the error page must never raise an error of its own
        body = _FALLBACK
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _error_page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error_page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, "404.html", 404)


@requires_csrf_token
def server_error(request):
    # The database not answering (a restart, a failover) is no bug: 503, and when to retry.
    if isinstance(sys.exc_info()[1], OperationalError):
        response = _error_page(request, "503.html", 503)
        response["Retry-After"] = "30"
        return response
    return _error_page(request, "500.html", 500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: usually an expired form page or blocked cookies, rarely an attack."""
    return _error_page(request, "403_csrf.html", 403)


def login_locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: too many failed sign-ins for this username from this address."""
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": max(1, math.ceil(cool_off.total_seconds() / 60)) if cool_off else 0,
    }
    response = render(request, "security/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
