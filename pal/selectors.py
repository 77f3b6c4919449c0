"""Reads for the staff pages: rosters, the needs-support list, the transportation roster.

Every function takes the user and starts from `Enrollment.objects.visible_to(user)`, so an
advisor only ever gets their own members.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pal.models import (
    ActivitySignup,
    Enrollment,
    GradeRecord,
    GradingPeriod,
    PickUpPerson,
    ProgramTerm,
)
from pal.rules import support
from pasadena_pd.rules import is_weekend
from pasadena_pd.workflow import history_of

# Enrollment.full_name, as the database writes it for lists read as values.
FULL_NAME = Concat("first_name", Value(" "), "last_name")


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


def listed_members(members, **columns) -> list[dict]:
    """Members (a `roster`) as the staff lists show them (the dashboard, needs support): each
    member's name, term, school, Youth Advisor (None without one) and staff page, as
    plain values. No guardian, health or transport details: those are read on the member's
    own page, the rosters and the transportation list. Values rather than three model
    objects a row, and the page's address from one reversed pattern: 500 members cost a
    third of the dashboard's time this way (issue 20). `columns`: more of them, by name, for
    a list that shows more (the rosters: campus, guardian's phone)."""
    rows = list(
        members.values(
            "pk",
            "term_id",
            "school",
            full_name=FULL_NAME,
            term_name=F("term__name"),
            advisor_name=F("advisor__name"),
            **columns,
        )
    )
    pattern = reverse("pal:staff_member", args=[_PK_MARK])
    for row in rows:
        row["url"] = pattern.replace(str(_PK_MARK), str(row["pk"]), 1)
    return rows


_PK_MARK = 918273645  # in the reversed address of a member's page, where the key goes


def applications_to_review(user):
    return (
        Enrollment.objects.visible_to(user)
        .filter(status__in=[Enrollment.Status.SUBMITTED, Enrollment.Status.WAITLISTED])
        .select_related("term")
        .order_by("term__start_date", "created_at", "pk")
    )


@dataclass(frozen=True)
class SupportCase:
    member: dict  # as `listed_members` gives it
    reasons: list[str]
    latest_gpa: object


REASON_LABELS = {
    support.BELOW_GOAL: _("Latest GPA under 2.0"),
    support.DROPPED: _("GPA dropped by 0.5 or more"),
    support.MISSING_CURRENT: _("No GPA for the current period"),
}


def needs_support(user, today) -> list[SupportCase]:
    """School-year members of current terms who need support (see pal/rules/support.py),
    in roster order, each as `listed_members` gives it; the grading periods and GPAs are read
    as plain values, in one query each."""
    members = listed_members(
        roster(user)
        .filter(term__kind=ProgramTerm.Kind.SCHOOL_YEAR)
        .filter(term__in=ProgramTerm.objects.current(today))
    )
    if not members:
        return []
    started: dict[int, list[int]] = defaultdict(list)  # term -> its started periods, in order
    for term_id, period_id in (
        GradingPeriod.objects.filter(term__in={member["term_id"] for member in members})
        .filter(starts_on__lte=today)
        .order_by("starts_on", "pk")
        .values_list("term_id", "pk")
    ):
        started[term_id].append(period_id)
    recorded: dict[int, dict[int, object]] = defaultdict(dict)  # member -> period -> GPA
    for enrollment_id, period_id, gpa in (
        GradeRecord.objects.filter(enrollment__in=[member["pk"] for member in members])
        .order_by()
        .values_list("enrollment_id", "period_id", "gpa")
    ):
        recorded[enrollment_id][period_id] = gpa
    cases = []
    for member in members:
        by_period = recorded.get(member["pk"], {})
        gpas = [by_period.get(period_id) for period_id in started.get(member["term_id"], ())]
        reasons = support.support_reasons(gpas)
        if reasons:
            latest = [gpa for gpa in gpas if gpa is not None]
            labels = [REASON_LABELS[reason] for reason in reasons]
            cases.append(SupportCase(member, labels, latest[-1] if latest else None))
    return cases


@dataclass(frozen=True)
class PickUpCampus:
    """A campus as the transportation roster heads its group."""

    pk: int
    name: str
    pickup_time: object


def transportation_roster(user, day) -> dict:
    """Members to pick up on `day`, grouped by campus (in the campuses' name order):
    accepted school-year members of a term running that day who need transportation. Each
    member as plain values: name, grade (its label), the guardian's name and phone, and the
    people who may also collect them. Weekends have no pick-ups."""
    if is_weekend(day):
        return {}
    members = list(
        roster(user)
        .filter(term__kind=ProgramTerm.Kind.SCHOOL_YEAR, needs_transportation=True)
        .filter(term__start_date__lte=day, term__end_date__gte=day)
        .order_by("campus__name", "last_name", "first_name", "pk")
        .values(
            "pk",
            "campus_id",
            "grade",
            full_name=FULL_NAME,
            guardian_name=F("guardian__name"),
            guardian_phone=F("guardian__phone"),
            campus_name=F("campus__name"),
            campus_pickup_time=F("campus__pickup_time"),
        )
    )
    if not members:
        return {}
    collectors = defaultdict(list)  # in PickUpPerson's order: by name
    for person in PickUpPerson.objects.filter(
        enrollment__in=[member["pk"] for member in members]
    ).values("enrollment_id", "name", "relationship", "phone"):
        collectors[person["enrollment_id"]].append(person)
    # `get_grade_display` builds the choices' table again for each call.
    grades = {value: str(label) for value, label in Enrollment.Grade.choices}
    groups: dict = {}
    for member in members:
        member["grade_label"] = grades.get(member["grade"], member["grade"])
        member["pick_up_people"] = collectors.get(member["pk"], [])
        campus = member["campus_id"] and PickUpCampus(
            member["campus_id"], member["campus_name"], member["campus_pickup_time"]
        )
        groups.setdefault(campus, []).append(member)
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
