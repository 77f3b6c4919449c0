import threading
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection

from pal.errors import EnrollmentError
from pal.models import ActivitySignup, EmergencyContact, Enrollment, GradeRecord, Guardian
from pal.services import advising, enrollments
from pal.services.confirmation import confirm_enrollment
from pasadena_pd.models import StateChange
from pasadena_pd.permissions import LinkHolder
from pasadena_pd.roles import PAL_STAFF
from pasadena_pd.workflow import TransitionError, history_of
from tests.clock import years_from
from tests.factories import UserFactory
from tests.pal.factories import (
    EnrollmentFactory,
    GradingPeriodFactory,
    GuardianFactory,
    MemberFactory,
    ProgramTermFactory,
    SummerActivityFactory,
    YouthAdvisorFactory,
    birth_date_for_age,
    today,
)
from tests.security.otp import verified

pytestmark = pytest.mark.django_db

GUARDIAN = {
    "name": "Rosa Lopez",
    "relationship": "Mother",
    "phone": "626-555-0123",
    "email": "rosa@example.org",
    "address": "12 Orange Grove Blvd",
}
CONTACTS = [
    {"name": "Luis Lopez", "relationship": "Uncle", "phone": "626-555-0124"},
    {"name": "Ana Diaz", "relationship": "Neighbor", "phone": "626-555-0125"},
]


def child(term, first_name="Maya", age=11, **extra):
    return {
        "first_name": first_name,
        "last_name": "Lopez",
        "date_of_birth": birth_date_for_age(age, term.start_date),
        "school": "Washington Middle School",
        "grade": 6,
        "needs_transportation": False,
        "campus": None,
        "allergies_medical": "",
        "consent_participation": True,
        "consent_transportation": False,
        "media_consent": True,
        "signature": "Rosa Lopez",
        **extra,
    }


def submit(term, guardian=None, activities=(), confirm=True, **child_extra):
    """Send the form; a new guardian then confirms through the emailed link (issue 14).
    Returns the application as it stands (None when confirmation dropped a duplicate)."""
    enrollment = enrollments.submit_enrollment(
        term=term,
        guardian=guardian,
        guardian_data=None if guardian else GUARDIAN,
        child_data=child(term, **child_extra),
        contacts=CONTACTS,
        activities=list(activities),
        today=today(),
    )
    if guardian is None and confirm:
        confirm_enrollment(enrollment, by=LinkHolder(enrollment.token, "guardian"), today=today())
        return Enrollment.objects.filter(pk=enrollment.pk).first()
    return enrollment


def test_submit_saves_everything_records_history_and_emails_the_status_link(settings):
    settings.SITE_URL = "https://pal.example.org"  # no visitor: the setting
    term = ProgramTermFactory()
    enrollment = submit(term)
    assert enrollment.status == Enrollment.Status.SUBMITTED
    assert EmergencyContact.objects.filter(enrollment=enrollment).count() == 2
    assert [c.to_state for c in history_of(enrollment)] == ["unconfirmed", "submitted"]
    assert enrollment.signed_at is not None
    # The link to confirm (the guardian's name only), then the application received.
    assert [m.to for m in mail.outbox] == [["rosa@example.org"]] * 2
    assert "Maya" not in mail.outbox[0].body and "Maya" in mail.outbox[1].body
    assert f"https://pal.example.org/pal/applications/{enrollment.token}/" in mail.outbox[1].body


def test_a_second_child_reuses_the_guardian():
    term = ProgramTermFactory()
    first = submit(term)
    second = submit(term, guardian=first.guardian, first_name="Leo")
    assert second.guardian == first.guardian
    assert Guardian.objects.count() == 1


def test_an_eight_year_old_is_refused_with_the_age_that_counts_and_nothing_is_saved():
    term = ProgramTermFactory()
    with pytest.raises(EnrollmentError, match="would be 8 on"):
        submit(term, age=8)
    assert Enrollment.objects.count() == 0
    assert Guardian.objects.count() == 0


def test_the_same_child_twice_in_one_term_is_refused_and_nothing_half_saved():
    term = ProgramTermFactory()
    first = submit(term)
    with pytest.raises(EnrollmentError, match="already enrolled"):
        submit(term, guardian=first.guardian, first_name="MAYA")
    # Without the family link, the copy is dropped at confirmation (nothing is kept).
    assert submit(term, first_name="MAYA") is None
    assert Enrollment.objects.count() == 1
    assert Guardian.objects.count() == 1


def test_a_closed_term_refuses():
    term = ProgramTermFactory(
        enrollment_opens=years_from(today(), -1),
        enrollment_closes=years_from(today(), -1),
    )
    with pytest.raises(EnrollmentError, match="closed"):
        submit(term)


def test_a_full_term_waitlists_in_order_and_promotes_the_first_when_a_place_frees():
    term = ProgramTermFactory(capacity=1)
    holder = submit(term, first_name="First")
    second = submit(term, first_name="Second")
    third = submit(term, first_name="Third")
    assert [second.status, third.status] == ["waitlisted", "waitlisted"]
    assert (second.waitlist_position(), third.waitlist_position()) == (1, 2)

    enrollments.withdraw_enrollment(holder, by=LinkHolder(holder.token, "guardian"))

    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.status, third.status) == ("submitted", "waitlisted")
    assert third.waitlist_position() == 1
    assert any("A place opened" in message.body for message in mail.outbox)


def test_declining_a_waitlisted_application_promotes_nobody():
    term = ProgramTermFactory(capacity=1)
    submit(term, first_name="First")
    second = submit(term, first_name="Second")
    third = submit(term, first_name="Third")
    staff = verified(UserFactory(roles=[PAL_STAFF]))
    enrollments.decline_enrollment(second, by=staff, reason="The family moved away.")
    third.refresh_from_db()
    assert third.status == "waitlisted"
    assert third.waitlist_position() == 1


def test_a_full_class_waitlists_and_promotes_when_a_place_frees():
    activity = SummerActivityFactory(capacity=1)
    first = submit(activity.term, activities=[activity], first_name="First")
    second = submit(activity.term, activities=[activity], first_name="Second")
    signup = ActivitySignup.objects.get(enrollment=second)
    assert signup.status == "waitlisted"
    assert signup.waitlist_position() == 1
    enrollments.withdraw_enrollment(first, by=LinkHolder(first.token, "guardian"))
    signup.refresh_from_db()
    assert signup.status == "placed"


def test_accept_needs_pal_staff_and_an_advisor_for_the_school_year():
    enrollment = EnrollmentFactory()
    advisor = YouthAdvisorFactory()
    with pytest.raises(TransitionError):
        enrollments.accept_enrollment(enrollment, by=verified(advisor.user), advisor=advisor)
    staff = verified(UserFactory(roles=[PAL_STAFF]))
    with pytest.raises(TransitionError, match="Youth Advisor"):
        enrollments.accept_enrollment(enrollment, by=staff)
    enrollments.accept_enrollment(enrollment, by=staff, advisor=advisor)
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.advisor) == ("accepted", advisor)
    change = StateChange.objects.filter(object_id=enrollment.pk).last()
    assert (change.to_state, change.changed_by) == ("accepted", staff)


def test_record_gpa_by_own_advisor_and_refused_for_another():
    member = MemberFactory()
    period = GradingPeriodFactory(term=member.term)
    advising.record_gpa(
        enrollment=member, period=period, gpa=Decimal("1.80"), by=verified(member.advisor.user)
    )
    advising.record_gpa(
        enrollment=member, period=period, gpa=Decimal("1.90"), by=verified(member.advisor.user)
    )
    assert list(GradeRecord.objects.values_list("gpa", flat=True)) == [Decimal("1.90")]
    other = YouthAdvisorFactory()
    with pytest.raises(TransitionError):
        advising.record_gpa(
            enrollment=member, period=period, gpa=Decimal("3"), by=verified(other.user)
        )


def test_logs_never_carry_the_childs_name(caplog):
    caplog.set_level("DEBUG", logger="pal")
    term = ProgramTermFactory()
    first = submit(term, first_name="Zebedee")
    with pytest.raises(EnrollmentError):
        submit(term, guardian=first.guardian, first_name="Zebedee")
    submit(term, first_name="Zebedee")
    assert caplog.records  # something was logged...
    assert "Zebedee" not in caplog.text  # ...but not the child
    assert "Lopez" not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_never_exceed_the_terms_places():
    term = ProgramTermFactory(capacity=2)
    guardian = GuardianFactory()
    results = []
    barrier = threading.Barrier(6)

    def worker(number):
        try:
            barrier.wait()
            enrollment = submit(term, guardian=guardian, first_name=f"Child{number}")
            results.append(enrollment.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["submitted"] * 2 + ["waitlisted"] * 4
    assert Enrollment.objects.holding_a_place().count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_signups_never_exceed_a_class_places():
    activity = SummerActivityFactory(capacity=1, term__capacity=50)
    guardian = GuardianFactory()
    barrier = threading.Barrier(5)

    def worker(number):
        try:
            barrier.wait()
            submit(activity.term, guardian=guardian, activities=[activity], first_name=f"K{number}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert activity.signups.placed().count() == 1
    assert activity.signups.waitlist().count() == 4


def test_a_class_of_another_age_band_is_refused_and_nothing_is_saved():
    activity = SummerActivityFactory(min_age=13, max_age=17)
    with pytest.raises(EnrollmentError, match="ages 13 to 17"):
        submit(activity.term, activities=[activity], age=10)
    assert Enrollment.objects.count() == 0
    assert ActivitySignup.objects.count() == 0


def test_a_pal_staff_password_alone_decides_nothing():
    enrollment = EnrollmentFactory()
    staff = UserFactory(roles=[PAL_STAFF])  # signed in, second factor not verified

    with pytest.raises(TransitionError):
        enrollments.decline_enrollment(enrollment, by=staff)

    enrollment.refresh_from_db()
    assert enrollment.status == "submitted"


def test_a_family_withdraws_only_with_its_own_status_link():
    mine, other = EnrollmentFactory(), EnrollmentFactory()

    with pytest.raises(TransitionError):
        enrollments.withdraw_enrollment(mine, by=LinkHolder(other.token, "guardian"))
    enrollments.withdraw_enrollment(mine, by=LinkHolder(mine.token, "guardian"))

    mine.refresh_from_db()
    change = history_of(mine).last()
    assert (mine.status, change.actor_label) == ("withdrawn", "guardian")
