import datetime
import gzip

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Event
from outreach.models import MajorEvent
from pasadena_pd.ical import LOS_ANGELES
from pasadena_pd.ical_cache import lru
from pasadena_pd.ical_feed import body_memo
from tests.factories import AreaFactory, MajorEventFactory
from tests.feeds.factories import FeedEventFactory, FeedSessionFactory, in_days, local
from tests.feeds.helpers import by_summary, parse, vevents

pytestmark = pytest.mark.django_db


def test_events_feed_holds_published_events_with_their_details(client):
    event = FeedEventFactory(
        title="Noche de Seguridad: Señora Núñez habla",
        description="Café, pan dulce; preguntas\\respuestas, y más.",
        starts_at=local(in_days(10), 18, 30),
        ends_at=local(in_days(10), 20),
    )
    FeedEventFactory(title="Draft meeting", published=False)

    calendar = parse(client.get("/calendar/events.ics"))

    [item] = vevents(calendar)
    assert str(item["SUMMARY"]) == "Noche de Seguridad: Señora Núñez habla"
    assert str(item["DESCRIPTION"]).startswith("Café, pan dulce; preguntas\\respuestas, y más.")
    assert str(item["LOCATION"]) == (
        "Jackie Robinson Community Center, 1020 N Fair Oaks Ave, Pasadena, CA 91103"
    )
    assert str(item["UID"]) == f"event-{event.uid}@community-services.pasadena-pd"
    assert item["SEQUENCE"] == 0
    assert item.decoded("DTSTART") == local(in_days(10), 18, 30)
    assert item["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert item.decoded("DTSTAMP") == event.updated_at.replace(microsecond=0)
    assert item.decoded("LAST-MODIFIED") == event.updated_at.replace(microsecond=0)
    assert str(item["STATUS"]) == "CONFIRMED"
    assert str(item["URL"]).startswith("http://testserver/")


def test_feed_text_is_escaped_folded_and_utf8(client):
    FeedEventFactory(title="Reunión; vecinos, Núñez " + "ñ" * 60)

    raw = client.get("/calendar/events.ics").content

    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert b"SUMMARY:Reuni\xc3\xb3n\\; vecinos\\, N\xc3\xba\xc3\xb1ez" in raw
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character


def test_calendar_properties_name_zone_refresh_and_page(client):
    response = client.get("/calendar/events.ics")
    calendar = parse(response)

    assert str(calendar["X-WR-CALNAME"]) == "Pasadena Police community events"
    assert str(calendar["X-WR-TIMEZONE"]) == "America/Los_Angeles"
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert calendar.decoded("REFRESH-INTERVAL") == datetime.timedelta(hours=1)
    assert calendar["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    assert str(calendar["URL"]) == "http://testserver/events/"
    assert str(calendar["VERSION"]) == "2.0"
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Los_Angeles"
    assert response["Content-Disposition"] == 'inline; filename="events.ics"'


def test_vtimezone_gives_the_same_offsets_as_the_time_zone_database(client):
    calendar = parse(client.get("/calendar/events.ics"))
    [zone] = calendar.walk("VTIMEZONE")
    from_feed = zone.to_tz()

    for moment in [
        datetime.datetime(2026, 3, 8, 1, 59),
        datetime.datetime(2026, 3, 8, 3, 0),
        datetime.datetime(2026, 7, 4, 12, 0),
        datetime.datetime(2026, 11, 1, 0, 30),
        datetime.datetime(2026, 11, 1, 3, 0),
        datetime.datetime(2031, 12, 24, 18, 0),
    ]:
        expected = moment.replace(tzinfo=LOS_ANGELES).utcoffset()
        assert moment.replace(tzinfo=from_feed).utcoffset() == expected, moment


def test_uids_are_stable_across_builds_and_hosts(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "calendar.example.org"]
    event = FeedEventFactory()

    first = parse(client.get("/calendar/events.ics"))
    second = parse(client.get("/calendar/events.ics", HTTP_HOST="calendar.example.org"))

    assert [str(e["UID"]) for e in vevents(first)] == [str(e["UID"]) for e in vevents(second)]
    assert str(vevents(first)[0]["UID"]) == f"event-{event.uid}@community-services.pasadena-pd"
    assert str(vevents(second)[0]["URL"]).startswith("http://calendar.example.org/")


def test_sequence_and_times_follow_a_change(client):
    event = FeedEventFactory(starts_at=local(in_days(12), 18), ends_at=local(in_days(12), 19))
    parse(client.get("/calendar/events.ics"))

    Event.objects.filter(pk=event.pk).update(
        starts_at=local(in_days(13), 18),
        ends_at=local(in_days(13), 19),
        sequence=1,
        updated_at=timezone.now(),
    )
    [item] = vevents(parse(client.get("/calendar/events.ics")))

    assert item["SEQUENCE"] == 1
    assert item.decoded("DTSTART") == local(in_days(13), 18)


def test_cancelled_event_stays_cancelled_until_past_then_leaves(client):
    FeedEventFactory(
        title="Coffee with a Cop",
        status="cancelled",
        cancellation_reason="The venue is closed.",
        starts_at=local(in_days(3), 9),
        ends_at=local(in_days(3), 10),
    )
    FeedEventFactory(
        title="Past cancelled",
        status="cancelled",
        cancellation_reason="Rain.",
        starts_at=local(in_days(-3), 9),
        ends_at=local(in_days(-3), 10),
    )
    FeedEventFactory(
        title="Past meeting", starts_at=local(in_days(-30), 9), ends_at=local(in_days(-30), 10)
    )
    FeedEventFactory(
        title="Long ago", starts_at=local(in_days(-120), 9), ends_at=local(in_days(-120), 10)
    )

    items = by_summary(parse(client.get("/calendar/events.ics")))

    assert sorted(items) == ["Cancelled: Coffee with a Cop", "Past meeting"]
    assert str(items["Cancelled: Coffee with a Cop"]["STATUS"]) == "CANCELLED"
    assert str(items["Past meeting"]["STATUS"]) == "CONFIRMED"


def test_academy_is_one_weekly_series_with_its_exceptions(client):
    academy = FeedEventFactory(
        kind=Event.Kind.ACADEMY,
        title="Community Police Academy",
        starts_at=local(in_days(7), 18),
        ends_at=local(in_days(7 + 7 * 7), 21),
    )
    for week in range(8):
        if week == 3:
            continue  # holiday break
        day = in_days(7 + 7 * week)
        start, location = local(day, 18), ""
        if week == 5:
            start, location = local(day, 17), "Pasadena Police Department, 207 N Garfield Ave"
        FeedSessionFactory(
            event=academy,
            starts_at=start,
            ends_at=local(day, 21),
            location=location,
        )

    calendar = parse(client.get("/calendar/events.ics"))
    items = vevents(calendar)

    master = next(item for item in items if "RECURRENCE-ID" not in item)
    [moved] = [item for item in items if "RECURRENCE-ID" in item]
    assert len(items) == 2
    assert {str(item["UID"]) for item in items} == {
        f"event-{academy.uid}@community-services.pasadena-pd"
    }
    assert master["RRULE"]["FREQ"] == ["WEEKLY"]
    assert master["RRULE"]["COUNT"] == [8]
    assert master.decoded("DTSTART") == local(in_days(7), 18)
    assert [d.dt for d in master["EXDATE"].dts] == [local(in_days(7 + 21), 18)]
    assert moved.decoded("RECURRENCE-ID") == local(in_days(7 + 35), 18)
    assert moved.decoded("DTSTART") == local(in_days(7 + 35), 17)
    assert str(moved["LOCATION"]) == "Pasadena Police Department, 207 N Garfield Ave"


def test_area_feed_holds_only_that_areas_events(client):
    northwest = AreaFactory(name="Northwest", slug="northwest")
    FeedEventFactory(title="In Northwest", area=northwest)
    FeedEventFactory(title="Elsewhere")

    response = client.get("/calendar/areas/northwest.ics")
    calendar = parse(response)

    assert list(by_summary(calendar)) == ["In Northwest"]
    assert str(calendar["X-WR-CALNAME"]) == "Pasadena Police events: Northwest"


def test_unknown_area_feed_is_not_found(client):
    assert client.get("/calendar/areas/nowhere.ics").status_code == 404


def test_major_events_are_all_day_with_an_exclusive_end(client):
    first = in_days(40)
    MajorEventFactory(
        name="Rose Bowl concert weekend",
        start_date=first,
        end_date=first + datetime.timedelta(days=1),
    )
    MajorEventFactory(name="Long past", start_date=in_days(-200), end_date=in_days(-200))

    items = by_summary(parse(client.get("/calendar/major-events.ics")))
    item = items["Rose Bowl concert weekend"]

    assert "Long past" not in items
    assert item["DTSTART"].params["VALUE"] == "DATE"
    assert item.decoded("DTSTART") == first
    assert item.decoded("DTEND") == first + datetime.timedelta(days=2)
    assert str(item["TRANSP"]) == "TRANSPARENT"


def test_major_event_sequence_grows_when_its_days_change(client):
    event = MajorEventFactory(name="Concert", start_date=in_days(40), end_date=in_days(40))
    before = by_summary(parse(client.get("/calendar/major-events.ics")))["Concert"]["SEQUENCE"]

    MajorEvent.objects.filter(pk=event.pk).update(
        start_date=in_days(41),
        end_date=in_days(41),
        updated_at=timezone.now() + datetime.timedelta(seconds=2),
    )
    after = by_summary(parse(client.get("/calendar/major-events.ics")))["Concert"]["SEQUENCE"]

    assert after > before


def test_single_event_calendar(client):
    event = FeedEventFactory(title="Business Watch breakfast", slug="business-watch-breakfast")

    calendar = parse(client.get("/events/business-watch-breakfast.ics"))

    [item] = vevents(calendar)
    assert str(item["UID"]) == f"event-{event.uid}@community-services.pasadena-pd"
    assert str(calendar["X-WR-CALNAME"]) == "Business Watch breakfast"


def test_unpublished_event_calendar_is_not_found(client):
    FeedEventFactory(slug="draft", published=False)
    assert client.get("/events/draft.ics").status_code == 404


def test_head_and_post(client):
    assert client.head("/calendar/events.ics").status_code == 200
    assert client.post("/calendar/events.ics").status_code == 405


def _feed_queries(client, count):
    """Queries of a cold build and of a rebuild after one change, for `count` events."""
    Event.objects.all().delete()
    lru.clear()
    body_memo.clear()
    area = AreaFactory()
    FeedEventFactory.create_batch(count, area=area)
    academy = FeedEventFactory(kind=Event.Kind.ACADEMY, area=area)
    for week in range(3):
        day = in_days(7 * week + 7)
        FeedSessionFactory(event=academy, starts_at=local(day, 18), ends_at=local(day, 21))

    with CaptureQueriesContext(connection) as cold:
        cold_response = client.get("/calendar/events.ics")
    Event.objects.filter(pk=academy.pk).update(title="Academy, changed", updated_at=timezone.now())
    with CaptureQueriesContext(connection) as changed:
        changed_response = client.get("/calendar/events.ics")

    assert len(vevents(parse(cold_response))) == count + 1
    assert "Academy, changed" in by_summary(parse(changed_response))
    return len(cold), len(changed)


def test_queries_do_not_grow_with_the_number_of_events(client):
    one = _feed_queries(client, 1)
    thirty = _feed_queries(client, 30)

    assert one == thirty
    # Validators, the feed's new Last-Modified, versions, shared cache read, events, their
    # sessions, and the cache write (an upsert in a savepoint: three statements).
    assert thirty[0] <= 9


def test_conditional_get_answers_304_in_one_query_without_rendering(client):
    FeedEventFactory.create_batch(3)
    first = client.get("/calendar/events.ics")

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert len(queries) <= 2


def test_if_modified_since_alone_also_answers_304(client):
    FeedEventFactory()
    first = client.get("/calendar/events.ics")

    again = client.get("/calendar/events.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert again.status_code == 304


def test_a_change_gives_a_new_etag_and_the_new_content(client):
    event = FeedEventFactory(title="Before")
    first = client.get("/calendar/events.ics")
    Event.objects.filter(pk=event.pk).update(title="After", updated_at=timezone.now())

    again = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert list(by_summary(parse(again))) == ["After"]


def test_public_feeds_may_be_cached_but_revalidated(client):
    response = client.get("/calendar/events.ics")
    assert set(response["Cache-Control"].split(", ")) == {"public", "no-cache"}


def test_unchanged_feed_polled_without_validators_costs_one_query(client):
    FeedEventFactory.create_batch(3)
    first = client.get("/calendar/events.ics")

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/calendar/events.ics")

    assert again.content == first.content
    assert len(queries) == 1


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_IF_NONE_MATCH": "garbage"},
        {"HTTP_IF_MODIFIED_SINCE": "not a date"},
        {"HTTP_IF_NONE_MATCH": '"' + "x" * 5000 + '"'},
    ],
)
def test_odd_validators_get_the_whole_feed(client, headers):
    FeedEventFactory(title="Still here")

    response = client.get("/calendar/events.ics", **headers)

    assert response.status_code == 200
    assert list(by_summary(parse(response))) == ["Still here"]


def test_a_public_feed_is_sent_compressed_to_clients_that_take_it(client):
    for number in range(12):
        FeedEventFactory(title=f"Neighborhood Watch meeting {number}")
    plain = client.get("/calendar/events.ics")
    compressed = client.get("/calendar/events.ics", HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 2
    assert "Accept-Encoding" in plain["Vary"] and "Accept-Encoding" in compressed["Vary"]
    # The compressed copy's validator still answers the client's next poll with a 304.
    again = client.get(
        "/calendar/events.ics",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_IF_NONE_MATCH=compressed["ETag"],
    )
    assert again.status_code == 304
