from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from pal.models import GradeRecord, ProgramTerm, YouthAdvisor
from tests.clock import years_from
from tests.pal.factories import (
    EnrollmentFactory,
    GradingPeriodFactory,
    MemberFactory,
    ProgramTermFactory,
    YouthAdvisorFactory,
    today,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("gpa", [Decimal("-0.01"), Decimal("4.01")])
def test_the_database_refuses_a_gpa_outside_0_to_4(gpa):
    member = MemberFactory()
    period = GradingPeriodFactory(term=member.term)
    with pytest.raises(IntegrityError), transaction.atomic():
        GradeRecord.objects.create(enrollment=member, period=period, gpa=gpa)


@pytest.mark.parametrize("gpa", ["4.5", "2.345", "-1"])
def test_full_clean_explains_a_malformed_gpa(gpa):
    member = MemberFactory()
    period = GradingPeriodFactory(term=member.term)
    with pytest.raises(ValidationError) as error:
        GradeRecord(enrollment=member, period=period, gpa=Decimal(gpa)).full_clean()
    assert "gpa" in error.value.message_dict


def test_the_database_refuses_the_same_child_twice_in_a_term_whatever_the_case():
    first = EnrollmentFactory(first_name="Maya", last_name="Lopez")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnrollmentFactory(
            term=first.term,
            guardian=first.guardian,
            first_name="MAYA",
            last_name="lopez",
            date_of_birth=first.date_of_birth,
        )


def test_the_same_child_may_join_another_term():
    first = EnrollmentFactory()
    other = EnrollmentFactory(
        term=ProgramTermFactory(),
        first_name=first.first_name,
        last_name=first.last_name,
        date_of_birth=first.date_of_birth,
    )
    assert other.pk != first.pk


def test_open_for_enrollment_uses_the_window():
    open_term = ProgramTermFactory()
    ProgramTermFactory(
        enrollment_opens=years_from(today(), 1),
        enrollment_closes=years_from(today(), 1),
        start_date=years_from(today(), 2),
    )
    assert list(ProgramTerm.objects.open_for_enrollment(today())) == [open_term]


def test_the_suggested_advisor_has_the_fewest_active_members():
    busy = YouthAdvisorFactory(name="A busy")
    free = YouthAdvisorFactory(name="B free")
    MemberFactory(advisor=busy)
    MemberFactory(advisor=free, status="declined")
    assert YouthAdvisor.objects.suggested() == free
