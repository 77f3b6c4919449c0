"""PAL's part of the data set: this school year's term with its grading periods, a summer
term with classes, campuses, Youth Advisors, and 600 members with a GPA per past period."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from bench.dataset import Context, model

CAMPUSES = ["Washington STEM", "Madison Elementary", "Eliot Arts", "Blair", "Muir High"]
ACTIVITIES = ["Art", "Cooking", "Soccer", "Craft making", "Zumba", "Swimming"]
STATUSES = ["accepted"] * 17 + ["submitted", "waitlisted", "declined"]


def _school_year_start(today: datetime.date) -> datetime.date:
    year = today.year if today.month >= 8 else today.year - 1
    return datetime.date(year, 8, 15)


def build_members(context: Context) -> None:
    enrollment_model = model("pal.Enrollment")
    campus_model, term_model = model("pal.Campus"), model("pal.ProgramTerm")
    period_model, advisor_model = model("pal.GradingPeriod"), model("pal.YouthAdvisor")
    guardian_model, grade_model = model("pal.Guardian"), model("pal.GradeRecord")
    contact_model, activity_model = model("pal.EmergencyContact"), model("pal.SummerActivity")
    rng, prefix = context.rng, context.prefix
    today = timezone.localdate()
    start = _school_year_start(today)
    campuses = campus_model.objects.bulk_create(
        [campus_model(name=f"{prefix}{name}", address="Pasadena, CA") for name in CAMPUSES]
    )
    school_year = term_model.objects.create(
        name=f"{prefix}School year {start.year}-{start.year + 1}",
        kind="school_year",
        start_date=start,
        end_date=datetime.date(start.year + 1, 6, 10),
        enrollment_opens=start - datetime.timedelta(days=60),
        enrollment_closes=datetime.date(start.year + 1, 5, 1),
        capacity=context.sizes["pal_members"] + 50,
    )
    summer = term_model.objects.create(
        name=f"{prefix}Summer {start.year + 1}",
        kind="summer",
        start_date=datetime.date(start.year + 1, 6, 20),
        end_date=datetime.date(start.year + 1, 8, 10),
        enrollment_opens=datetime.date(start.year + 1, 3, 1),
        enrollment_closes=datetime.date(start.year + 1, 6, 15),
        capacity=200,
    )
    activity_model.objects.bulk_create(
        [
            activity_model(
                term=summer,
                name=name,
                capacity=20,
                weekdays=[0, 2],
                start_time=datetime.time(14, 0),
                end_time=datetime.time(16, 0),
            )
            for name in ACTIVITIES
        ]
    )
    periods = period_model.objects.bulk_create(
        [
            period_model(
                term=school_year,
                name=f"Quarter {number + 1}",
                starts_on=start + datetime.timedelta(weeks=10 * number),
            )
            for number in range(4)
        ]
    )
    past_periods = [period for period in periods if period.starts_on <= today] or periods[:1]
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(username=f"{prefix}bench-advisor-{number}", is_staff=True)
            for number in range(12)
        ]
    )
    advisors = advisor_model.objects.bulk_create(
        [advisor_model(user=user, name=f"Advisor {number}") for number, user in enumerate(users)]
    )
    count = context.sizes["pal_members"]
    guardians = guardian_model.objects.bulk_create(
        [
            guardian_model(
                name=f"Guardian {number}",
                relationship="Parent",
                phone="626-555-0100",
                email=f"{prefix}guardian{number}@example.org",
                address=f"{number} N Fair Oaks Ave, Pasadena, CA",
            )
            for number in range(max(1, count * 3 // 4))
        ]
    )
    now = timezone.now()
    enrollments = []
    for number in range(count):
        status = rng.choice(STATUSES)
        rides = rng.random() < 0.4
        enrollments.append(
            enrollment_model(
                term=school_year,
                guardian=guardians[number % len(guardians)],
                first_name=f"Member{number}",
                last_name=f"{prefix}Family{number % len(guardians)}",
                date_of_birth=start - datetime.timedelta(days=365 * rng.randint(9, 16) + 30),
                school=rng.choice(CAMPUSES),
                grade=rng.randint(4, 11),
                needs_transportation=rides,
                campus=rng.choice(campuses) if rides else None,
                consent_participation=True,
                consent_transportation=rides,
                media_consent=rng.random() < 0.7,
                signature=f"Guardian {number}",
                signed_at=now,
                status=status,
                waitlisted_at=now if status == "waitlisted" else None,
                advisor=rng.choice(advisors) if status == "accepted" else None,
            )
        )
    enrollments = enrollment_model.objects.bulk_create(enrollments, batch_size=1000)
    contact_model.objects.bulk_create(
        [
            contact_model(
                enrollment=enrollment,
                name=f"Emergency contact {order}",
                relationship="Aunt",
                phone="626-555-0101",
            )
            for enrollment in enrollments
            for order in (1, 2)
        ],
        batch_size=1000,
    )
    grades = [
        grade_model(
            enrollment=enrollment,
            period=period,
            gpa=Decimal(rng.randint(120, 400)) / 100,
        )
        for enrollment in enrollments
        if enrollment.status == "accepted"
        for period in past_periods
    ]
    grade_model.objects.bulk_create(grades, batch_size=1000)
    context.counts["PAL members"] = len(enrollments)
    context.counts["PAL GPAs"] = len(grades)
