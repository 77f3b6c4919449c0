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
