import pytest

from pal import demo
from pal.models import Enrollment, GradeRecord, ProgramTerm, SummerActivity, YouthAdvisor
from pasadena_pd.roles import YOUTH_ADVISORS, has_role

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_builds_both_terms():
    demo.seed()
    counts = [
        Enrollment.objects.count(),
        GradeRecord.objects.count(),
        SummerActivity.objects.count(),
    ]
    demo.seed()
    assert [
        Enrollment.objects.count(),
        GradeRecord.objects.count(),
        SummerActivity.objects.count(),
    ] == counts
    assert set(ProgramTerm.objects.values_list("kind", flat=True)) == {"school_year", "summer"}
    assert counts[0] == 4 and counts[2] == 9
    assert all(has_role(advisor.user, YOUTH_ADVISORS) for advisor in YouthAdvisor.objects.all())
    assert all(not advisor.user.has_usable_password() for advisor in YouthAdvisor.objects.all())
