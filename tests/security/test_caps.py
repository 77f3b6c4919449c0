"""Issue 14, gap 2: caps against hoarding, each a setting. One family link enrolled 60
children and filled a term; one address could hold the section's calendar with requests."""

import pytest
from django.core import mail

from outreach.models import PresentationRequest
from pal.models import Enrollment, Guardian
from tests.mail_links import confirm_by_email
from tests.pal.factories import ProgramTermFactory, enrollment_post_data
from tests.security import public_forms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forms_open")]

ENROLL = "/pal/enroll/"


def test_a_family_link_enrolls_eight_children_and_the_ninth_is_not_saved(client, settings):
    settings.PUBLIC_FORM_RATE = "0"
    assert settings.PAL_CHILDREN_PER_FAMILY == 8
    term = ProgramTermFactory(capacity=60)
    client.post(ENROLL, enrollment_post_data(term, first_name="Child0"))
    confirm_by_email(client, "rosa@example.org")
    family = Guardian.objects.get().token
    answers = []
    for number in range(1, 9):
        data = enrollment_post_data(term, first_name=f"Child{number}")
        for name in ("name", "relationship", "phone", "email", "address"):
            data.pop(f"guardian_{name}")
        answers.append(client.post(f"{ENROLL}?family={family}", data)["Location"])

    assert Enrollment.objects.filter(term=term).count() == 8
    assert set(answers) == {"/pal/enroll/sent/"}  # the ninth gets the same answer
    assert "can have 8 children's applications in one term" in mail.outbox[-1].body
    assert mail.outbox[-1].to == ["rosa@example.org"]


def test_typing_the_same_guardian_email_again_does_not_get_around_the_cap(client, settings):
    settings.PUBLIC_FORM_RATE = "0"
    settings.PAL_CHILDREN_PER_FAMILY = 2
    term = ProgramTermFactory()
    for number in range(3):
        data = enrollment_post_data(term, first_name=f"Kid{number}")
        data["guardian_email"] = "ROSA@example.org" if number == 2 else "rosa@example.org"
        client.post(ENROLL, data)
        confirm_by_email(client, "rosa@example.org")  # the cap is checked at confirmation

    assert Enrollment.objects.filter(term=term).count() == 2
    assert "This application was not saved" in mail.outbox[-1].body


def test_one_address_has_at_most_three_open_requests(client, settings):
    settings.PUBLIC_FORM_RATE = "0"
    assert settings.OUTREACH_OPEN_REQUESTS_PER_EMAIL == 3
    form = public_forms.presentation_request()
    for number in range(3):
        client.post(form.url, {**form.valid, "title": f"Watch meeting {number}"})
        confirm_by_email(client, form.valid["contact_email"])  # open once confirmed
    assert PresentationRequest.objects.open().count() == 3

    fourth = {**form.valid, "title": "Fourth", "contact_email": form.valid["contact_email"].upper()}
    page = client.post(form.url, fourth).content.decode()
    other_address = client.post(form.url, {**fourth, "contact_email": "someone@example.net"})

    assert "One email address can have 3 requests open at a time" in page
    assert other_address.status_code == 303
    assert PresentationRequest.objects.count() == 4
