"""Every change that removes, moves or cancels an item makes both validators of every feed
that held it move forward, so that clients sending only If-Modified-Since see it too."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from events.models import BlockParty, Event
from events.services.block_parties import decide_block_party
from events.services.events import apply_event_changes, cancel_event
from outreach.models import MajorEvent, PresentationRequest, RequestPolicy, ResourceBooking
from outreach.services.decisions import reschedule_request
from outreach.services.submission import REQUESTER, cancel_request
from pasadena_pd.feed_tokens import create_feed_token
from pasadena_pd.permissions import LinkHolder
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES
from pasadena_pd.workflow import record_state_change
from tests.factories import AreaFactory, MajorEventFactory, SpecialistFactory, UserFactory
from tests.feeds.factories import (
    ApprovedBlockPartyFactory,
    FeedEventFactory,
    FeedSessionFactory,
    ResourceBookingFactory,
    ScheduledRequestFactory,
    local,
)
from tests.feeds.helpers import by_summary, parse, vevents
from tests.security.otp import totp_device_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel(datetime.datetime(2027, 8, 3, 10, tzinfo=datetime.UTC), tick=True):
        yield


def poll(client, path, previous=None):
    """A calendar app's poll with only If-Modified-Since (the validator that used to stall)."""
    headers = {}
    if previous is not None:
        headers["HTTP_IF_MODIFIED_SINCE"] = previous["Last-Modified"]
    return client.get(path, **headers)


def assert_moved_forward(before, after):
    assert after.status_code in (200, 404), after.status_code
    if after.status_code == 404:  # the feed is gone: nothing left to revalidate
        return
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])


def test_unchanged_feed_answers_304_to_if_modified_since(client):
    FeedEventFactory()
    first = poll(client, "/calendar/events.ics")

    again = poll(client, "/calendar/events.ics", first)

    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


def test_unpublishing_an_event_moves_every_feed_that_held_it(client):
    area = AreaFactory(slug="northwest")
    FeedEventFactory(title="Kept", area=area)
    event = FeedEventFactory(title="Withdrawn", slug="withdrawn", area=area)
    feeds = ["/calendar/events.ics", "/calendar/areas/northwest.ics", "/events/withdrawn.ics"]
    before = {path: poll(client, path) for path in feeds}

    Event.objects.filter(pk=event.pk).update(published=False, updated_at=timezone.now())

    for path in feeds:
        after = poll(client, path, before[path])
        assert_moved_forward(before[path], after)
        if after.status_code == 200:
            assert "Withdrawn" not in by_summary(parse(after))
    assert poll(client, "/events/withdrawn.ics").status_code == 404


def test_moving_an_event_to_another_area_moves_the_old_areas_feed(client):
    old, new = AreaFactory(slug="old-area"), AreaFactory(slug="new-area")
    FeedEventFactory(title="Stays", area=old)
    event = FeedEventFactory(title="Moves", area=old)
    before = poll(client, "/calendar/areas/old-area.ics")

    event.area = new
    event.save()

    after = poll(client, "/calendar/areas/old-area.ics", before)
    assert_moved_forward(before, after)
    assert list(by_summary(parse(after))) == ["Stays"]


def test_cancelling_an_event_moves_its_feeds(client):
    event = FeedEventFactory(title="Called off", slug="called-off")
    feeds = ["/calendar/events.ics", "/events/called-off.ics"]
    before = {path: poll(client, path) for path in feeds}

    cancel_event(event, reason="Rain", by=UserFactory(roles=[EVENT_COORDINATORS]))

    for path in feeds:
        after = poll(client, path, before[path])
        assert_moved_forward(before[path], after)
        [item] = by_summary(parse(after)).values()
        assert str(item["STATUS"]) == "CANCELLED"


def test_deleting_a_major_event_moves_the_major_events_feed(client):
    concert = MajorEventFactory(name="Concert", start_date=timezone.localdate())
    before = poll(client, "/calendar/major-events.ics")

    MajorEvent.objects.filter(pk=concert.pk).delete()

    after = poll(client, "/calendar/major-events.ics", before)
    assert_moved_forward(before, after)
    assert "Concert" not in by_summary(parse(after))


def test_cancelling_or_moving_a_request_moves_the_requesters_and_the_specialists_feeds(client):
    area, elsewhere = AreaFactory(), AreaFactory()
    user = UserFactory(roles=[NEIGHBORHOOD_SERVICES])
    SpecialistFactory(area=area, user=user)
    totp_device_for(user)  # a feed answers while its owner holds an authenticator app
    totp_device_for(user)  # a feed answers while its owner holds an authenticator app
    private = f"/calendar/private/{create_feed_token(owner=user, by=user).token}.ics"
    moved = ScheduledRequestFactory(title="Moved away", area=area)
    cancelled = ScheduledRequestFactory(title="Cancelled one", area=area)
    own = f"/outreach/requests/{cancelled.token}.ics"
    before = {path: poll(client, path) for path in (private, own)}

    moved.area = elsewhere
    moved.save()
    PresentationRequest.objects.filter(pk=cancelled.pk).update(
        status=PresentationRequest.Status.COMPLETED, updated_at=timezone.now()
    )
    after = poll(client, private, before[private])
    assert_moved_forward(before[private], after)
    assert "Moved away" not in by_summary(parse(after))
    assert_moved_forward(before[own], poll(client, own, before[own]))


def test_releasing_a_resource_moves_the_coordinators_feed(client):
    coordinator = UserFactory(roles=[EVENT_COORDINATORS])
    totp_device_for(coordinator)  # a feed answers while its owner holds an authenticator app
    totp_device_for(coordinator)  # a feed answers while its owner holds an authenticator app
    path = f"/calendar/private/{create_feed_token(owner=coordinator, by=coordinator).token}.ics"
    booking = ResourceBookingFactory(request__title="Parade")
    before = poll(client, path)

    booking.state = ResourceBooking.State.RELEASED
    booking.save()

    after = poll(client, path, before)
    assert_moved_forward(before, after)
    assert str(by_summary(parse(after))["Cancelled: Special resources: Parade"]["STATUS"]) == (
        "CANCELLED"
    )


def test_last_modified_never_goes_back(client):
    FeedEventFactory(title="Older")
    newer = FeedEventFactory(title="Newer")
    first = poll(client, "/calendar/events.ics")

    newer.delete()  # the newest row leaves: the latest update time drops

    second = poll(client, "/calendar/events.ics", first)
    assert second.status_code == 200
    assert parse_http_date(second["Last-Modified"]) >= parse_http_date(first["Last-Modified"])
    assert http_date(parse_http_date(second["Last-Modified"])) == second["Last-Modified"]


# --- One test per kind of change that removes, moves or cancels an item ----------------------


def private_feed_of(*roles, area=None) -> str:
    user = UserFactory(roles=list(roles))
    if area is not None:
        SpecialistFactory(area=area, user=user)
    totp_device_for(user)  # a feed answers while its owner holds an authenticator app
    return f"/calendar/private/{create_feed_token(owner=user, by=user).token}.ics"


def assert_every_feed_moved(client, before: dict) -> dict:
    after = {path: poll(client, path, before[path]) for path in before}
    for path in before:
        assert_moved_forward(before[path], after[path])
    return after


def test_cancelling_an_event_moves_its_area_feed_too(client):
    area = AreaFactory(slug="east")
    event = FeedEventFactory(title="Rained out", area=area)
    before = {"/calendar/areas/east.ics": poll(client, "/calendar/areas/east.ics")}

    cancel_event(event, reason="Rain", by=UserFactory(roles=[EVENT_COORDINATORS]))

    after = assert_every_feed_moved(client, before)
    [item] = by_summary(parse(after["/calendar/areas/east.ics"])).values()
    assert str(item["STATUS"]) == "CANCELLED"


def test_deleting_an_event_moves_every_feed_that_held_it(client):
    area = AreaFactory(slug="south")
    FeedEventFactory(title="Kept", area=area)
    event = FeedEventFactory(title="Deleted", slug="deleted", area=area)
    feeds = ["/calendar/events.ics", "/calendar/areas/south.ics", "/events/deleted.ics"]
    before = {path: poll(client, path) for path in feeds}

    event.delete()

    after = assert_every_feed_moved(client, before)
    assert after["/events/deleted.ics"].status_code == 404
    assert list(by_summary(parse(after["/calendar/events.ics"]))) == ["Kept"]


def test_moving_an_event_to_another_time_moves_its_feeds(client):
    area = AreaFactory(slug="west")
    event = FeedEventFactory(title="Moved", slug="moved", area=area)
    feeds = ["/calendar/events.ics", "/calendar/areas/west.ics", "/events/moved.ics"]
    before = {path: poll(client, path) for path in feeds}

    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()
    apply_event_changes(event, changed={"starts_at", "ends_at"})

    after = assert_every_feed_moved(client, before)
    [item] = vevents(parse(after["/events/moved.ics"]))
    assert item.decoded("DTSTART") == event.starts_at
    assert item["SEQUENCE"] == 1


def test_removing_or_moving_a_session_moves_the_series_feeds(client):
    academy = FeedEventFactory(title="Academy", slug="academy", kind=Event.Kind.ACADEMY)
    first = local(datetime.date(2027, 9, 7), 18)
    sessions = [
        FeedSessionFactory(
            event=academy,
            starts_at=first + datetime.timedelta(weeks=week),
            ends_at=first + datetime.timedelta(weeks=week, hours=3),
        )
        for week in range(4)
    ]
    feeds = ["/calendar/events.ics", "/events/academy.ics"]
    before = {path: poll(client, path) for path in feeds}

    sessions[3].delete()  # the last week is dropped: the series is one week shorter

    middle = {path: poll(client, path, before[path]) for path in feeds}
    for path in feeds:
        assert_moved_forward(before[path], middle[path])
    [series] = vevents(parse(middle["/events/academy.ics"]))
    assert series["RRULE"]["COUNT"] == [3]

    sessions[1].starts_at += datetime.timedelta(hours=1)
    sessions[1].save()

    after = assert_every_feed_moved(client, middle)
    assert len(vevents(parse(after["/events/academy.ics"]))) == 2  # the series and its move


def test_moving_a_major_event_to_other_days_moves_the_major_events_feed(client):
    concert = MajorEventFactory(name="Concert", start_date=datetime.date(2027, 9, 10))
    before = poll(client, "/calendar/major-events.ics")

    concert.start_date = concert.end_date = datetime.date(2027, 9, 12)
    concert.save()

    after = poll(client, "/calendar/major-events.ics", before)
    assert_moved_forward(before, after)
    assert by_summary(parse(after))["Concert"].decoded("DTSTART") == datetime.date(2027, 9, 12)


def test_a_shorter_booking_horizon_moves_the_major_events_feed(client):
    before = poll(client, "/calendar/major-events.ics")
    days = len(vevents(parse(before)))

    RequestPolicy.objects.update_or_create(pk=1, defaults={"max_advance_days": 30})

    after = poll(client, "/calendar/major-events.ics", before)
    assert_moved_forward(before, after)
    assert len(vevents(parse(after))) < days  # a year of built-in days fewer


def test_cancelling_a_request_moves_the_requesters_specialists_and_coordinators_feeds(client):
    area = AreaFactory()
    booking = ResourceBookingFactory(request__title="Cancelled talk", request__area=area)
    request = booking.request
    record_state_change(request, "", PresentationRequest.Status.SCHEDULED)
    feeds = [
        f"/outreach/requests/{request.token}.ics",
        private_feed_of(NEIGHBORHOOD_SERVICES, area=area),
        private_feed_of(EVENT_COORDINATORS),
    ]
    before = {path: poll(client, path) for path in feeds}

    # The requester cancels on their private page.
    cancel_request(request, by=LinkHolder(request.token, REQUESTER), reason="Another date")

    after = assert_every_feed_moved(client, before)
    for path in feeds:
        [item] = vevents(parse(after[path]))
        assert str(item["STATUS"]) == "CANCELLED"


def test_moving_a_request_to_another_day_moves_its_feeds(client):
    area = AreaFactory()
    request = ScheduledRequestFactory(title="Moved talk", area=area, date=datetime.date(2027, 9, 8))
    feeds = [
        f"/outreach/requests/{request.token}.ics",
        private_feed_of(NEIGHBORHOOD_SERVICES, area=area),
    ]
    before = {path: poll(client, path) for path in feeds}

    reschedule_request(
        request,
        by=UserFactory(roles=[NEIGHBORHOOD_SERVICES]),
        date=datetime.date(2027, 9, 9),
        start_time=datetime.time(18),
        end_time=datetime.time(19),
        location=request.location,
    )

    after = assert_every_feed_moved(client, before)
    for path in feeds:
        [item] = vevents(parse(after[path]))
        assert item.decoded("DTSTART") == local(datetime.date(2027, 9, 9), 18)


def test_cancelling_a_block_party_moves_the_coordinators_and_specialists_feeds(client):
    area = AreaFactory()
    party = ApprovedBlockPartyFactory(street_name="Mar Vista Ave", area=area)
    record_state_change(party, BlockParty.Status.PENDING, BlockParty.Status.APPROVED)
    feeds = [private_feed_of(EVENT_COORDINATORS), private_feed_of(NEIGHBORHOOD_SERVICES, area=area)]
    before = {path: poll(client, path) for path in feeds}

    # The host cancels on their private page.
    decide_block_party(party, BlockParty.Status.CANCELLED, by=LinkHolder(party.token, "host"))

    after = assert_every_feed_moved(client, before)
    for path in feeds:
        [item] = vevents(parse(after[path]))
        assert str(item["STATUS"]) == "CANCELLED"


def test_moving_a_block_party_to_another_area_moves_the_old_areas_feed(client):
    old, new = AreaFactory(), AreaFactory()
    party = ApprovedBlockPartyFactory(street_name="Mar Vista Ave", area=old)
    path = private_feed_of(NEIGHBORHOOD_SERVICES, area=old)
    before = poll(client, path)

    party.area = new
    party.save()

    after = poll(client, path, before)
    assert_moved_forward(before, after)
    assert vevents(parse(after)) == []


@pytest.mark.django_db(transaction=True)
def test_a_public_feed_polled_again_costs_no_query_and_shows_a_change_at_once(client, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.FRAGMENT_CACHE_SECONDS = 60
    cache.clear()
    event = FeedEventFactory(title="Villa Parke meeting")
    first = poll(client, "/calendar/events.ics")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    # (The tests' cache is the database's: its one read of the data version is not the feed's.)
    assert [q["sql"] for q in queries if "django_cache" not in q["sql"]] == []

    event.title = "Villa Parke meeting (new room)"
    event.save()
    changed = client.get("/calendar/events.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Villa Parke meeting (new room)" in by_summary(parse(changed))
