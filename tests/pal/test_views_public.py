import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pal.models import Enrollment, Guardian
from tests.mail_links import confirm_by_email, emailed_link
from tests.pal.factories import (
    EnrollmentFactory,
    ProgramTermFactory,
    SummerActivityFactory,
    YouthAdvisorFactory,
    birth_date_for_age,
    enrollment_post_data,
)

pytestmark = pytest.mark.django_db

ENROLL = "/pal/enroll/"


def test_index_shows_hours_eligibility_and_open_terms_but_no_member(client):
    term = ProgramTermFactory(name="School year 2099")
    EnrollmentFactory(term=term, first_name="Secretname")
    page = client.get("/pal/").content.decode()
    assert "School year 2099" in page
    assert "Monday" in page and "Friday" in page
    assert "noon – 5 p.m." in page
    assert "2 p.m. – 5 p.m." in page
    assert "9 to 17" in page
    assert "Secretname" not in page


def test_enroll_creates_the_application_and_emails_the_private_status_link(client):
    term = ProgramTermFactory()
    response = client.post(ENROLL, enrollment_post_data(term))
    enrollment = Enrollment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == "/pal/enroll/sent/"
    assert "check your email" in client.get(response["Location"]).content.decode()
    assert enrollment.media_consent is False
    assert enrollment.emergency_contacts.count() == 2
    assert enrollment.guardian.email == "rosa@example.org"
    assert enrollment.get_status_url() in mail.outbox[0].body


def test_the_enrollment_form_is_not_cached(client):
    ProgramTermFactory()
    assert "no-store" in client.get(ENROLL)["Cache-Control"]


def test_an_eight_year_old_is_refused_with_the_age_that_counts(client):
    term = ProgramTermFactory()
    data = enrollment_post_data(
        term, date_of_birth=birth_date_for_age(8, term.start_date).isoformat()
    )
    response = client.post(ENROLL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "this child will be 8." in page
    assert "9 to 17 years old on the first day of the term" in page
    assert Enrollment.objects.count() == 0 and Guardian.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", "cannot be in the future"),
        ("date_of_birth", "1850-01-01", "more than 100 years ago"),
        ("date_of_birth", "not-a-date", "Enter a valid date"),
        ("consent_participation", None, "consent for your child to take part"),
        ("term", "999999", "Select a valid choice"),
        ("grade", "99", "Select a valid choice"),
        ("media_consent", None, "This field is required"),
        ("signature", "", "This field is required"),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(client, field, value, message):
    term = ProgramTermFactory()
    response = client.post(ENROLL, enrollment_post_data(term, **{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_transportation_needs_a_campus_and_consent(client):
    term = ProgramTermFactory()
    response = client.post(ENROLL, enrollment_post_data(term, needs_transportation="on"))
    page = response.content.decode()
    assert "Choose the campus" in page
    assert "needs your consent to drive" in page
    assert Enrollment.objects.count() == 0


def test_a_class_outside_the_childs_age_band_is_refused(client):
    activity = SummerActivityFactory(name="Teen cooking", min_age=13, max_age=17)
    response = client.post(ENROLL, enrollment_post_data(activity.term, activities=[activity.pk]))
    assert "Teen cooking is for ages 13 to 17." in response.content.decode()


def test_the_same_child_twice_saves_nothing_and_the_family_on_record_is_emailed(client):
    term = ProgramTermFactory()
    client.post(ENROLL, enrollment_post_data(term))
    confirm_by_email(client, "rosa@example.org")
    client.post(
        ENROLL, enrollment_post_data(term, first_name="maya", guardian_email="x@example.net")
    )
    link = emailed_link("x@example.net")
    mail.outbox.clear()
    # Found at confirmation: the copy goes, and the family on record is told.
    client.post(link + "confirm/")
    assert Enrollment.objects.count() == 1
    [notice] = mail.outbox
    assert notice.to == ["rosa@example.org"]
    assert "already has an application" in notice.body


def test_another_child_of_the_family_without_retyping_the_guardian(client):
    term = ProgramTermFactory()
    client.post(ENROLL, enrollment_post_data(term))
    guardian = Guardian.objects.get()
    form_page = client.get(ENROLL, {"family": guardian.token}).content.decode()
    assert "guardian_email" not in form_page
    assert "Luis Lopez" in form_page  # emergency contacts carried over as a starting point
    data = enrollment_post_data(term, first_name="Leo")
    for name in ("name", "relationship", "phone", "email", "address"):
        data.pop(f"guardian_{name}")
    response = client.post(f"{ENROLL}?family={guardian.token}", data)
    assert response.status_code == 302
    assert list(Enrollment.objects.values_list("guardian_id", flat=True)) == [guardian.pk] * 2


def test_an_unknown_family_token_falls_back_to_the_full_form(client):
    ProgramTermFactory()
    page = client.get(ENROLL, {"family": "nope"}).content.decode()
    assert "guardian_email" in page


def test_the_honeypot_refuses_bots(client):
    term = ProgramTermFactory()
    client.post(ENROLL, enrollment_post_data(term, website="http://spam"))
    assert Enrollment.objects.count() == 0


def test_rate_limit_answers_429(client, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    term = ProgramTermFactory()
    client.post(ENROLL, enrollment_post_data(term, first_name="A"))
    response = client.post(ENROLL, enrollment_post_data(term, first_name="B"))
    assert response.status_code == 429
    assert 'value="B"' in response.content.decode()  # the typed form comes back
    assert Enrollment.objects.count() == 1


def test_status_page_shows_only_this_familys_data_and_is_not_cached(client):
    mine = EnrollmentFactory(first_name="Maya")
    sibling = EnrollmentFactory(first_name="Leo", guardian=mine.guardian)
    EnrollmentFactory(first_name="Stranger")
    response = client.get(mine.get_status_url())
    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Maya" in page and "Leo" in page
    assert "Stranger" not in page
    assert sibling.get_status_url() in page


def test_an_unknown_status_token_is_a_404(client):
    assert client.get("/pal/applications/not-a-token/").status_code == 404


def test_the_family_can_withdraw_from_the_status_page(client):
    enrollment = EnrollmentFactory()
    client.post(reverse("pal:application_withdraw", args=[enrollment.token]))
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"
    again = client.post(reverse("pal:application_withdraw", args=[enrollment.token]), follow=True)
    assert "cannot move" in again.content.decode()


def test_enroll_hides_every_posted_value_from_error_reports(client):
    term = ProgramTermFactory()
    response = client.post(ENROLL, enrollment_post_data(term))
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_a_child_too_young_for_a_past_start_is_pointed_to_a_term_they_fit(client):
    # Issue 16, item 9: the term has started (no "will be"), and Summer fits.
    today = timezone.localdate()
    running = ProgramTermFactory(
        name="School year 2026-27",
        start_date=today - datetime.timedelta(days=60),
        enrollment_opens=today - datetime.timedelta(days=90),
        enrollment_closes=today + datetime.timedelta(days=30),
    )
    ProgramTermFactory(
        name="Summer 2027",
        kind="summer",
        start_date=today + datetime.timedelta(days=200),
        enrollment_closes=today + datetime.timedelta(days=200),
    )
    birth = birth_date_for_age(9, today + datetime.timedelta(days=200))
    data = enrollment_post_data(running, date_of_birth=birth.isoformat())

    page = client.post(ENROLL, data).content.decode()

    assert "this child was 8." in page
    assert "will be" not in page
    assert "The child fits Summer 2027 (age 9 on" in page


def test_the_status_page_says_what_happens_next(client):
    accepted = EnrollmentFactory(
        first_name="Maya",
        status=Enrollment.Status.ACCEPTED,
        advisor=YouthAdvisorFactory(name="Jordan Lee", phone="626-555-0142"),
    )
    page = client.get(accepted.get_status_url()).content.decode()
    assert "What happens next" in page
    assert "PAL starts on" in page
    assert "Maya&#x27;s Youth Advisor is Jordan Lee, phone 626-555-0142." in page
    assert "Collect Maya at the PAL center by 5 p.m., when it closes." in page
    assert "latest report card" in page
