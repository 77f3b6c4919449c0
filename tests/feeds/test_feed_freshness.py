"""Every change that removes, moves or cancels an item makes both validators of every feed
that held it move forward, so that clients sending only If-Modified-Since see it too."""

import datetime

import pytest
import time_machine
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from events.models import Event
from events.services.events import cancel_event
from outreach.models import MajorEvent, PresentationRequest, ResourceBooking
from pasadena_pd.feed_tokens import create_feed_token
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES
from tests.factories import AreaFactory, MajorEventFactory, SpecialistFactory, UserFactory
from tests.feeds.factories import EventFactory, PresentationRequestFactory, ResourceBookingFactory
from tests.feeds.helpers import by_summary, parse
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
    EventFactory()
    first = poll(client, "/calendar/events.ics")

    again = poll(client, "/calendar/events.ics", first)

    assert again.status_code == 304
    assert again["Last-Modified"] == first["Last-Modified"]


def test_unpublishing_an_event_moves_every_feed_that_held_it(client):
    area = AreaFactory(slug="northwest")
    EventFactory(title="Kept", area=area)
    event = EventFactory(title="Withdrawn", slug="withdrawn", area=area)
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
    EventFactory(title="Stays", area=old)
    event = EventFactory(title="Moves", area=old)
    before = poll(client, "/calendar/areas/old-area.ics")

    event.area = new
    event.save()

    after = poll(client, "/calendar/areas/old-area.ics", before)
    assert_moved_forward(before, after)
    assert list(by_summary(parse(after))) == ["Stays"]


def test_cancelling_an_event_moves_its_feeds(client):
    event = EventFactory(title="Called off", slug="called-off")
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
    private = f"/calendar/private/{create_feed_token(owner=user, by=user).token}.ics"
    moved = PresentationRequestFactory(title="Moved away", area=area)
    cancelled = PresentationRequestFactory(title="Cancelled one", area=area)
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
    EventFactory(title="Older")
    newer = EventFactory(title="Newer")
    first = poll(client, "/calendar/events.ics")

    newer.delete()  # the newest row leaves: the latest update time drops

    second = poll(client, "/calendar/events.ics", first)
    assert second.status_code == 200
    assert parse_http_date(second["Last-Modified"]) >= parse_http_date(first["Last-Modified"])
    assert http_date(parse_http_date(second["Last-Modified"])) == second["Last-Modified"]
