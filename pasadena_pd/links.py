"""Absolute links (in emails): the one way to build them.

Answering a visitor, the scheme, host and port are the ones that visitor used (so a site
run on port 8801 mails links to port 8801): `VisitorSiteMiddleware` keeps the request being
answered, and `site_url()` reads it, so no service is handed an address. Without a request
(the task worker, a management command) they come from `SITE_URL`, which `make run` and
`make serve` set from their HOST and PORT each time they start, and production sets to the
public address. Every email gets `site_url` in its context from `pasadena_pd.mail`.
"""

from contextvars import ContextVar

from django.conf import settings

_visitor_request: ContextVar = ContextVar("visitor_request", default=None)


def site_url(request=None) -> str:
    """Scheme and host, without a trailing slash: 'https://community.example.org'."""
    request = request if request is not None else _visitor_request.get()
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL


def absolute_url(path: str, request=None) -> str:
    return site_url(request) + path


class VisitorSiteMiddleware:
    """Keeps the request being answered for `site_url()` (read only when an email is
    written, so the host is checked against ALLOWED_HOSTS only then, as Django does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _visitor_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _visitor_request.reset(token)
