"""Special-resource bookings: one unit per resource per request, for its time window.

The database refuses two active bookings of one unit for overlapping windows (the exclusion
constraint on ResourceBooking); these services try the units in turn and let it decide, so
concurrent requests cannot both win a unit.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from psycopg.types.range import Range

from outreach.models import PresentationRequest, ResourceBooking, SpecialResource
from outreach.permissions import SYSTEM
from outreach.rules import local_datetime
from outreach.workflow import BOOKING_WORKFLOW
from pasadena_pd.workflow import record_state_change


class ResourceUnavailable(Exception):
    def __init__(self, resource: SpecialResource):
        super().__init__(resource.code)
        self.resource = resource


def window_of(request: PresentationRequest) -> Range:
    return Range(
        local_datetime(request.date, request.start_time),
        local_datetime(request.date, request.end_time),
        bounds="[)",
    )


def allocate_bookings(request: PresentationRequest) -> list[ResourceBooking]:
    """Book one free unit of each requested resource as "pending pre-planning".

    Must run inside the caller's transaction; raises ResourceUnavailable (and books nothing
    once the caller rolls back) when every unit of a resource is taken for the window.
    """
    window = window_of(request)
    booked = []
    # Lock the requested resources, always in primary-key order, before booking any unit.
    # Two concurrent inserts of overlapping bookings otherwise each wait on the other inside
    # the exclusion constraint's check (PostgreSQL answers DeadlockDetected, a 500); with
    # the lock they queue, and the later one sees the unit taken and tries the next.
    # FOR NO KEY UPDATE: bookings queue on each other, while a submission that only names
    # the resource (its M2M row takes KEY SHARE) is never blocked, so never a deadlock.
    for resource in request.resources.order_by("pk").select_for_update(of=("self",), no_key=True):
        booked.append(_book_a_unit(request, resource, window))
    return booked


def _book_a_unit(request, resource, window) -> ResourceBooking:
    for unit in range(1, resource.units + 1):
        try:
            # A savepoint per attempt: a refused unit must not spoil the outer transaction.
            with transaction.atomic():
                booking = ResourceBooking.objects.create(
                    request=request,
                    resource=resource,
                    unit_number=unit,
                    unit_key=resource.pk * ResourceBooking.UNIT_KEY_FACTOR + unit,
                    window=window,
                )
        except IntegrityError:
            continue
        record_state_change(booking, "", booking.state, by=SYSTEM, actor_label=SYSTEM.label)
        return booking
    raise ResourceUnavailable(resource)


def release_bookings(request: PresentationRequest, *, reason: str = "") -> int:
    """Free every unit the request holds (declined, cancelled or moved), each with its
    history entry. Runs inside the caller's transaction, with the request's row locked."""
    active = request.bookings.filter(state__in=ResourceBooking.ACTIVE_STATES)
    released = 0
    for booking in active.order_by("pk").select_for_update():
        BOOKING_WORKFLOW.apply(
            booking,
            ResourceBooking.State.RELEASED,
            by=SYSTEM,
            actor_label=SYSTEM.label,
            reason=reason,
        )
        released += 1
    return released


def confirm_booking(booking: ResourceBooking, *, by) -> ResourceBooking:
    """An Event Coordinator confirms the pre-planning of one booked unit (the workflow
    checks who and from which state). Side effects: who and when, and the history."""
    with transaction.atomic():
        booking = ResourceBooking.objects.select_for_update().get(pk=booking.pk)
        booking.confirmed_by = by
        booking.confirmed_at = timezone.now()
        BOOKING_WORKFLOW.apply(
            booking,
            ResourceBooking.State.CONFIRMED,
            by=by,
            update_fields=["confirmed_by", "confirmed_at"],
        )
    return booking
