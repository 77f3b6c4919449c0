"""Issue 14, gap 2 and 3: a public submission holds nothing until the link emailed to its
address is confirmed, and until then emails to that address carry no text typed by the
sender beyond their own name. Before the fix, an event registration took a place (or a
waitlist position) the moment the form was sent, for any address typed in."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import Registration
from pasadena_pd.models import StateChange
from tests.events.factories import EventFactory, RegistrationFactory
from tests.mail_links import confirm_by_email, emailed_link

pytestmark = pytest.mark.django_db


def register(client, event, email, name="Ana Lopez", **data):
    payload = {"name": name, "email": email, "party_size": "1", **data}
    return client.post(f"/events/{event.slug}/register/", payload)


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.PUBLIC_FORM_RATE = "0"


def test_an_unconfirmed_registration_holds_no_place_and_the_place_goes_at_confirmation(client):
    event = EventFactory(capacity=1)
    register(client, event, "victim@example.org", name="Typed by someone")

    # Nothing held: the event still has its place, and someone else takes it.
    assert "1 place left." in client.get(event.get_absolute_url()).text
    register(client, event, "ben@example.org", name="Ben")
    confirm_by_email(client, "ben@example.org")
    assert Registration.objects.get(email="ben@example.org").status == "confirmed"

    # Confirmed later, the first one is decided then: the waitlist, first in line.
    confirm_by_email(client, "victim@example.org")
    late = Registration.objects.get(email="victim@example.org")
    assert late.status == "waitlisted"
    assert "number 1 on the waitlist" in client.get(late.get_absolute_url()).text


def test_the_link_page_says_nothing_is_held_until_confirmed(client):
    event = EventFactory(capacity=5)
    register(client, event, "ana@example.org")
    page = client.get(emailed_link("ana@example.org")).text
    assert "please confirm your registration" in page
    assert "no place and no waitlist position is held for you" in page
    assert Registration.objects.get().status == "unconfirmed"


def test_the_email_to_an_unconfirmed_address_carries_only_the_senders_name(client):
    event = EventFactory(capacity=5)
    register(client, event, "victim@example.org", name="Ana", phone="626-555-0199")
    (message,) = mail.outbox
    assert "Hello Ana," in message.body
    assert "626-555-0199" not in message.body and "626-555-0199" not in message.subject
    assert "Please confirm your registration" in message.subject


def test_waitlist_order_is_the_order_of_confirmation(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)  # the place is taken
    register(client, event, "early@example.org")
    register(client, event, "late@example.org")
    confirm_by_email(client, "late@example.org")
    confirm_by_email(client, "early@example.org")
    order = list(event.registrations.waitlisted().values_list("email", flat=True))
    assert order == ["late@example.org", "early@example.org"]


def test_unconfirmed_registrations_expire_and_the_scheduled_task_deletes_them(client, settings):
    assert settings.UNCONFIRMED_EXPIRE_HOURS == 24
    event = EventFactory(capacity=5)
    register(client, event, "stale@example.org")
    register(client, event, "fresh@example.org")
    stale = Registration.objects.get(email="stale@example.org")
    Registration.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    # Too late to confirm: nothing is held.
    page = client.get(stale.get_absolute_url()).text
    assert "expired before it was confirmed" in page
    client.post(stale.get_absolute_url() + "confirm/")
    stale.refresh_from_db()
    assert stale.status == "unconfirmed"

    out = io.StringIO()
    call_command("apply_retention", stdout=out)

    assert "events.unconfirmed_registrations_deleted: 1" in out.getvalue()

    assert list(Registration.objects.values_list("email", flat=True)) == ["fresh@example.org"]
    assert not StateChange.objects.filter(object_id=stale.pk, to_state="unconfirmed").exists()


def test_event_news_goes_only_to_addresses_that_confirmed(client):
    from events.services.events import cancel_event
    from pasadena_pd.roles import EVENT_COORDINATORS
    from tests.factories import UserFactory

    event = EventFactory(capacity=5)
    register(client, event, "confirmed@example.org")
    confirm_by_email(client, "confirmed@example.org")
    register(client, event, "unconfirmed@example.org")
    mail.outbox.clear()

    cancel_event(event, by=UserFactory(roles=[EVENT_COORDINATORS]), reason="Storm")

    assert [m.to for m in mail.outbox] == [["confirmed@example.org"]]


def test_an_unconfirmed_block_party_is_not_listed_nor_reviewed_and_expires(client, today):
    from events.models import BlockParty
    from tests.security.public_forms import block_party

    today("2027-06-15 10:00")
    form = block_party()
    client.post(form.url, {**form.valid, "notes": "Typed by someone else"})
    party = BlockParty.objects.get()
    assert party.status == "unconfirmed"
    (message,) = mail.outbox
    assert "Grace Kim" in message.body
    assert "Navarro" not in message.body and "Typed by someone" not in message.body
    assert "Navarro Ave" not in client.get("/events/national-night-out/").text
    assert not BlockParty.objects.registered().exists()  # not for review, not listed

    BlockParty.objects.filter(pk=party.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert "events.unconfirmed_block_parties_deleted: 1" in out.getvalue()
    assert not BlockParty.objects.exists()


def test_an_unconfirmed_request_holds_no_resource_and_its_email_carries_only_the_name(client):
    """The issue's case: one anonymous request held the only unit of a resource for a date,
    and a later genuine request was refused "already booked"."""
    from outreach.models import PresentationRequest, ResourceBooking, SpecialResource
    from tests.factories import AreaFactory, SpecialistFactory
    from tests.outreach.factories import next_weekday, request_form_data

    SpecialistFactory(area=AreaFactory(name="Central", slug="central"))
    SpecialResource.objects.update_or_create(
        code="helicopter",
        defaults={"name": "Helicopter flyover", "units": 1, "lead_time_days": 30},
    )
    day = next_weekday(50)
    squat = request_form_data(
        day,
        resources=["helicopter"],
        submission_key="a" * 32,
        contact_name="Mallory",
        contact_email="victim@example.org",
        title="Call 555-0199 for a prize",
    )
    client.post("/outreach/request/", squat)
    (message,) = mail.outbox
    assert "Hello Mallory," in message.body
    assert "prize" not in message.body and "prize" not in message.subject
    assert not ResourceBooking.objects.exists()

    genuine = {**squat, "submission_key": "b" * 32, "contact_email": "rosa@example.org"}
    genuine["title"] = "Orange Grove fair"
    client.post("/outreach/request/", genuine)
    confirm_by_email(client, "rosa@example.org")

    booking = ResourceBooking.objects.get()
    assert booking.request.contact_email == "rosa@example.org"
    assert PresentationRequest.objects.get(contact_email="victim@example.org").status == (
        "unconfirmed"
    )


def _enroll(client, term, email, **data):
    from tests.pal.factories import enrollment_post_data

    return client.post("/pal/enroll/", enrollment_post_data(term, guardian_email=email, **data))


def test_an_unconfirmed_pal_application_holds_no_place_and_its_email_names_no_child(client):
    """The issue's case: applications sent with any address typed in filled the term, and
    pushed every later family onto the waiting list."""
    from pal.models import ActivitySignup, Enrollment
    from tests.pal.factories import SummerActivityFactory

    activity = SummerActivityFactory(capacity=1, min_age=9, max_age=17)
    term = activity.term
    term.capacity = 1
    term.save()
    _enroll(client, term, "victim@example.org", first_name="Squatter", activities=[activity.pk])
    (message,) = mail.outbox
    assert "Hello Rosa Lopez," in message.body
    assert "Squatter" not in message.body and "Squatter" not in message.subject
    page = client.get(emailed_link("victim@example.org")).text
    assert "Squatter" not in page
    assert "no place, no waiting list position and no class place is held" in page
    squatter = Enrollment.objects.get()
    assert squatter.status == "unconfirmed" and squatter.waitlist_position() is None
    assert not ActivitySignup.objects.exists()

    # A genuine family confirms and takes the place and the class place.
    _enroll(client, term, "rosa@example.org", first_name="Maya", activities=[activity.pk])
    confirm_by_email(client, "rosa@example.org")
    maya = Enrollment.objects.get(first_name="Maya")
    assert maya.status == "submitted"
    assert maya.activity_signups.get().status == "placed"

    # The same child typed in by someone else does not block the family either.
    _enroll(client, term, "victim@example.org", first_name="Leo")
    _enroll(client, term, "rosa@example.org", first_name="Leo")
    confirm_by_email(client, "rosa@example.org")
    assert Enrollment.objects.get(first_name="Leo", guardian__email="rosa@example.org").status == (
        "waitlisted"
    )


def test_unconfirmed_pal_applications_expire_and_the_scheduled_task_deletes_them(client):
    from pal.models import Enrollment, Guardian
    from tests.pal.factories import ProgramTermFactory

    term = ProgramTermFactory()
    _enroll(client, term, "stale@example.org", first_name="Stale")
    _enroll(client, term, "fresh@example.org", first_name="Fresh")
    stale = Enrollment.objects.get(first_name="Stale")
    Enrollment.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )

    # Too late to confirm: nothing is held.
    link = emailed_link("stale@example.org")
    assert "expired before it was confirmed" in client.get(link).text
    client.post(link + "confirm/")
    stale.refresh_from_db()
    assert stale.status == "unconfirmed"

    out = io.StringIO()
    call_command("apply_retention", stdout=out)

    assert "pal.unconfirmed_applications_deleted: 1" in out.getvalue()
    assert list(Enrollment.objects.values_list("first_name", flat=True)) == ["Fresh"]
    assert list(Guardian.objects.values_list("email", flat=True)) == ["fresh@example.org"]
    assert not StateChange.objects.filter(object_id=stale.pk, to_state="unconfirmed").exists()
