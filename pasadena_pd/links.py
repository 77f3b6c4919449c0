"""Absolute links (in emails): the one way to build them.

Answering a visitor, the scheme, host and port are the ones that visitor used (so a site
run on port 8801 mails links to port 8801). Without a request (the task worker, a
management command) they come from `SITE_URL`, which `make run` and `make serve` set from
their HOST and PORT each time they start, and production sets to the public address.
"""

from django.conf import settings


def site_url(request=None) -> str:
    """Scheme and host, without a trailing slash: 'https://community.example.org'."""
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL


def absolute_url(path: str, request=None) -> str:
    return site_url(request) + path
