"""Concurrent requests for overlapping special resources (issue 18, drill 7).

Measured before the fix: 30 parallel requests for a K-9 unit and the Mobile Substation gave
5 answers of 500 (DeadlockDetected on the bookings' exclusion constraint).
"""

import datetime
import itertools
import threading

import pytest
from django.db import connection
from django.utils import timezone

from outreach.models import ResourceBooking
from outreach.permissions import LinkHolder
from outreach.services.submission import ConfirmationRefused, confirm_request, submit_request
from tests.outreach.factories import next_weekday

# Every window overlaps every other (all hold 12:00-14:00), so each resource can be granted
# at most as many times as it has units.
WINDOWS = [(10, 14), (11, 15), (12, 16)]


def _every_combination(resources):
    return [
        list(combination)
        for size in range(1, len(resources) + 1)
        for combination in itertools.combinations(resources, size)
    ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_for_overlapping_resources_never_fail_nor_overbook(
    area, special_resources
):
    day = next_weekday(60)  # beyond every resource's lead time
    today = timezone.localdate()
    resources = list(special_resources.values())
    # Each of the 15 combinations twice, in two orders of the list, so that requests for the
    # same resources meet both ways round.
    wanted = _every_combination(resources) + [
        list(reversed(c)) for c in _every_combination(resources)
    ]
    barrier = threading.Barrier(len(wanted))
    # Everyone submits before anyone confirms: a submission checked after another's
    # confirmation would be refused by the rules, never reaching the race under test.
    all_submitted = threading.Barrier(len(wanted))
    outcomes, errors = {}, []

    def submit(number, asked):
        start, end = WINDOWS[number % len(WINDOWS)]
        try:
            barrier.wait(timeout=30)
            submission = submit_request(
                data={
                    "kind": "community_event",
                    "title": f"Fair {number}",
                    "date": day,
                    "start_time": datetime.time(start),
                    "end_time": datetime.time(end),
                    "area": area,
                    "location": "Central Park",
                    "expected_attendance": 200,
                    "resources": asked,
                    "contact_name": "Rosa",
                    "contact_email": f"rosa{number}@example.org",
                    "contact_phone": "626-555-0100",
                },
                submission_key=f"overlap-key-{number:04d}-xxxxxxxxxxxx",
                today=today,
            )
            # Units are booked when the address confirms: the confirmations race.
            request = submission.request
            all_submitted.wait(timeout=60)
            try:
                confirm_request(request, by=LinkHolder(request.token, "requester"))
            except ConfirmationRefused as refused:
                outcomes[number] = (request, str(refused))
            else:
                outcomes[number] = (request, "")
        except Exception as error:  # a 500 in the view
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(number, asked)) for number, asked in enumerate(wanted)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(outcomes) == len(wanted)
    active = ResourceBooking.objects.filter(state__in=ResourceBooking.ACTIVE_STATES)
    for resource in resources:
        granted = active.filter(resource=resource)
        assert granted.count() <= resource.units, resource.code
        assert len({b.unit_number for b in granted}) == granted.count(), resource.code
    # All or nothing: an accepted request holds one unit of each resource it asked for; a
    # refused one is answered "already booked" and left nothing behind.
    for number, (request, refused) in outcomes.items():
        asked = {resource.code for resource in wanted[number]}
        held = {b.resource.code for b in active.filter(request=request)}
        if not refused:
            assert held == asked
        else:
            assert held == set()
            assert "already booked" in refused, refused
