"""The public pages served from the page cache (pasadena_pd/page_cache.py) still behave as
fresh ones: forms post, one-time keys stay one-time, changes show."""

import gzip
import re

import pytest
from django.test import Client

from bench.dataset import build
from outreach.models import PresentationRequest
from tests.mail_links import confirm_by_email

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION_KEY = re.compile(r'name="submission_key" value="([^"]+)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_FORM_RATE = "0"


@pytest.fixture
def request_form():
    info = build({"areas": 2, "events": 0, "upcoming_events": 0, "requests": 1}, quiet=True).info
    return info["request_form"]


def _visit(client):
    page = client.get("/outreach/request/")
    html = page.content.decode()
    return page, CSRF.search(html).group(1), SUBMISSION_KEY.search(html).group(1)


def test_two_visitors_of_the_cached_request_form_make_two_requests(page_cache, request_form):
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _alice_page, alice_csrf, alice_key = _visit(alice)
    bob_page, bob_csrf, bob_key = _visit(bob)

    answers = [
        visitor.post(
            "/outreach/request/",
            {
                **{name: value.replace("__N__", who) for name, value in request_form.items()},
                "csrfmiddlewaretoken": csrf,
                "submission_key": key,
            },
        )
        for visitor, who, csrf, key in [
            (alice, "a", alice_csrf, alice_key),
            (bob, "b", bob_csrf, bob_key),
        ]
    ]

    assert bob_page["X-Page-Cache"] == "hit"
    assert alice_key != bob_key
    assert [answer.status_code for answer in answers] == [303, 303]
    # Nothing is held before the address is confirmed: both are told to check their email.
    assert {answer["Location"] for answer in answers} == {"/outreach/request/sent/"}
    made = PresentationRequest.objects.filter(contact_email__startswith="bench-")
    assert sorted(made.values_list("contact_email", flat=True)) == [
        "bench-a@example.org",
        "bench-b@example.org",
    ]


def test_the_cached_request_form_is_not_stored_by_browsers(page_cache, request_form):
    client = Client()
    client.get("/outreach/request/")

    response = client.get("/outreach/request/")

    assert response["X-Page-Cache"] == "hit"
    assert "no-store" in response["Cache-Control"]


def test_a_new_registration_shows_on_the_cached_event_page(
    page_cache, django_capture_on_commit_callbacks
):
    from events.models import Event

    with django_capture_on_commit_callbacks(execute=True):
        build({"areas": 1, "events": 3, "upcoming_events": 3, "registrations": 0}, quiet=True)
        event = Event.objects.filter(published=True).not_cancelled().first()
        Event.objects.filter(pk=event.pk).update(capacity=10, takes_registrations=True)
    visitor = Client()
    first = visitor.get(event.get_absolute_url())
    assert visitor.get(event.get_absolute_url())["X-Page-Cache"] == "hit"
    assert "10 places left." in first.content.decode()

    registrant = Client()
    with django_capture_on_commit_callbacks(execute=True):
        registered = registrant.post(
            f"{event.get_absolute_url()}register/",
            {"name": "Ana", "email": "ana@example.org", "party_size": "2"},
        )
    # Nothing is held before the address is confirmed (issue 14): confirm as Ana would.
    with django_capture_on_commit_callbacks(execute=True):
        confirm_by_email(registrant, "ana@example.org")
    page = visitor.get(event.get_absolute_url())

    assert registered.status_code == 302
    assert page["X-Page-Cache"] == "miss"
    assert "8 places left." in page.content.decode()


def test_the_public_events_feed_is_served_from_the_cache_and_follows_changes(
    page_cache, django_capture_on_commit_callbacks
):
    from events.models import Event

    with django_capture_on_commit_callbacks(execute=True):
        build({"areas": 1, "events": 4, "upcoming_events": 4, "registrations": 0}, quiet=True)
    subscriber = Client()
    first = subscriber.get("/calendar/events.ics")
    again = subscriber.get("/calendar/events.ics", HTTP_ACCEPT_ENCODING="gzip")
    current = subscriber.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    with django_capture_on_commit_callbacks(execute=True):
        event = Event.objects.filter(published=True).first()
        event.title = "Renamed safety fair"
        event.save()
    changed = subscriber.get("/calendar/events.ics")

    assert again["X-Page-Cache"] == "hit"
    assert gzip.decompress(again.content) == first.content
    assert current.status_code == 304
    assert changed["X-Page-Cache"] == "miss"
    assert "Renamed safety fair" in changed.content.decode()
