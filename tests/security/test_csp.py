"""The Content-Security-Policy built once (pasadena_pd/security/csp.py) is django-csp's."""

import pytest
from csp.constants import HEADER
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from pasadena_pd.security.csp import SitePolicyCSPMiddleware


def answer(middleware_class, response):
    request = RequestFactory().get("/")
    middleware = middleware_class(lambda _request: response)
    middleware.process_request(request)
    return middleware.process_response(request, response)


@pytest.mark.parametrize("own_policy", [None, {"img-src": ["https://maps.example.org"]}])
def test_every_response_gets_the_header_django_csp_would_give(own_policy):
    def response():
        made = HttpResponse("page")
        if own_policy:
            made._csp_update = own_policy  # what django-csp's @csp_update sets
        return made

    assert (
        answer(SitePolicyCSPMiddleware, response())[HEADER]
        == (answer(CSPMiddleware, response())[HEADER])
    )


def test_a_changed_policy_setting_is_followed(settings):
    first = answer(SitePolicyCSPMiddleware, HttpResponse())[HEADER]
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}

    second = answer(SitePolicyCSPMiddleware, HttpResponse())[HEADER]

    assert "default-src 'self'" in first
    assert second == "default-src 'none'"
