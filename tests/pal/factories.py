"""Factories for PAL tests: dates relative to today so they do not rot."""

import datetime

import factory
from django.utils import timezone

from pal.models import (
    Campus,
    Enrollment,
    GradingPeriod,
    Guardian,
    ProgramTerm,
    SummerActivity,
    YouthAdvisor,
)
from pal.services.consent import current_version
from pasadena_pd.roles import YOUTH_ADVISORS
from tests.clock import years_from
from tests.factories import UserFactory


def today():
    return timezone.localdate()


def birth_date_for_age(age: int, on: datetime.date) -> datetime.date:
    """A birthday well inside the year, `age` years before `on`."""
    return years_from(on, -age) - datetime.timedelta(days=30)


class ProgramTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramTerm

    name = factory.Sequence(lambda n: f"School year {n}")
    kind = ProgramTerm.Kind.SCHOOL_YEAR
    start_date = factory.LazyFunction(lambda: today() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda term: term.start_date + datetime.timedelta(days=280))
    enrollment_opens = factory.LazyFunction(lambda: today() - datetime.timedelta(days=10))
    enrollment_closes = factory.LazyAttribute(lambda term: term.start_date)
    capacity = 30


class CurrentSchoolYearFactory(ProgramTermFactory):
    """A school year that is running today (for GPAs, needs support, transportation)."""

    start_date = factory.LazyFunction(lambda: today() - datetime.timedelta(days=100))
    enrollment_opens = factory.LazyAttribute(lambda t: t.start_date - datetime.timedelta(days=30))
    enrollment_closes = factory.LazyFunction(lambda: today() + datetime.timedelta(days=60))


class SummerTermFactory(ProgramTermFactory):
    name = factory.Sequence(lambda n: f"Summer {n}")
    kind = ProgramTerm.Kind.SUMMER
    end_date = factory.LazyAttribute(lambda term: term.start_date + datetime.timedelta(days=50))


class SummerActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SummerActivity

    term = factory.SubFactory(SummerTermFactory)
    name = factory.Sequence(lambda n: f"Art class {n}")
    capacity = 10
    weekdays = [0, 2]
    start_time = datetime.time(10, 0)
    end_time = datetime.time(12, 0)


class GradingPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GradingPeriod

    term = factory.SubFactory(CurrentSchoolYearFactory)
    name = factory.Sequence(lambda n: f"Period {n}")
    starts_on = factory.LazyAttribute(lambda period: period.term.start_date)


class CampusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campus
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Campus {n} Middle School")
    pickup_time = datetime.time(15, 0)


class YouthAdvisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthAdvisor

    user = factory.SubFactory(UserFactory, roles=[YOUTH_ADVISORS])
    name = factory.Sequence(lambda n: f"Advisor {n}")


class GuardianFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guardian

    name = factory.Sequence(lambda n: f"Guardian {n}")
    relationship = "Mother"
    phone = "626-555-0111"
    email = factory.Sequence(lambda n: f"guardian{n}@example.org")
    address = "1 Main St, Pasadena"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    term = factory.SubFactory(ProgramTermFactory)
    guardian = factory.SubFactory(GuardianFactory)
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Rivera"
    date_of_birth = factory.LazyAttribute(lambda e: birth_date_for_age(11, e.term.start_date))
    school = "Washington Middle School"
    grade = 6
    consent_participation = True
    media_consent = False
    signature = "Guardian"
    signed_at = factory.LazyFunction(timezone.now)
    consent_version = factory.LazyFunction(current_version)
    consented_at = factory.SelfAttribute("signed_at")
    status = Enrollment.Status.SUBMITTED


class MemberFactory(EnrollmentFactory):
    term = factory.SubFactory(CurrentSchoolYearFactory)
    status = Enrollment.Status.ACCEPTED
    advisor = factory.SubFactory(YouthAdvisorFactory)


def enrollment_post_data(program_term, **overrides) -> dict:
    """A complete, valid enrollment form submission for an 11-year-old."""
    data = {
        "term": program_term.pk,
        "first_name": "Maya",
        "last_name": "Lopez",
        "date_of_birth": birth_date_for_age(11, program_term.start_date).isoformat(),
        "school": "Washington Middle School",
        "grade": "6",
        "allergies_medical": "Peanuts",
        "guardian_name": "Rosa Lopez",
        "guardian_relationship": "Mother",
        "guardian_phone": "626-555-0123",
        "guardian_email": "rosa@example.org",
        "guardian_address": "12 Orange Grove Blvd, Pasadena",
        "contact1_name": "Luis Lopez",
        "contact1_relationship": "Uncle",
        "contact1_phone": "626-555-0124",
        "contact2_name": "Ana Diaz",
        "contact2_relationship": "Neighbor",
        "contact2_phone": "626-555-0125",
        "consent_participation": "on",
        "media_consent": "no",
        "signature": "Rosa Lopez",
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
