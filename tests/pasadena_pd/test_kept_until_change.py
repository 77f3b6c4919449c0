"""The data-drawn parts of public pages kept until the data changes ({% kept_until_change %}):
a kept part is the same page a visitor would get freshly rendered, a committed change shows
at once, "upcoming" moves with the day, each language is kept apart, nothing of a visitor is
kept, and a cache that does not answer only costs the keeping."""

import datetime

import pytest
from django.db import connection
from django.template import RequestContext, Template
from django.test.utils import CaptureQueriesContext

from tests.events.factories import EventFactory, RegistrationFactory, local_datetime
from tests.factories import AreaFactory, UserFactory
from tests.pasadena_pd.test_fail_soft_cache import redis_stopped

# Committed writes (the version moves on commit); inside a test's transaction nothing is kept.
pytestmark = pytest.mark.django_db(transaction=True)


def areas_read(queries) -> int:
    return sum('FROM "outreach_area"' in query["sql"] for query in queries)


def test_a_kept_list_is_reused_and_a_committed_change_shows_at_once(client, kept):
    AreaFactory(name="Northwest", slug="northwest")
    first = client.get("/outreach/areas/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/outreach/areas/").content.decode()

    assert "Northwest" in first
    assert areas_read(queries) == 0  # kept: the areas were not read again

    AreaFactory(name="Central", slug="central")
    third = client.get("/outreach/areas/").content.decode()
    assert third.index("Central") < third.index("Northwest")
    # Besides the per-response CSRF token, the kept page is the page.
    assert (
        second.split('name="csrfmiddlewaretoken"')[0]
        == first.split('name="csrfmiddlewaretoken"')[0]
    )


def test_upcoming_events_move_with_the_day(client, kept, today):
    wednesday = today("2027-05-12 10:00")
    EventFactory(
        title="Thursday meeting", starts_at=local_datetime(wednesday + datetime.timedelta(1), 18)
    )
    assert "Thursday meeting" in client.get("/events/").content.decode()

    today("2027-05-15 10:00")
    assert "Thursday meeting" not in client.get("/events/").content.decode()


def test_each_language_is_kept_apart(client, kept):
    AreaFactory(name="Northwest", slug="northwest")
    for _round in range(2):
        english = client.get("/outreach/areas/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        spanish = client.get("/outreach/areas/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
        assert "Request a presentation in Northwest" in english
        assert "Request a presentation in Northwest" not in spanish
        assert "Northwest" in spanish


def test_nothing_of_the_visitor_is_kept(rf, kept):
    template = Template(
        "{% load kept_until_change %}"
        "{% kept_until_change %}[{{ user }}|{{ request.path }}|{% csrf_token %}|{{ title }}]"
        "{% endkept_until_change %}"
    )
    request = rf.get("/private/path/")
    request.user = UserFactory(username="rosa.perez")
    context = {"title": "Areas", "csrf_token": "secret"}

    assert template.render(RequestContext(request, context)) == "[|||Areas]"


def test_pages_answer_when_the_cache_does_not(client, kept, settings):
    AreaFactory(name="Northwest", slug="northwest")
    settings.CACHES = {"default": redis_stopped()}
    for _round in range(2):
        response = client.get("/outreach/areas/")
        assert response.status_code == 200
        assert "Northwest" in response.content.decode()


def test_an_event_page_shows_a_new_registration_and_a_changed_title_at_once(client, kept):
    event = EventFactory(title="Villa Parke meeting", slug="villa-parke", capacity=10)
    assert "10 places left." in client.get("/events/villa-parke/").content.decode()

    RegistrationFactory(event=event, party_size=3)
    page = client.get("/events/villa-parke/").content.decode()
    assert "7 places left." in page

    event.title = "Villa Parke meeting (new room)"
    event.save()
    assert "Villa Parke meeting (new room)" in client.get("/events/villa-parke/").content.decode()


def test_a_page_reads_the_data_version_once(client, kept, monkeypatch):
    from pasadena_pd import shared_versions

    EventFactory(title="Villa Parke meeting", slug="villa-parke")
    client.get("/events/villa-parke/")
    reads = []
    original = shared_versions._read
    monkeypatch.setattr(shared_versions, "_read", lambda key: reads.append(key) or original(key))

    # The event (a memo) and two kept parts, all under the one data version.
    assert "Villa Parke meeting" in client.get("/events/villa-parke/").content.decode()
    assert len(reads) == len(set(reads)) == 1
