import datetime

import pytest
from django.core import mail

from events.errors import EventsError
from events.models import BlockParty
from events.services.block_parties import (
    confirm_block_party,
    decide_block_party,
    move_block_parties_to,
    note_block_party_edit,
    register_block_party,
)
from pasadena_pd.permissions import LinkHolder
from pasadena_pd.roles import EVENT_COORDINATORS
from pasadena_pd.workflow import history_of
from tests.events.factories import BlockPartyFactory, local_datetime, verified
from tests.factories import AreaFactory, UserFactory

pytestmark = pytest.mark.django_db
NIGHT = datetime.date(2027, 8, 3)


@pytest.fixture(autouse=True)
def _summer_before_the_night(today):
    # Registration for NIGHT closes shortly before it: these tests register in June 2027.
    today("2027-06-15")


def party_fields(**overrides):
    fields = {
        "host_name": "Grace Kim",
        "host_email": "grace@example.org",
        "host_phone": "626-555-0142",
        "street_address": "1220 Navarro Ave",
        "street_name": "Navarro Ave",
        "area": AreaFactory(),
        "year": 2027,
        "date": NIGHT,
        "starts_at": local_datetime(NIGHT, 17),
        "ends_at": local_datetime(NIGHT, 21),
        "expected_attendance": 40,
    }
    return {**fields, **overrides}


def test_registering_saves_an_unconfirmed_party_that_goes_to_review_once_confirmed(settings):
    settings.SITE_URL = "https://pd.example"  # no visitor: the setting
    party = register_block_party(**party_fields(notes="Typed"))
    assert party.status == BlockParty.Status.UNCONFIRMED
    (unconfirmed,) = mail.outbox
    assert unconfirmed.to == ["grace@example.org"]
    assert f"https://pd.example/events/block-parties/{party.token}/" in unconfirmed.body
    # Nothing typed by the sender but their name until the address is confirmed.
    assert "Navarro" not in unconfirmed.body and "626-555-0142" not in unconfirmed.body

    confirm_block_party(party, by=LinkHolder(party.token, "host"))

    party.refresh_from_db()
    assert party.status == BlockParty.Status.PENDING
    assert [c.to_state for c in history_of(party)] == ["unconfirmed", "pending"]
    assert "1220 Navarro Ave" in mail.outbox[-1].body  # confirmed: the usual email


def test_a_host_registers_one_party_per_night():
    first = register_block_party(**party_fields())
    confirm_block_party(first, by=LinkHolder(first.token, "host"))
    again = register_block_party(**party_fields(host_email="GRACE@example.org"))
    assert again == first  # the link is emailed again; nothing new saved
    assert BlockParty.objects.count() == 1
    assert mail.outbox[-1].to == ["grace@example.org"]


def test_confirming_an_expired_party_is_refused():
    party = register_block_party(**party_fields())
    later = party.created_at + datetime.timedelta(hours=25)
    with pytest.raises(EventsError, match="expired"):
        confirm_block_party(party, by=LinkHolder(party.token, "host"), now=later)
    party.refresh_from_db()
    assert party.status == BlockParty.Status.UNCONFIRMED


def test_a_coordinator_approves_and_the_host_is_emailed():
    coordinator = verified(UserFactory(roles=[EVENT_COORDINATORS]))
    party = BlockPartyFactory()
    decide_block_party(party, BlockParty.Status.APPROVED, by=coordinator)
    party.refresh_from_db()
    assert party.status == BlockParty.Status.APPROVED
    assert party.sequence == 1
    assert history_of(party).last().changed_by == coordinator
    assert "approved" in mail.outbox[-1].subject


def test_someone_without_the_role_cannot_approve():
    party = BlockPartyFactory()
    with pytest.raises(EventsError, match="permission"):
        decide_block_party(party, BlockParty.Status.APPROVED, by=UserFactory())
    party.refresh_from_db()
    assert (party.status, party.sequence) == (BlockParty.Status.PENDING, 0)


def test_declining_needs_a_reason_that_reaches_the_host():
    coordinator = verified(UserFactory(roles=[EVENT_COORDINATORS]))
    party = BlockPartyFactory()
    with pytest.raises(EventsError, match="reason"):
        decide_block_party(party, BlockParty.Status.DECLINED, by=coordinator)
    decide_block_party(party, BlockParty.Status.DECLINED, by=coordinator, reason="Duplicate")
    assert "Duplicate" in mail.outbox[-1].body


def test_the_host_can_cancel_but_not_approve():
    party = BlockPartyFactory()
    with pytest.raises(EventsError):
        decide_block_party(party, BlockParty.Status.APPROVED, by=LinkHolder(party.token, "host"))
    decide_block_party(party, BlockParty.Status.CANCELLED, by=LinkHolder(party.token, "host"))
    assert history_of(party).last().actor_label == "host"


def test_an_edit_of_time_or_place_raises_the_sequence():
    party = BlockPartyFactory()
    note_block_party_edit(party, changed={"notes"})
    assert party.sequence == 0
    note_block_party_edit(party, changed={"starts_at"})
    assert party.sequence == 1


def test_moving_the_night_keeps_the_wall_clock_times():
    party = BlockPartyFactory(year=2027, date=NIGHT)
    new_night = datetime.date(2027, 10, 5)
    assert move_block_parties_to(2027, new_night) == 1
    party.refresh_from_db()
    assert party.date == new_night
    assert party.starts_at == local_datetime(new_night, 17)
    assert party.sequence == 1
    assert move_block_parties_to(2027, new_night) == 0
