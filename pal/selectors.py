"""Reads for the staff pages: rosters, the needs-support list, the transportation roster.

Every function takes the user and starts from `Enrollment.objects.visible_to(user)`, so an
advisor only ever gets their own members.
"""

from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from pal.models import ActivitySignup, Enrollment, GradeRecord, GradingPeriod, ProgramTerm
from pal.rules import support
from pasadena_pd.rules import is_weekend
from pasadena_pd.workflow import history_of


def roster(user, *, term=None, activity=None, campus=None):
    members = (
        Enrollment.objects.visible_to(user)
        .members()
        .select_related("term", "guardian", "campus", "advisor")
        .order_by("last_name", "first_name", "pk")
    )
    if term is not None:
        members = members.filter(term=term)
    if activity is not None:
        members = members.filter(
            activity_signups__activity=activity,
            activity_signups__status=ActivitySignup.Status.PLACED,
        )
    if campus is not None:
        members = members.filter(campus=campus, needs_transportation=True)
    return members


def applications_to_review(user):
    return (
        Enrollment.objects.visible_to(user)
        .filter(status__in=[Enrollment.Status.SUBMITTED, Enrollment.Status.WAITLISTED])
        .select_related("term")
        .order_by("term__start_date", "created_at", "pk")
    )


@dataclass(frozen=True)
class SupportCase:
    enrollment: Enrollment
    reasons: list[str]
    latest_gpa: object


REASON_LABELS = {
    support.BELOW_GOAL: _("Latest GPA under 2.0"),
    support.DROPPED: _("GPA dropped by 0.5 or more"),
    support.MISSING_CURRENT: _("No GPA for the current period"),
}


def started_periods(term: ProgramTerm, today) -> list[GradingPeriod]:
    return [period for period in term.grading_periods.all() if period.starts_on <= today]


def needs_support(user, today) -> list[SupportCase]:
    """School-year members of current terms who need support (see pal/rules/support.py)."""
    members = (
        roster(user)
        .filter(term__kind=ProgramTerm.Kind.SCHOOL_YEAR)
        .filter(term__in=ProgramTerm.objects.current(today))
        .prefetch_related(
            Prefetch("term__grading_periods", queryset=GradingPeriod.objects.order_by("starts_on")),
            Prefetch("grade_records", queryset=GradeRecord.objects.select_related("period")),
        )
    )
    cases = []
    for member in members:
        periods = started_periods(member.term, today)
        by_period = {record.period_id: record.gpa for record in member.grade_records.all()}
        gpas = [by_period.get(period.pk) for period in periods]
        reasons = support.support_reasons(gpas)
        if reasons:
            recorded = [gpa for gpa in gpas if gpa is not None]
            labels = [REASON_LABELS[reason] for reason in reasons]
            cases.append(SupportCase(member, labels, recorded[-1] if recorded else None))
    return cases


def transportation_roster(user, day):
    """Members to pick up on `day`, grouped by campus: accepted school-year members of a
    term running that day who need transportation. Weekends have no pick-ups."""
    if is_weekend(day):
        return {}
    members = (
        roster(user)
        .filter(term__kind=ProgramTerm.Kind.SCHOOL_YEAR, needs_transportation=True)
        .filter(term__start_date__lte=day, term__end_date__gte=day)
        .order_by("campus__name", "last_name", "first_name", "pk")
        .prefetch_related("pick_up_people")
    )
    groups: dict = {}
    for member in members:
        groups.setdefault(member.campus, []).append(member)
    return groups


def decline_reason(enrollment) -> str:
    """The reason staff wrote when they declined this application ("" if not declined)."""
    if enrollment.status != Enrollment.Status.DECLINED:
        return ""
    change = (
        history_of(enrollment)
        .filter(to_state=Enrollment.Status.DECLINED)
        .order_by("-changed_at", "-pk")
        .first()
    )
    return change.reason if change is not None else ""
