"""The request rules of DOMAIN.md as plain functions over plain values (the built-in
major events they read are in rules/blackouts.py).

No ORM and no request objects: the form, the admin and the services build a `Policy`, the
blackout days and a resource-availability callable, pass "today" in, and read the findings.
Each rule is one small function; `RULES` composes them in the order a resident reads them.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from outreach.rules.blackouts import built_in_major_events
from pasadena_pd.rules import is_weekend

LOCAL_TZ = ZoneInfo("America/Los_Angeles")
UTC = datetime.UTC

MIN_NOTICE = "min_notice"
WEEKEND_MIN_NOTICE = "weekend_min_notice"
WEEKEND_MIN_DURATION = "weekend_min_duration"
WEEKEND_SUPERVISOR_APPROVAL = "weekend_supervisor_approval"
MAJOR_EVENT_CONFLICT = "major_event_conflict"
RESOURCE_LEAD_TIME = "resource_lead_time"
RESOURCE_UNAVAILABLE = "resource_unavailable"
MAX_ADVANCE = "max_advance"

# What staff read for a rule's code (the admin's excused rules, history).
RULE_NAMES = {
    MIN_NOTICE: gettext_lazy("Minimum notice"),
    WEEKEND_MIN_NOTICE: gettext_lazy("Weekend notice"),
    WEEKEND_MIN_DURATION: gettext_lazy("Weekend minimum length"),
    WEEKEND_SUPERVISOR_APPROVAL: gettext_lazy("Weekend supervisor approval"),
    MAJOR_EVENT_CONFLICT: gettext_lazy("Major city event"),
    RESOURCE_LEAD_TIME: gettext_lazy("Special resource lead time"),
    RESOURCE_UNAVAILABLE: gettext_lazy("Special resource unavailable"),
    MAX_ADVANCE: gettext_lazy("Too far ahead"),
}

ALL_CODES = (
    MIN_NOTICE,
    WEEKEND_MIN_NOTICE,
    WEEKEND_MIN_DURATION,
    WEEKEND_SUPERVISOR_APPROVAL,
    MAJOR_EVENT_CONFLICT,
    RESOURCE_LEAD_TIME,
    RESOURCE_UNAVAILABLE,
    MAX_ADVANCE,
)


@dataclass(frozen=True)
class ResourceRule:
    code: str
    name: str
    lead_time_days: int
    units: int


@dataclass(frozen=True)
class Policy:
    """The policy values; defaults are DOMAIN.md's, supervisors change the stored ones."""

    min_notice_days: int = 14
    weekend_min_notice_days: int = 30
    weekend_min_duration: datetime.timedelta = datetime.timedelta(hours=4)
    max_advance_days: int = 365
    resources: Mapping[str, ResourceRule] = field(default_factory=dict)


@dataclass(frozen=True)
class Blackout:
    first_day: datetime.date
    last_day: datetime.date  # inclusive
    name: str

    def covers(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class ProposedRequest:
    kind: str
    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    resources: tuple[str, ...] = ()

    def on(self, day: datetime.date) -> "ProposedRequest":
        return ProposedRequest(self.kind, day, self.start_time, self.end_time, self.resources)

    @property
    def starts_at(self) -> datetime.datetime:
        return local_datetime(self.date, self.start_time)

    @property
    def ends_at(self) -> datetime.datetime:
        return local_datetime(self.date, self.end_time)


@dataclass(frozen=True)
class Finding:
    code: str
    blocking: bool
    message: str
    field: str | None = None
    earliest_date: datetime.date | None = None


# (resource code, aware start, aware end) -> True when at least one unit is free throughout.
Availability = Callable[[str, datetime.datetime, datetime.datetime], bool]


def always_available(code: str, start: datetime.datetime, end: datetime.datetime) -> bool:
    return True


@dataclass(frozen=True)
class Context:
    today: datetime.date
    policy: Policy
    blackouts: Sequence[Blackout]
    availability: Availability = always_available


def local_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    # A wall-clock time skipped by the March change (02:30) resolves with fold=0, as
    # zoneinfo does: it reads as standard time, i.e. 03:30 daylight time.
    return datetime.datetime.combine(day, time, tzinfo=LOCAL_TZ)


def elapsed(start: datetime.datetime, end: datetime.datetime) -> datetime.timedelta:
    # Subtracting two datetimes of the same tzinfo gives wall-clock time; through UTC it
    # gives the real elapsed time, which differs on the two DST Sundays.
    return end.astimezone(UTC) - start.astimezone(UTC)


def notice_days(day: datetime.date, today: datetime.date) -> int:
    return (day - today).days


def merge_blackouts(
    stored: Iterable[Blackout], first_day: datetime.date, last_day: datetime.date
) -> list[Blackout]:
    """Stored major events plus the built-in ones of every year in range, each once.

    Built-in events are also stored (for staff to see); the same name and days count once.
    """
    merged = {(b.first_day, b.last_day, b.name): b for b in stored}
    for year in range(first_day.year, last_day.year + 1):
        for event in built_in_major_events(year):
            merged.setdefault(
                (event.date, event.date, event.name), Blackout(event.date, event.date, event.name)
            )
    return sorted(
        (b for b in merged.values() if b.last_day >= first_day and b.first_day <= last_day),
        key=lambda b: (b.first_day, b.name),
    )


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def check_min_notice(proposal, context):
    days = context.policy.min_notice_days
    if proposal.date < context.today:
        yield Finding(
            MIN_NOTICE,
            True,
            _("%(date)s has passed. Please choose a coming date.") % {"date": _day(proposal.date)},
            "date",
        )
    elif notice_days(proposal.date, context.today) < days:
        yield Finding(
            MIN_NOTICE,
            True,
            ngettext(
                "We need at least %(days)d day's notice to plan a presentation.",
                "We need at least %(days)d days' notice to plan a presentation.",
                days,
            )
            % {"days": days},
            "date",
        )


def check_weekend_notice(proposal, context):
    days = context.policy.weekend_min_notice_days
    if is_weekend(proposal.date) and notice_days(proposal.date, context.today) < days:
        yield Finding(
            WEEKEND_MIN_NOTICE,
            True,
            _("Weekend events need at least %(days)d days' notice.") % {"days": days},
            "date",
        )


def check_weekend_duration(proposal, context):
    minimum = context.policy.weekend_min_duration
    if is_weekend(proposal.date) and elapsed(proposal.starts_at, proposal.ends_at) < minimum:
        hours = minimum.total_seconds() / 3600
        yield Finding(
            WEEKEND_MIN_DURATION,
            True,
            _("Weekend support is scheduled for at least %(hours)s hours at a time.")
            % {"hours": f"{hours:g}"},
            "end_time",
        )


def check_weekend_approval(proposal, context):
    if is_weekend(proposal.date):
        yield Finding(
            WEEKEND_SUPERVISOR_APPROVAL,
            False,
            _("Weekend events need a supervisor's approval before they are scheduled."),
            "date",
        )


def check_major_events(proposal, context):
    names = [b.name for b in context.blackouts if b.covers(proposal.date)]
    if names:
        yield Finding(
            MAJOR_EVENT_CONFLICT,
            True,
            _("%(date)s is the day of %(events)s, which takes every available officer.")
            % {"date": _day(proposal.date), "events": _(" and ").join(names)},
            "date",
        )


def check_resource_lead_time(proposal, context):
    notice = notice_days(proposal.date, context.today)
    for code in proposal.resources:
        rule = context.policy.resources.get(code)
        if rule is not None and rule.lead_time_days > notice:
            yield Finding(
                RESOURCE_LEAD_TIME,
                True,
                _("%(resource)s needs %(days)d days of pre-planning.")
                % {"resource": rule.name, "days": rule.lead_time_days},
                "resources",
            )


def check_resource_availability(proposal, context):
    for code in proposal.resources:
        rule = context.policy.resources.get(code)
        name = rule.name if rule is not None else code
        if rule is None or not context.availability(code, proposal.starts_at, proposal.ends_at):
            yield Finding(
                RESOURCE_UNAVAILABLE,
                True,
                _("%(resource)s is already booked at that time.") % {"resource": name},
                "resources",
            )


def check_max_advance(proposal, context):
    days = context.policy.max_advance_days
    if notice_days(proposal.date, context.today) > days:
        yield Finding(
            MAX_ADVANCE,
            True,
            _("We take requests at most %(days)d days ahead (until %(last)s).")
            % {"days": days, "last": _day(context.today + datetime.timedelta(days=days))},
            "date",
        )


RULES = (
    check_min_notice,
    check_weekend_notice,
    check_weekend_duration,
    check_weekend_approval,
    check_major_events,
    check_resource_lead_time,
    check_resource_availability,
    check_max_advance,
)


# The rules that close a whole day whatever is asked: past or too soon (weekends need more
# notice), a major city event, beyond the advance limit. The request form's month view.
DAY_RULES = (check_min_notice, check_weekend_notice, check_major_events, check_max_advance)


def closed_reasons(day: datetime.date, context: Context) -> list[Finding]:
    """Why no request can be made for `day` (empty when some request could)."""
    proposal = ProposedRequest("", day, datetime.time(12), datetime.time(16))
    return [f for rule in DAY_RULES for f in rule(proposal, context) if f.blocking]


def _raw_findings(proposal: ProposedRequest, context: Context) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(proposal, context)]


def passes(proposal: ProposedRequest, context: Context) -> bool:
    return not any(f.blocking for f in _raw_findings(proposal, context))


def evaluate(proposal: ProposedRequest, context: Context) -> list[Finding]:
    """Every finding for this proposal; blocking ones carry the nearest date that passes.

    That date is the first one `suggest_dates` offers, so the text and the offered dates
    always give the same answer.
    """
    findings = _raw_findings(proposal, context)
    if not any(f.blocking for f in findings):
        return findings
    nearest = suggest_dates(proposal, context, 1).nearest
    return [
        Finding(f.code, f.blocking, f.message, f.field, nearest if f.blocking else None)
        for f in findings
    ]


def _candidates(proposal: ProposedRequest, context: Context):
    """Days of the same weekday type (weekend or weekday) within the bookable range."""
    weekend = is_weekend(proposal.date)
    first = context.today + datetime.timedelta(days=1)
    last = context.today + datetime.timedelta(days=context.policy.max_advance_days)
    day = first
    while day <= last:
        if is_weekend(day) == weekend:
            yield day
        day += datetime.timedelta(days=1)


@dataclass(frozen=True)
class DateSuggestion:
    """Dates on which the same request passes every rule, sorted, and the one to name.

    `nearest` is the first passing date after the one asked for or, when none is left
    before the advance limit, the last one before it (a request too far ahead is offered
    the latest dates we take, not the earliest).
    """

    dates: tuple[datetime.date, ...] = ()
    nearest: datetime.date | None = None


def suggest_dates(proposal: ProposedRequest, context: Context, n: int = 3) -> DateSuggestion:
    """The `n` passing dates nearest to the one asked for: on or after it first.

    Same weekday type, times, duration and resources. When fewer than `n` remain before
    the advance limit, the latest earlier ones fill in.
    """
    after, before = [], []
    for day in _candidates(proposal, context):
        if day == proposal.date or not passes(proposal.on(day), context):
            continue
        if day > proposal.date:
            after.append(day)
            if len(after) >= n:
                break
        else:
            before.append(day)
    chosen = after + before[::-1][: max(0, n - len(after))]
    nearest = after[0] if after else (before[-1] if before else None)
    return DateSuggestion(tuple(sorted(chosen)), nearest)


def next_passing_dates(
    proposal: ProposedRequest, today: datetime.date, n: int, context: Context | None = None
) -> list[datetime.date]:
    """The dates of `suggest_dates`, as a sorted list (with the default policy if no context)."""
    if context is None:
        horizon = today + datetime.timedelta(days=Policy().max_advance_days + 1)
        context = Context(today, Policy(), merge_blackouts([], today, horizon))
    elif context.today != today:
        context = Context(today, context.policy, context.blackouts, context.availability)
    return list(suggest_dates(proposal, context, n).dates)
