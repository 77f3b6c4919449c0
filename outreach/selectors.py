"""Reads for outreach: the stored policy, blackout days and resource availability, shaped as
the plain values that `outreach.rules` takes.

The policy (with its resources) and the blackout days are read by every request form
answer and change a few times a year: each process keeps them while their own version
stays (`rules_memo`, pasadena_pd/versioned_memo.py; the models are watched from
outreach/apps.py). Inside a transaction they are always read from the database."""

import datetime
from collections.abc import Iterable

from django.utils import translation

from outreach import rules
from outreach.models import (
    MajorEvent,
    PresentationRequest,
    RequestPolicy,
    ResourceBooking,
    SpecialResource,
)
from pasadena_pd.versioned_memo import VersionedMemo

# What the policy and the blackout days are read from (watched in outreach/apps.py).
RULES_MODELS = (RequestPolicy, SpecialResource, MajorEvent)
rules_memo = VersionedMemo("outreach-rules")


def current_policy() -> rules.Policy:
    # Per language: the built-in resources' names are translated.
    return rules_memo.get(("policy", translation.get_language()), _stored_policy)


def policy_is_stored() -> bool:
    """Whether the policy row exists (asked for the admin's sidebar on every staff page)."""
    return rules_memo.get(("policy-stored",), RequestPolicy.objects.exists)


def _stored_policy() -> rules.Policy:
    stored = RequestPolicy.current()
    return rules.Policy(
        min_notice_days=stored.min_notice_days,
        weekend_min_notice_days=stored.weekend_min_notice_days,
        weekend_min_duration=datetime.timedelta(hours=float(stored.weekend_min_hours)),
        max_advance_days=stored.max_advance_days,
        resources={
            resource.code: rules.ResourceRule(
                resource.code, resource.label, resource.lead_time_days, resource.units
            )
            for resource in SpecialResource.objects.all()
        },
    )


def blackouts_between(first_day: datetime.date, last_day: datetime.date) -> list[rules.Blackout]:
    """Stored major events and the built-in ones, each once, overlapping these days.

    The built-in events are computed for every year by the rules; their stored copies (kept
    for staff to see) are skipped so that a day is never listed twice, in any language.
    """
    days = (first_day, last_day)
    # Per language: the built-in events' names are translated.
    key = ("blackouts", translation.get_language(), *days)
    return list(rules_memo.get(key, lambda: tuple(_stored_blackouts(*days))))


def _stored_blackouts(first_day: datetime.date, last_day: datetime.date) -> list[rules.Blackout]:
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
    # One memo entry (one version read) for both; per language: translated names.
    key = ("rules", translation.get_language(), today)
    policy, blackouts = rules_memo.get(key, lambda: _policy_and_blackouts(today))
    horizon = today + datetime.timedelta(days=policy.max_advance_days + 1)
    return rules.Context(
        today=today,
        policy=policy,
        blackouts=list(blackouts),
        availability=availability_between(
            codes, today, horizon, exclude_request_id=exclude_request_id
        ),
    )


def _policy_and_blackouts(today: datetime.date) -> tuple[rules.Policy, tuple]:
    policy = _stored_policy()
    horizon = today + datetime.timedelta(days=policy.max_advance_days + 1)
    return policy, tuple(_stored_blackouts(today, horizon))


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
