"""Issue 14: consent is stored against the exact wording the guardian saw. Versions are kept
and never edited; a new version asks families to consent again; staff see which version
was signed and when."""

import importlib

import pytest
from django.apps import apps
from django.core import mail

from pal.models import ConsentText, ConsentVersion, Enrollment
from pal.models.consent import FrozenConsent
from pal.services.consent import current_version
from pasadena_pd.models import RecordActivity
from tests.pal.factories import (
    EnrollmentFactory,
    MemberFactory,
    ProgramTermFactory,
    enrollment_post_data,
)
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db

ENROLL = "/pal/enroll/"


def publish(media="May PAL post photos of my child on the PAL social media pages?"):
    """A new version, as PAL Staff publish it in the admin."""
    version = ConsentVersion.objects.create(summary="Social media")
    for language in ("en", "es"):
        ConsentText.objects.create(
            version=version,
            language=language,
            participation="I allow my child to take part in PAL activities and outings",
            transportation="I allow PAL to drive my child",
            media=media if language == "en" else "¿Puede PAL publicar fotos en redes sociales?",
        )
    return version


def test_version_1_holds_the_wording_signed_before_versions_and_every_enrollment_is_linked():
    migration = importlib.import_module("pal.migrations.0007_consent_version_1")
    old = EnrollmentFactory(consent_version=None, consented_at=None)
    Enrollment.objects.update(consent_version=None)
    ConsentText.objects.all().delete()
    ConsentVersion.objects.all().delete()

    migration.create_version_1(apps, None)

    old.refresh_from_db()
    assert old.consent_version.number == 1
    assert old.consented_at == old.signed_at
    assert old.consent_version.text("en").media == (
        "May PAL use photos or videos in which my child appears?"
    )
    assert old.consent_version.text("es").participation.startswith("Autorizo a mi hijo")


def test_the_form_shows_the_current_wording_and_the_application_records_that_version(client):
    version = publish()
    term = ProgramTermFactory()
    assert "on the PAL social media pages" in client.get(ENROLL).text

    client.post(ENROLL, enrollment_post_data(term, consent_version=str(version.number)))

    enrollment = Enrollment.objects.get()
    assert enrollment.consent_version == version
    assert enrollment.consented_at == enrollment.signed_at


def test_the_spanish_form_shows_the_spanish_wording(client):
    publish()
    ProgramTermFactory()
    page = client.get(ENROLL, HTTP_ACCEPT_LANGUAGE="es").text
    assert "¿Puede PAL publicar fotos en redes sociales?" in page


def test_a_form_read_under_an_older_version_is_not_taken_as_consent_to_the_new_one(client):
    term = ProgramTermFactory()
    seen = current_version().number
    publish()

    response = client.post(ENROLL, enrollment_post_data(term, consent_version=str(seen)))

    assert not Enrollment.objects.exists()
    assert "The consent wording changed while you filled in the form" in response.text
    assert "on the PAL social media pages" in response.text


def test_a_published_version_is_never_edited_in_place():
    version = current_version()
    text = version.text("en")
    text.media = "Something the families never read"
    with pytest.raises(FrozenConsent):
        text.save()
    version.summary = "rewritten"
    with pytest.raises(FrozenConsent):
        version.save()


def test_in_the_admin_a_version_is_added_then_read_only(client, pal_staff):
    verify_client(client, pal_staff)
    version = current_version()
    page = client.get(f"/admin/pal/consentversion/{version.pk}/change/").text
    assert 'name="_save"' not in page  # view only
    assert "May PAL use photos or videos" in page
    assert client.get("/admin/pal/consentversion/add/").status_code == 200
    assert client.post(f"/admin/pal/consentversion/{version.pk}/delete/").status_code == 403


def test_a_new_version_asks_the_family_to_consent_again_and_staff_see_what_was_signed(
    client, pal_staff
):
    member = MemberFactory(media_consent=False)
    closed = EnrollmentFactory(status=Enrollment.Status.WITHDRAWN)
    first = member.consent_version
    assert "Please consent again" not in client.get(member.get_status_url()).text
    new = publish()

    page = client.get(member.get_status_url()).text
    assert "Please consent again" in page and "on the PAL social media pages" in page
    assert "Please consent again" not in client.get(closed.get_status_url()).text
    verify_client(client, pal_staff)
    staff_page = client.get(f"/pal/staff/members/{member.pk}/").text
    assert f"Version {first.number}," in staff_page
    assert "the family is asked to consent again" in staff_page
    client.logout()

    response = client.post(
        f"/pal/applications/{member.token}/consent/",
        {
            "consent_participation": "on",
            "media_consent": "yes",
            "signature": "Rosa Lopez",
            "consent_version": str(new.number),
        },
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.consent_version, member.media_consent) == (new, True)
    assert member.consented_at > member.signed_at
    activity = RecordActivity.objects.get(object_id=member.pk, detail__startswith="Consent")
    assert f"Consent version {new.number} signed by Rosa Lopez" in activity.detail
    assert "Please consent again" not in client.get(member.get_status_url()).text
    verify_client(client, pal_staff)
    staff_page = client.get(f"/pal/staff/members/{member.pk}/").text
    assert f"Version {new.number}," in staff_page
    assert "asked to consent again" not in staff_page
    assert not mail.outbox


def test_consenting_again_without_the_participation_box_changes_nothing(client):
    member = MemberFactory()
    first = member.consent_version
    new = publish()
    response = client.post(
        f"/pal/applications/{member.token}/consent/",
        {"media_consent": "yes", "signature": "Rosa", "consent_version": str(new.number)},
    )
    assert response.status_code == 400
    assert "PAL needs your consent for your child to take part." in response.text
    member.refresh_from_db()
    assert member.consent_version == first
