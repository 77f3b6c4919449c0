"""No side doors (issue 13, reproduction 7): a booking's state changes only through its
workflow, each change in its history; no code assigns a state field by hand."""

import pathlib
import re

import pytest

from outreach.permissions import LinkHolder
from outreach.services import decisions
from outreach.services.bookings import allocate_bookings, confirm_booking
from outreach.services.submission import cancel_request
from pasadena_pd.workflow import TransitionError, history_of
from tests.outreach.factories import PresentationRequestFactory

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ("outreach", "events", "pal", "pasadena_pd")
# `obj.status = ...`, `obj.state = ...`, or `.update(status=...)` / `.update(state=...)`.
ASSIGNMENT = re.compile(r"\.(status|state)\s*=[^=]|\.update\([^)]*\b(status|state)\s*=")
# The one door, and a django-tasks result row (the library's own state, not a workflow's).
ALLOWED = {"pasadena_pd/workflow.py", "pasadena_pd/task_workers.py"}


def test_no_state_field_is_assigned_outside_the_workflows():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and str(path.relative_to(ROOT)) not in ALLOWED
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ASSIGNMENT.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_every_change_of_a_booking_is_in_its_history(area, special_resources, coordinator):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    [booking] = allocate_bookings(request)
    confirm_booking(booking, by=coordinator)
    cancel_request(request, by=LinkHolder(request.token, "requester"), reason="Rained out.")
    booking.refresh_from_db()
    assert booking.state == "released"
    moves = [(c.from_state, c.to_state, c.actor, c.reason) for c in history_of(booking)]
    assert moves == [
        ("", "pending_preplanning", "system", ""),
        ("pending_preplanning", "confirmed", coordinator.username, ""),
        ("confirmed", "released", "system", "The request was cancelled."),
    ]


@pytest.mark.django_db
def test_a_declined_request_releases_its_units_with_history(
    area, special_resources, neighborhood_services
):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    [booking] = allocate_bookings(request)
    decisions.decline_request(request, by=neighborhood_services, reason="No officers.")
    assert [(c.to_state, c.reason) for c in history_of(booking)][-1] == (
        "released",
        "The request was declined.",
    )


@pytest.mark.django_db
def test_a_confirmed_booking_is_not_confirmed_twice(area, special_resources, coordinator):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    [booking] = allocate_bookings(request)
    confirm_booking(booking, by=coordinator)
    with pytest.raises(TransitionError):
        confirm_booking(booking, by=coordinator)
    assert history_of(booking).count() == 2


@pytest.mark.django_db
def test_the_requester_cancels_only_with_the_right_link(client, area):
    request = PresentationRequestFactory(area=area)
    with pytest.raises(TransitionError):
        cancel_request(request, by=LinkHolder("someone-elses-token"))
    client.post(f"/outreach/requests/{request.token}/cancel/", {"reason": "Moved away"})
    request.refresh_from_db()
    last = history_of(request).last()
    assert (request.status, last.actor, last.reason) == ("cancelled", "requester", "Moved away")
