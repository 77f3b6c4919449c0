import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from psycopg.types.range import Range

from outreach.models import ResourceBooking
from outreach.permissions import LinkHolder
from outreach.services.bookings import (
    ResourceUnavailable,
    allocate_bookings,
    confirm_booking,
    window_of,
)
from outreach.services.submission import (
    ConfirmationRefused,
    confirm_request,
    submit_request,
)
from pasadena_pd.workflow import TransitionError
from tests.outreach.factories import PresentationRequestFactory, next_weekday


@pytest.mark.django_db
def test_database_refuses_two_bookings_of_one_unit_for_overlapping_windows(area, special_resources):
    helicopter = special_resources["helicopter"]
    first = PresentationRequestFactory(area=area)
    second = PresentationRequestFactory(area=area, date=first.date, start_time=datetime.time(19))
    window = window_of(first)
    ResourceBooking.objects.create(
        request=first,
        resource=helicopter,
        unit_number=1,
        unit_key=helicopter.pk * 1000 + 1,
        window=window,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ResourceBooking.objects.create(
            request=second,
            resource=helicopter,
            unit_number=1,
            unit_key=helicopter.pk * 1000 + 1,
            window=window_of(second),
        )
    # Back to back is fine ([) windows), and so is a released booking.
    later = Range(window.upper, window.upper + datetime.timedelta(hours=1), bounds="[)")
    ResourceBooking.objects.create(
        request=second,
        resource=helicopter,
        unit_number=1,
        unit_key=helicopter.pk * 1000 + 1,
        window=later,
    )


@pytest.mark.django_db
def test_allocation_takes_the_next_free_unit_then_refuses(area, special_resources):
    k9 = special_resources["k9"]  # two units
    day = next_weekday(30)
    requests = [PresentationRequestFactory(area=area, date=day, resources=[k9]) for _ in range(3)]
    with transaction.atomic():
        assert [b.unit_number for b in allocate_bookings(requests[0])] == [1]
        assert [b.unit_number for b in allocate_bookings(requests[1])] == [2]
    with pytest.raises(ResourceUnavailable), transaction.atomic():
        allocate_bookings(requests[2])
    assert ResourceBooking.objects.count() == 2


@pytest.mark.django_db
def test_only_event_coordinators_confirm_bookings(area, special_resources, coordinator, supervisor):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    [booking] = allocate_bookings(request)
    with pytest.raises(TransitionError):
        confirm_booking(booking, by=supervisor)
    confirm_booking(booking, by=coordinator)
    booking.refresh_from_db()
    assert (booking.state, booking.confirmed_by) == ("confirmed", coordinator)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_the_last_unit_exactly_one_wins(area, special_resources):
    """Several threads, each with its own connection, submit and confirm at the same moment."""
    from django.utils import timezone

    day = next_weekday(60)
    helicopter = special_resources["helicopter"]
    today = timezone.localdate()
    contenders = 6
    barrier = threading.Barrier(contenders)
    # Everyone submits before anyone confirms: a submission checked after another's
    # confirmation would be refused by the rules, never reaching the race under test.
    all_submitted = threading.Barrier(contenders)
    outcomes = []

    def submit(number):
        try:
            barrier.wait(timeout=10)
            submission = submit_request(
                data={
                    "kind": "community_event",
                    "title": f"Fair {number}",
                    "date": day,
                    "start_time": datetime.time(10),
                    "end_time": datetime.time(14),
                    "area": area,
                    "location": "Central Park",
                    "expected_attendance": 200,
                    "resources": [helicopter],
                    "contact_name": "Rosa",
                    "contact_email": f"rosa{number}@example.org",
                    "contact_phone": "626-555-0100",
                },
                submission_key=f"concurrent-key-{number:04d}-xxxxxxxx",
                today=today,
            )
            # The unit is booked when the address confirms: the confirmations race.
            request = submission.request
            all_submitted.wait(timeout=60)
            try:
                confirm_request(request, by=LinkHolder(request.token, "requester"))
            except ConfirmationRefused:
                outcomes.append(["resource_unavailable"])
            else:
                outcomes.append("won")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(contenders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("won") == 1
    assert sorted(map(str, outcomes)) == sorted(
        ["won"] + [str(["resource_unavailable"])] * (contenders - 1)
    )
    assert ResourceBooking.objects.filter(resource=helicopter).count() == 1
