import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from outreach.models import PresentationRequest, ResourceBooking
from pasadena_pd.feed_tokens import create_feed_token, revoke_feed_token
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS
from pasadena_pd.workflow import record_state_change
from tests.factories import AreaFactory, SpecialistFactory, UserFactory
from tests.feeds.factories import (
    ApprovedBlockPartyFactory,
    ResourceBookingFactory,
    ScheduledRequestFactory,
    in_days,
)
from tests.feeds.helpers import by_summary, parse
from tests.security.otp import totp_device_for

pytestmark = pytest.mark.django_db


def feed_of(user):
    totp_device_for(user)  # every role that opens these records signs in with a device
    return f"/calendar/private/{create_feed_token(owner=user, by=user).token}.ics"


@pytest.fixture
def northwest():
    return AreaFactory(name="Northwest", slug="northwest")


@pytest.fixture
def specialist(northwest):
    user = UserFactory(first_name="Luis", last_name="Ramírez", roles=[NEIGHBORHOOD_SERVICES])
    SpecialistFactory(area=northwest, user=user, name="Officer Luis Ramírez")
    return user


def test_specialist_sees_their_areas_scheduled_requests_with_contacts(
    client, specialist, northwest
):
    ScheduledRequestFactory(title="Watch meeting on Orange Grove", area=northwest)
    ScheduledRequestFactory(title="Pending one", area=northwest, status="pending_review")
    ScheduledRequestFactory(title="Other area")

    response = client.get(feed_of(specialist))
    items = by_summary(parse(response))

    assert list(items) == ["Watch meeting on Orange Grove"]
    item = items["Watch meeting on Orange Grove"]
    assert str(item["CONTACT"]) == "Rosa Peña, 626-555-0199, rosa@example.org"
    assert "Rosa Peña" in str(item["DESCRIPTION"])
    assert str(item["CLASS"]) == "PRIVATE"
    assert str(item["URL"]).startswith("http://testserver/admin/")
    assert str(parse(response)["X-WR-CALNAME"]) == "Community Services work: Luis Ramírez"


def test_private_feed_is_private_and_revalidated(client, specialist):
    response = client.get(feed_of(specialist))

    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


def test_request_cancelled_after_scheduling_stays_cancelled_until_past(
    client, specialist, northwest
):
    cancelled = ScheduledRequestFactory(title="Called off", area=northwest, status="cancelled")
    record_state_change(cancelled, "pending_review", "scheduled")
    never_scheduled = ScheduledRequestFactory(
        title="Withdrawn early", area=northwest, status="cancelled"
    )
    record_state_change(never_scheduled, "pending_review", "cancelled")
    past = ScheduledRequestFactory(
        title="Called off long ago", area=northwest, status="cancelled", date=in_days(-2)
    )
    record_state_change(past, "pending_review", "scheduled")

    items = by_summary(parse(client.get(feed_of(specialist))))

    assert list(items) == ["Cancelled: Called off"]
    assert str(items["Cancelled: Called off"]["STATUS"]) == "CANCELLED"


def test_coordinator_sees_block_parties_and_requests_holding_resources(client, northwest):
    coordinator = UserFactory(roles=[EVENT_COORDINATORS])
    ApprovedBlockPartyFactory(street_name="N Los Robles Ave", area=northwest)
    ApprovedBlockPartyFactory(street_name="Pending Street", status="pending")
    booking = ResourceBookingFactory(request__title="Health fair")
    ScheduledRequestFactory(title="Not for coordinators")

    items = by_summary(parse(client.get(feed_of(coordinator))))

    assert sorted(items) == ["Block party: N Los Robles Ave", "Special resources: Health fair"]
    party = items["Block party: N Los Robles Ave"]
    assert "José Ibáñez" in str(party["CONTACT"])
    fair = items["Special resources: Health fair"]
    assert fair.decoded("DTSTART") == booking.window.lower
    assert "K-9 officer #1: Pending pre-planning" in str(fair["DESCRIPTION"])
    assert "Rosa Peña" not in fair.to_ical().decode()  # no requester contact for coordinators


def test_pending_resources_and_unreviewed_requests_are_tentative(client, today):
    today("2027-05-12")  # a Wednesday: the three requests fall on weekdays
    coordinator = UserFactory(roles=[EVENT_COORDINATORS])
    ResourceBookingFactory(
        request__title="Unreviewed",
        request__date=in_days(21),
        request__status=PresentationRequest.Status.PENDING_REVIEW,
        state=ResourceBooking.State.CONFIRMED,
    )
    ResourceBookingFactory(request__title="Scheduled, K-9 pending", request__date=in_days(22))
    ResourceBookingFactory(
        request__title="All settled",
        request__date=in_days(23),
        state=ResourceBooking.State.CONFIRMED,
    )

    items = by_summary(parse(client.get(feed_of(coordinator))))

    assert {name: str(item["STATUS"]) for name, item in items.items()} == {
        "Special resources: Unreviewed": "TENTATIVE",
        "Special resources: Scheduled, K-9 pending": "TENTATIVE",
        "Special resources: All settled": "CONFIRMED",
    }


def test_supervisor_sees_a_request_and_its_resources_as_one_item(client, northwest):
    supervisor = UserFactory(roles=[SUPERVISORS])
    booking = ResourceBookingFactory(request__title="Health fair", request__area=northwest)

    items = by_summary(parse(client.get(feed_of(supervisor))))

    assert list(items) == ["Health fair"]
    fair = items["Health fair"]
    assert str(fair["UID"]) == f"request-{booking.request.uid}@community-services.pasadena-pd"
    assert "K-9 officer #1: Pending pre-planning" in str(fair["DESCRIPTION"])
    assert "Rosa Peña" in str(fair["CONTACT"])
    assert str(fair["STATUS"]) == "TENTATIVE"


def test_released_booking_is_cancelled_until_past(client):
    coordinator = UserFactory(roles=[EVENT_COORDINATORS])
    ResourceBookingFactory(request__title="Parade", state=ResourceBooking.State.RELEASED)

    items = by_summary(parse(client.get(feed_of(coordinator))))

    assert str(items["Cancelled: Special resources: Parade"]["STATUS"]) == "CANCELLED"


def test_supervisor_sees_every_area(client, northwest):
    supervisor = UserFactory(roles=[SUPERVISORS])
    ScheduledRequestFactory(title="North", area=northwest)
    ScheduledRequestFactory(title="Elsewhere")

    items = by_summary(parse(client.get(feed_of(supervisor))))

    assert sorted(items) == ["Elsewhere", "North"]


def test_staff_without_a_role_get_no_feed(client):
    ScheduledRequestFactory()

    response = client.get(feed_of(UserFactory()))

    assert response.status_code == 404
    assert "Rosa" not in response.text


# Reproduction 5 (issue 13): a feed answers only while its owner could still see the same
# records in the site.
def _lose_staff_flag(user):
    user.is_staff = False
    user.save()


def _lose_account(user):
    user.is_active = False
    user.save()


def _lose_role(user):
    user.groups.clear()


def _lose_device(user):
    user.totpdevice_set.all().delete()


@pytest.mark.parametrize(
    "change", [_lose_staff_flag, _lose_account, _lose_role, _lose_device], ids=lambda f: f.__name__
)
def test_a_private_feed_stops_answering_once_its_owner_could_not_see_the_records(
    client, specialist, northwest, change
):
    ScheduledRequestFactory(title="Watch meeting on Orange Grove", area=northwest)
    path = feed_of(specialist)
    assert "rosa@example.org" in client.get(path).text

    change(specialist)
    response = client.get(path)

    assert response.status_code == 404
    assert "rosa@example.org" not in response.text
    assert "Orange Grove" not in response.text


def test_unknown_token_is_not_found(client):
    assert client.get("/calendar/private/not-a-real-token-at-all-0123456789.ics").status_code == 404


def test_revoked_token_is_not_found(client, specialist):
    token = create_feed_token(owner=specialist, by=specialist)
    revoke_feed_token(token, by=specialist)

    assert client.get(token.get_absolute_url()).status_code == 404


def test_token_of_a_deactivated_user_is_not_found(client, specialist):
    path = feed_of(specialist)
    specialist.is_active = False
    specialist.save()

    assert client.get(path).status_code == 404


def test_private_304_costs_at_most_two_queries(client, specialist, northwest):
    ScheduledRequestFactory.create_batch(3, area=northwest)
    path = feed_of(specialist)
    first = client.get(path)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert set(again["Cache-Control"].split(", ")) == {"private", "no-cache"}
    assert len(queries) <= 2


def test_private_feed_follows_a_change(client, specialist, northwest):
    request = ScheduledRequestFactory(title="Before", area=northwest)
    path = feed_of(specialist)
    first = client.get(path)
    PresentationRequest.objects.filter(pk=request.pk).update(
        title="After", sequence=1, updated_at=timezone.now()
    )

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert list(by_summary(parse(again))) == ["After"]


def test_requester_calendar_of_a_scheduled_request(client, northwest):
    SpecialistFactory(area=northwest, name="Officer Maria Delgado", phone="626-744-4501")
    request = ScheduledRequestFactory(title="Reunión de vecinos", area=northwest)

    response = client.get(f"/outreach/requests/{request.token}.ics")
    [item] = parse(response).walk("VEVENT")

    assert str(item["SUMMARY"]) == "Reunión de vecinos"
    assert str(item["CONTACT"]) == "Officer Maria Delgado, 626-744-4501"
    assert "rosa@example.org" not in response.content.decode()
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-cache"}


@pytest.mark.parametrize("status", ["pending_review", "declined"])
def test_requester_calendar_of_an_unscheduled_request_is_not_found(client, status):
    request = ScheduledRequestFactory(status=status)
    assert client.get(f"/outreach/requests/{request.token}.ics").status_code == 404


def test_a_private_feed_is_never_compressed(client, specialist, northwest):
    for number in range(8):
        ScheduledRequestFactory(area=northwest, title=f"Block meeting {number}")
    response = client.get(feed_of(specialist), HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"BEGIN:VCALENDAR" in response.content
