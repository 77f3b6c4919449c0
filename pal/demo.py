"""Demo data for PAL: a school-year term and a summer term with classes, campuses, Youth
Advisors (staff accounts in the Youth Advisors group), members and GPAs. Idempotent.

Demo accounts get unusable passwords; set one with `manage.py changepassword <username>`.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from pal.models import (
    Campus,
    EmergencyContact,
    Enrollment,
    GradeRecord,
    GradingPeriod,
    Guardian,
    ProgramTerm,
    SummerActivity,
    YouthAdvisor,
)
from pal.services.consent import current_version
from pasadena_pd.roles import PAL_STAFF, YOUTH_ADVISORS
from pasadena_pd.workflow import record_state_change

CAMPUSES = [
    ("Washington Middle School", datetime.time(15, 10)),
    ("Madison Elementary School", datetime.time(14, 45)),
    ("John Muir High School", datetime.time(15, 30)),
]
ADVISORS = [("pal.advisor.reyes", "Carmen Reyes"), ("pal.advisor.okafor", "Daniel Okafor")]
SUMMER_ACTIVITIES = [
    # name, kind, capacity, ages, weekdays, start, end
    ("Art studio", "class", 15, (9, 13), [0, 2], (10, 0), (12, 0)),
    ("Cooking", "class", 12, (11, 17), [1, 3], (10, 0), (12, 0)),
    ("Soccer", "class", 22, (9, 17), [0, 2, 4], (9, 0), (11, 0)),
    ("Craft making", "class", 15, (9, 12), [4], (13, 0), (15, 0)),
    ("Zumba", "class", 20, (9, 17), [1], (13, 0), (14, 0)),
    ("Swimming", "outing", 25, (9, 17), [3], (13, 0), (16, 0)),
    ("Beach trip", "outing", 30, (9, 17), [4], (9, 0), (16, 0)),
    ("Girls' group", "group", 15, (11, 17), [2], (14, 0), (15, 30)),
    ("Boys' group", "group", 15, (11, 17), [2], (14, 0), (15, 30)),
]
# first, last, age on the term's first day, campus index, advisor index, GPAs per period
MEMBERS = [
    ("Ana", "Morales", 12, 0, 0, ["3.10", "2.90"]),
    ("Jaylen", "Brooks", 14, 2, 0, ["2.60", "1.90"]),
    ("Mei", "Chen", 10, 1, 1, ["2.80", "2.20"]),
    ("Diego", "Vargas", 15, 2, 1, ["3.40"]),
]


def _school_year_start(today: datetime.date) -> datetime.date:
    year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(year, 8, 20)


def seed() -> None:
    today = timezone.localdate()
    start = _school_year_start(today)
    school_year, _ = ProgramTerm.objects.get_or_create(
        name=f"School year {start.year}-{start.year + 1}",
        defaults={
            "kind": ProgramTerm.Kind.SCHOOL_YEAR,
            "start_date": start,
            "end_date": datetime.date(start.year + 1, 6, 5),
            "enrollment_opens": start - datetime.timedelta(days=60),
            "enrollment_closes": datetime.date(start.year + 1, 5, 1),
            "capacity": 60,
        },
    )
    summer_start = datetime.date(start.year + 1, 6, 22)
    summer, _ = ProgramTerm.objects.get_or_create(
        name=f"Summer {summer_start.year}",
        defaults={
            "kind": ProgramTerm.Kind.SUMMER,
            "start_date": summer_start,
            "end_date": datetime.date(summer_start.year, 8, 7),
            "enrollment_opens": today - datetime.timedelta(days=7),
            "enrollment_closes": summer_start - datetime.timedelta(days=7),
            "capacity": 80,
        },
    )
    for name, kind, capacity, (low, high), days, begin, end in SUMMER_ACTIVITIES:
        SummerActivity.objects.get_or_create(
            term=summer,
            name=name,
            defaults={
                "kind": kind,
                "capacity": capacity,
                "min_age": low,
                "max_age": high,
                "weekdays": days,
                "start_time": datetime.time(*begin),
                "end_time": datetime.time(*end),
                "location": "Community Youth Center",
            },
        )
    periods = [
        GradingPeriod.objects.get_or_create(
            term=school_year, name=name, defaults={"starts_on": day}
        )[0]
        for name, day in [
            ("Fall progress report", start),
            ("Fall semester", start + datetime.timedelta(days=70)),
            ("Spring progress report", datetime.date(start.year + 1, 1, 12)),
            ("Spring semester", datetime.date(start.year + 1, 3, 23)),
        ]
    ]
    campuses = [
        Campus.objects.get_or_create(name=name, defaults={"pickup_time": pickup})[0]
        for name, pickup in CAMPUSES
    ]
    advisors = [_advisor(username, name) for username, name in ADVISORS]
    _staff_account("pal.staff.nguyen", "Linh", "Nguyen", PAL_STAFF)
    started = [period for period in periods if period.starts_on <= today]
    for first, last, age, campus_index, advisor_index, gpas in MEMBERS:
        member = _member(school_year, first, last, age, campuses[campus_index])
        if member.advisor_id is None:
            member.advisor = advisors[advisor_index]
            member.save(update_fields=["advisor"])
        for period, gpa in zip(started, gpas, strict=False):
            GradeRecord.objects.get_or_create(
                enrollment=member, period=period, defaults={"gpa": Decimal(gpa)}
            )


def _staff_account(username, first_name, last_name, role):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.org",
            "is_staff": True,
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def _advisor(username, name):
    first, last = name.split(" ", 1)
    user = _staff_account(username, first, last, YOUTH_ADVISORS)
    advisor, _ = YouthAdvisor.objects.get_or_create(user=user, defaults={"name": name})
    return advisor


def _member(term, first, last, age, campus):
    guardian, _ = Guardian.objects.get_or_create(
        email=f"{last.lower()}.family@example.org",
        defaults={
            "name": f"Alex {last}",
            "relationship": "Parent",
            "phone": "626-555-0142",
            "address": "100 N Garfield Ave, Pasadena, CA 91101",
        },
    )
    birth = term.start_date.replace(year=term.start_date.year - age) - datetime.timedelta(days=40)
    member, created = Enrollment.objects.get_or_create(
        term=term,
        first_name=first,
        last_name=last,
        date_of_birth=birth,
        defaults={
            "guardian": guardian,
            "school": campus.name,
            "grade": min(12, max(3, age - 5)),
            "needs_transportation": True,
            "campus": campus,
            "consent_participation": True,
            "consent_transportation": True,
            "media_consent": False,
            "signature": guardian.name,
            "signed_at": timezone.now(),
            "consent_version": current_version(),
            "consented_at": timezone.now(),
            "status": Enrollment.Status.ACCEPTED,
        },
    )
    if created:
        # Demo members start accepted; the history says so without a staff user.
        record_state_change(member, "", member.status, actor_label="demo data")
        for name, relationship in [(f"Sam {last}", "Aunt or uncle"), ("Pat Lee", "Neighbor")]:
            EmergencyContact.objects.create(
                enrollment=member, name=name, relationship=relationship, phone="626-555-0199"
            )
    return member
