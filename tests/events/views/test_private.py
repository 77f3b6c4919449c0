import pytest
from django.core import mail

from events.models import BlockParty, Registration
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    OnlineEventFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_a_confirmed_registrant_sees_the_join_details_privately(client):
    registration = RegistrationFactory(event=OnlineEventFactory())
    response = client.get(registration.get_absolute_url())
    html = response.content.decode()
    assert "827 0000 0699" in html
    assert "https://meet.example.org/j/123456" in html
    assert "no-store" in response["Cache-Control"]


def test_a_waitlisted_registrant_sees_their_place_but_not_the_join_details(client):
    event = OnlineEventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    html = client.get(waiting.get_absolute_url()).content.decode()
    assert "number 1 on the waitlist" in html
    assert "827 0000 0699" not in html


def test_an_unknown_token_is_not_found(client):
    assert client.get("/events/registrations/not-a-real-token/").status_code == 404


def test_cancelling_from_the_private_page_promotes_the_waitlist(client):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    response = client.post(f"/events/registrations/{holder.token}/cancel/", follow=True)
    assert "Your registration is cancelled." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.email in [m.to[0] for m in mail.outbox]


def test_cancelling_twice_shows_a_message(client):
    registration = RegistrationFactory(status=Registration.Status.CANCELLED)
    response = client.post(f"/events/registrations/{registration.token}/cancel/", follow=True)
    assert "already cancelled" in response.content.decode()


def test_the_host_sees_and_cancels_their_block_party(client):
    party = BlockPartyFactory()
    page = client.get(party.get_absolute_url())
    assert party.street_address in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    response = client.post(f"/events/block-parties/{party.token}/cancel/", follow=True)
    assert "Your block party registration is cancelled." in response.content.decode()
    party.refresh_from_db()
    assert party.status == BlockParty.Status.CANCELLED
    again = client.post(f"/events/block-parties/{party.token}/cancel/", follow=True)
    assert again.status_code == 200
    assert "cannot move" in again.content.decode()


def test_no_cancel_button_after_the_event(client):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(hours=3), ends_at=now - datetime.timedelta(hours=2)
    )
    registration = RegistrationFactory(event=event)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert "Cancel my registration" not in html
