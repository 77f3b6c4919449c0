"""Reads for outreach: the stored policy, blackout days and resource availability, shaped as
the plain values that `outreach.rules` takes."""

import datetime
from collections.abc import Iterable

from outreach import rules
from outreach.models import (
    MajorEvent,
    PresentationRequest,
    RequestPolicy,
    ResourceBooking,
    SpecialResource,
)


def current_policy() -> rules.Policy:
    stored = RequestPolicy.current()
    return rules.Policy(
        min_notice_days=stored.min_notice_days,
        weekend_min_notice_days=stored.weekend_min_notice_days,
        weekend_min_duration=datetime.timedelta(hours=float(stored.weekend_min_hours)),
        max_advance_days=stored.max_advance_days,
        resources={
            resource.code: rules.ResourceRule(
                resource.code, resource.name, resource.lead_time_days, resource.units
            )
            for resource in SpecialResource.objects.all()
        },
    )


def blackouts_between(first_day: datetime.date, last_day: datetime.date) -> list[rules.Blackout]:
    """Stored major events and the built-in ones, each once, overlapping these days.

    The built-in events are computed for every year by the rules; their stored copies (kept
    for staff to see) are skipped so that a day is never listed twice, in any language.
    """
    stored = [
        rules.Blackout(event.start_date, event.end_date, event.name)
        for event in MajorEvent.objects.overlapping(first_day, last_day).exclude(
            source=MajorEvent.Source.BUILT_IN
        )
    ]
    return rules.merge_blackouts(stored, first_day, last_day)


def _day_bounds(first_day, last_day):
    return (
        rules.local_datetime(first_day, datetime.time.min),
        rules.local_datetime(last_day + datetime.timedelta(days=1), datetime.time.min),
    )


def availability_between(
    codes: Iterable[str],
    first_day: datetime.date,
    last_day: datetime.date,
    *,
    exclude_request_id: int | None = None,
) -> rules.Availability:
    """A callable answering "is a unit free?" from one query of the active bookings."""
    codes = list(codes)
    if not codes:  # most requests ask for no special resource: nothing to look up
        return rules.always_available
    units = dict(SpecialResource.objects.filter(code__in=codes).values_list("code", "units"))
    bookings = list(
        ResourceBooking.objects.filter(
            resource__code__in=codes,
            state__in=ResourceBooking.ACTIVE_STATES,
            window__overlap=_day_bounds(first_day, last_day),
        )
        .exclude(request_id=exclude_request_id)
        .values_list("resource__code", "unit_number", "window")
    )

    def available(code: str, start: datetime.datetime, end: datetime.datetime) -> bool:
        busy = {
            unit
            for (booked_code, unit, window) in bookings
            if booked_code == code and window.lower < end and start < window.upper
        }
        return any(unit not in busy for unit in range(1, units.get(code, 0) + 1))

    return available


def rules_context(
    today: datetime.date, codes: Iterable[str] = (), *, exclude_request_id: int | None = None
) -> rules.Context:
    policy = current_policy()
    horizon = today + datetime.timedelta(days=policy.max_advance_days + 1)
    return rules.Context(
        today=today,
        policy=policy,
        blackouts=blackouts_between(today, horizon),
        availability=availability_between(
            codes, today, horizon, exclude_request_id=exclude_request_id
        ),
    )


def proposal_of(request: PresentationRequest) -> rules.ProposedRequest:
    return rules.ProposedRequest(
        kind=request.kind,
        date=request.date,
        start_time=request.start_time,
        end_time=request.end_time,
        resources=tuple(sorted(resource.code for resource in request.resources.all())),
    )


def findings_for_request(request: PresentationRequest) -> list[rules.Finding]:
    """The rules as they stand now for a stored request, judged from the day it was proposed
    (submitted, or last moved: notice counts from then), ignoring the request's own
    bookings."""
    proposal = proposal_of(request)
    context = rules_context(request.proposed_on, proposal.resources, exclude_request_id=request.pk)
    return rules.evaluate(proposal, context)


def unexcused_blocking_findings(request: PresentationRequest) -> list[rules.Finding]:
    """The blocking findings that no accepted exception excuses (for this day and rule)."""
    return [
        finding
        for finding in findings_for_request(request)
        if finding.blocking and not request.exception_excuses(finding.code)
    ]


def upcoming_blackouts(today: datetime.date, days: int = 120) -> list[rules.Blackout]:
    return blackouts_between(today, today + datetime.timedelta(days=days))
