"""Hostile text, the repeated hour, UIDs, built-in blackout days and methods."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from outreach.models import MajorEvent
from outreach.rules.blackouts import built_in_major_events
from tests.factories import MajorEventFactory
from tests.feeds.factories import FeedEventFactory
from tests.feeds.helpers import by_summary, parse, vevents

pytestmark = pytest.mark.django_db

HOSTILE = "Noche\r\nEND:VEVENT\r\nATTENDEE:mailto:x@example.org\rbare CR\nLF, comma; semi \\ 🎉"
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel(datetime.datetime(2027, 10, 20, 17, tzinfo=UTC), tick=True):
        yield


def content_lines(raw: bytes) -> list[str]:
    return raw.replace(b"\r\n ", b"").decode().split("\r\n")


def test_a_hostile_title_names_its_calendar_without_breaking_it(client):
    FeedEventFactory(title=HOSTILE, slug="hostile")

    response = client.get("/events/hostile.ics")

    assert response.status_code == 200
    lines = content_lines(response.content)
    assert lines.count("END:VEVENT") == 1
    assert not any(line.startswith("ATTENDEE") for line in lines)
    assert b"\r" not in response.content.replace(b"\r\n", b"")
    calendar = parse(response)
    expected = HOSTILE.replace("\r\n", "\n").replace("\r", "\n")
    escaped = r"Noche\nEND:VEVENT\nATTENDEE:mailto:x@example.org\nbare CR\nLF\, comma\; semi \\ 🎉"
    assert f"X-WR-CALNAME:{escaped}" in lines
    assert f"NAME:{escaped}" in lines
    assert str(vevents(calendar)[0]["SUMMARY"]) == expected


def test_calendar_description_is_escaped(client):
    raw = client.get("/calendar/major-events.ics").content

    assert "X-WR-CALDESC:Days of major city events\\, when officers" in "".join(content_lines(raw))


def test_the_second_0130_of_the_fall_back_sunday_is_written_in_utc(client):
    second = datetime.datetime(2027, 11, 7, 9, 30, tzinfo=UTC)  # 01:30 PST
    FeedEventFactory(title="Second", starts_at=second, ends_at=second + datetime.timedelta(hours=1))

    lines = content_lines(client.get("/calendar/events.ics").content)

    assert "DTSTART:20271107T093000Z" in lines
    assert "DTEND;TZID=America/Los_Angeles:20271107T023000" in lines


def test_every_uid_is_a_stored_uuid(client):
    event = FeedEventFactory()
    major = MajorEventFactory(name="Concert", start_date=datetime.date(2027, 12, 5))

    events = vevents(parse(client.get("/calendar/events.ics")))
    majors = by_summary(parse(client.get("/calendar/major-events.ics")))

    assert str(events[0]["UID"]) == f"event-{event.uid}@community-services.pasadena-pd"
    assert (
        str(majors["Concert"]["UID"]) == f"major-event-{major.uid}@community-services.pasadena-pd"
    )
    uuid = re.compile(
        r"[a-z-]+-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@"
    )
    assert all(uuid.match(str(item["UID"])) for item in majors.values())


def test_built_in_days_cover_the_bookable_range_and_two_more_years(client):
    assert not MajorEvent.objects.filter(start_date__year=2029).exists()

    items = vevents(parse(client.get("/calendar/major-events.ics")))

    days = {(item.decoded("DTSTART"), str(item["SUMMARY"])) for item in items}
    for year in (2027, 2028, 2029, 2030):  # bookable until Oct 2028, then two more years
        for event in built_in_major_events(year):
            if event.date >= datetime.date(2027, 7, 22):  # the feed keeps 90 days back
                assert (event.date, event.name) in days
    # Their UIDs are stored, so the next build gives the same ones.
    again = vevents(parse(Client().get("/calendar/major-events.ics")))
    assert {str(i["UID"]) for i in again} == {str(i["UID"]) for i in items}


def test_a_post_to_a_feed_is_405_even_with_csrf_checks():
    client = Client(enforce_csrf_checks=True)
    FeedEventFactory(slug="one")

    for path in ("/calendar/events.ics", "/events/one.ics", "/calendar/major-events.ics"):
        response = client.post(path)
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"
