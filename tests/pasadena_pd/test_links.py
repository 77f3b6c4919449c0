"""Issue 16, item 6: one way to build absolute links, for every app's emails."""

import pytest
from django.core import mail
from django.test import RequestFactory

from pasadena_pd.links import absolute_url, site_url
from pasadena_pd.mail import send_templated_email


def test_answering_a_visitor_links_use_the_address_they_used(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    request = RequestFactory().get("/", HTTP_HOST="localhost:8801")
    assert site_url(request) == "http://localhost:8801"
    assert absolute_url("/pal/", request) == "http://localhost:8801/pal/"


def test_without_a_request_links_use_the_setting(settings):
    settings.SITE_URL = "https://community.example.org"
    assert absolute_url("/events/") == "https://community.example.org/events/"


@pytest.mark.django_db
def test_an_email_sent_without_a_request_gets_the_setting(settings):
    settings.SITE_URL = "https://community.example.org"
    enrollment = type("Enrollment", (), {"get_status_url": "/pal/applications/abc/"})()
    send_templated_email(
        to="rosa@example.org",
        template="pal/mail/waitlist_promoted",
        context={"enrollment": enrollment},
        language="en",
    )
    assert "https://community.example.org/pal/applications/abc/" in mail.outbox[0].body


def test_while_answering_a_visitor_links_use_their_address_without_being_handed_it(settings):
    from pasadena_pd.links import VisitorSiteMiddleware

    settings.SITE_URL = "https://community.example.org"
    request = RequestFactory().get("/", HTTP_HOST="localhost:8801")
    seen = VisitorSiteMiddleware(lambda request: absolute_url("/pal/"))(request)
    assert seen == "http://localhost:8801/pal/"
    assert absolute_url("/pal/") == "https://community.example.org/pal/"  # after the answer
