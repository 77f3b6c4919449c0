"""The request form's month view: which days are closed, and why, from the rules module
(`rules.closed_reasons`); nothing decided here. Pure: no database, "today" in the context."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from outreach import rules

MONTH_PARAM = re.compile(r"^(\d{4})-(\d{2})$")

# What a closed day is marked with, by the first rule that closes it.
PASSED, TOO_SOON, MAJOR_EVENT, TOO_FAR = "passed", "too-soon", "major-event", "too-far"


@dataclass(frozen=True)
class Day:
    date: datetime.date
    in_month: bool
    mark: str = ""  # "" when open, else one of the marks above
    why: str = ""  # the rules' own messages

    @property
    def closed(self) -> bool:
        return bool(self.mark)


@dataclass(frozen=True)
class MonthView:
    first_day: datetime.date
    weeks: list[list[Day]]
    previous: str | None  # "YYYY-MM" of the month before, when it has a bookable day
    next: str | None

    @property
    def title(self) -> str:
        return date_format(self.first_day, "YEAR_MONTH_FORMAT")


def _mark(day: datetime.date, findings, today: datetime.date) -> str:
    codes = {finding.code for finding in findings}
    if not codes:
        return ""
    if day < today:
        return PASSED
    if codes & {rules.MIN_NOTICE, rules.WEEKEND_MIN_NOTICE}:
        return TOO_SOON
    if rules.MAJOR_EVENT_CONFLICT in codes:
        return MAJOR_EVENT
    return TOO_FAR


def month_param(text: str | None, fallback: datetime.date) -> datetime.date:
    """The first day of the month asked for as "YYYY-MM" (else of `fallback`'s month)."""
    match = MONTH_PARAM.match(text or "")
    if match and 2000 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12:
        return datetime.date(int(match.group(1)), int(match.group(2)), 1)
    return fallback.replace(day=1)


def month_view(first_day: datetime.date, context: rules.Context) -> MonthView:
    """The month of `first_day` in whole weeks (Sunday first), each day open or closed."""
    today = context.today
    last_bookable = today + datetime.timedelta(days=context.policy.max_advance_days)
    first_day = min(max(first_day, today.replace(day=1)), last_bookable.replace(day=1))
    weeks = []
    grid = calendar.Calendar(firstweekday=calendar.SUNDAY)
    for week in grid.monthdatescalendar(first_day.year, first_day.month):
        days = []
        for day in week:
            findings = rules.closed_reasons(day, context)
            why = " ".join(f.message for f in findings)
            days.append(Day(day, day.month == first_day.month, _mark(day, findings, today), why))
        weeks.append(days)
    before = first_day - datetime.timedelta(days=1)
    after = (first_day + datetime.timedelta(days=31)).replace(day=1)
    return MonthView(
        first_day,
        weeks,
        previous=f"{before:%Y-%m}" if before >= today.replace(day=1) else None,
        next=f"{after:%Y-%m}" if after <= last_bookable else None,
    )


def date_help(context: rules.Context) -> str:
    """The date field's help: the closed days in one sentence, from the same policy."""
    policy = context.policy
    last = context.today + datetime.timedelta(days=policy.max_advance_days)
    return _(
        "Closed: past days, the next %(days)d days (%(weekend_days)d for a Saturday or "
        "Sunday), the days of major city events, and after %(last)s. The month view "
        "below marks them."
    ) % {
        "days": policy.min_notice_days,
        "weekend_days": policy.weekend_min_notice_days,
        "last": date_format(last, "DATE_FORMAT"),
    }
