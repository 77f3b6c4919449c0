import csv
import io

import pytest
from django.core import mail

from events.models import BlockParty, Event, Registration
from pasadena_pd.roles import NEIGHBORHOOD_SERVICES
from pasadena_pd.workflow import history_of
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    RegistrationFactory,
    local_datetime,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_coordinators_approve_block_parties_from_the_list(coordinator_client):
    party = BlockPartyFactory()
    response = coordinator_client.post(
        "/admin/events/blockparty/",
        {"action": "approve", "_selected_action": [party.pk]},
        follow=True,
    )
    assert "1 block party updated." in response.content.decode()
    party.refresh_from_db()
    assert party.status == BlockParty.Status.APPROVED
    assert history_of(party).last().to_state == "approved"


def test_declining_asks_for_a_reason_then_emails_the_host(coordinator_client):
    party = BlockPartyFactory(host_email="grace@example.org")
    selection = {"action": "decline", "_selected_action": [party.pk]}
    ask = coordinator_client.post("/admin/events/blockparty/", selection)
    assert "Reason (sent to the people concerned)" in ask.content.decode()
    missing = coordinator_client.post("/admin/events/blockparty/", {**selection, "apply": "1"})
    assert "This field is required." in missing.content.decode()
    party.refresh_from_db()
    assert party.status == BlockParty.Status.PENDING

    coordinator_client.post(
        "/admin/events/blockparty/", {**selection, "apply": "1", "reason": "Street closed"}
    )
    party.refresh_from_db()
    assert party.status == BlockParty.Status.DECLINED
    assert history_of(party).last().reason == "Street closed"
    assert mail.outbox[-1].to == ["grace@example.org"]
    assert "Street closed" in mail.outbox[-1].body


def test_the_registration_list_exports_to_csv(coordinator_client):
    event = EventFactory(title="Night In", capacity=1)
    RegistrationFactory(event=event, name="Ana", email="ana@example.org")
    RegistrationFactory(
        event=event, name="=HYPERLINK(1)", email="b@example.org", status="waitlisted"
    )
    response = coordinator_client.post(
        "/admin/events/event/",
        {"action": "export_registrations_csv", "_selected_action": [event.pk]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "event",
        "name",
        "email",
        "phone",
        "party_size",
        "status",
        "created_at",
        "waitlist_position",
    ]
    assert rows[1][:3] == ["Night In", "Ana", "ana@example.org"]
    assert rows[2][1] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert rows[2][-1] == "1"


def test_moving_an_event_in_admin_raises_its_sequence(coordinator_client):
    event = EventFactory(slug="watch", kind="neighborhood_watch")
    RegistrationFactory(event=event, email="a@example.org")
    new_start = local_datetime(event.starts_at.date(), 19)
    data = {
        "kind": event.kind,
        "title": event.title,
        "slug": event.slug,
        "published": "on",
        "starts_at_0": new_start.strftime("%Y-%m-%d"),
        "starts_at_1": "19:00:00",
        "ends_at_0": new_start.strftime("%Y-%m-%d"),
        "ends_at_1": "20:00:00",
        "takes_registrations": "on",
        "max_party_size": "4",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "pasadena_pd-statechange-content_type-object_id-TOTAL_FORMS": "0",
        "pasadena_pd-statechange-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = coordinator_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert event.sequence == 1
    assert mail.outbox[-1].to == ["a@example.org"]


def test_cancelling_registrations_in_admin_promotes_the_waitlist(coordinator_client):
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status="waitlisted")
    coordinator_client.post(
        "/admin/events/registration/",
        {"action": "cancel_selected", "_selected_action": [holder.pk]},
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_admin_pages_open(coordinator_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    party = BlockPartyFactory()
    for url in [
        "/admin/events/event/",
        f"/admin/events/event/{event.pk}/change/",
        "/admin/events/registration/?status=waitlisted",
        f"/admin/events/registration/{registration.pk}/change/",
        "/admin/events/blockparty/",
        f"/admin/events/blockparty/{party.pk}/change/",
        "/admin/events/nationalnightoutdate/add/",
    ]:
        assert coordinator_client.get(url).status_code == 200, url


def event_form_data(event, **overrides):
    start = event.starts_at.astimezone(event.starts_at.tzinfo)
    data = {
        "kind": event.kind,
        "title": event.title,
        "slug": event.slug,
        "published": "on",
        "starts_at_0": f"{start:%Y-%m-%d}",
        "starts_at_1": "18:30:00",
        "ends_at_0": f"{start:%Y-%m-%d}",
        "ends_at_1": "19:30:00",
        "takes_registrations": "on",
        "max_party_size": "4",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "pasadena_pd-statechange-content_type-object_id-TOTAL_FORMS": "0",
        "pasadena_pd-statechange-content_type-object_id-INITIAL_FORMS": "0",
    }
    return {**data, **overrides}


def test_the_change_form_has_no_cancelled_checkbox(coordinator_client):
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    coordinator_client.post(
        f"/admin/events/event/{event.pk}/change/",
        event_form_data(event, cancelled="on", status="cancelled", cancellation_reason="x"),
    )
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED
    assert event.cancellation_reason == ""
    assert not [m for m in mail.outbox if "Cancelled" in m.subject]
    assert not history_of(event).exists()


def test_cancelling_asks_for_a_reason_then_emails_registrants_with_history(coordinator_client):
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    selection = {"action": "cancel_events", "_selected_action": [event.pk]}
    ask = coordinator_client.post("/admin/events/event/", selection)
    assert "Reason (sent to the people concerned)" in ask.content.decode()
    missing = coordinator_client.post("/admin/events/event/", {**selection, "apply": "1"})
    assert "This field is required." in missing.content.decode()
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED

    coordinator_client.post(
        "/admin/events/event/", {**selection, "apply": "1", "reason": "Heat advisory"}
    )
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason, event.sequence) == (
        "cancelled",
        "Heat advisory",
        1,
    )
    last = history_of(event).last()
    assert (last.from_state, last.to_state, last.reason) == (
        "scheduled",
        "cancelled",
        "Heat advisory",
    )
    assert mail.outbox[-1].to == ["a@example.org"]
    assert "Cancelled" in mail.outbox[-1].subject


def _with_one_session(event, starts: str, ends: str) -> dict:
    """The event's change form with one new session on the event's day."""
    day = f"{event.starts_at:%Y-%m-%d}"
    return event_form_data(
        event,
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-starts_at_0": day,
            "sessions-0-starts_at_1": starts,
            "sessions-0-ends_at_0": day,
            "sessions-0-ends_at_1": ends,
        },
    )


def test_a_session_that_ends_before_it_starts_is_a_form_error(coordinator_client):
    event = EventFactory()
    data = _with_one_session(event, "18:00:00", "17:00:00")
    response = coordinator_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 200
    assert "A session must end after it starts." in response.content.decode()


def test_editing_a_registration_to_a_taken_email_is_a_form_error(coordinator_client):
    event = EventFactory()
    RegistrationFactory(event=event, email="taken@example.org")
    other = RegistrationFactory(event=event)
    response = coordinator_client.post(
        f"/admin/events/registration/{other.pk}/change/",
        {
            "name": other.name,
            "email": "TAKEN@example.org",
            "phone": "",
            "pasadena_pd-statechange-content_type-object_id-TOTAL_FORMS": "0",
            "pasadena_pd-statechange-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "already registered" in response.content.decode()


def test_the_registration_list_shows_waitlist_positions_in_few_queries(
    coordinator_client, django_assert_max_num_queries
):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory.create_batch(3, event=event, status="waitlisted")
    with django_assert_max_num_queries(12):
        response = coordinator_client.get("/admin/events/registration/?status=waitlisted")
    positions = sorted(r.waitlist_position for r in response.context["cl"].result_list)
    assert positions == [1, 2, 3]


def test_adding_a_session_in_admin_raises_the_sequence(coordinator_client):
    event = EventFactory()
    data = _with_one_session(event, "18:30:00", "19:30:00")
    response = coordinator_client.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sessions.count() == 1
    assert event.sequence == 1


@pytest.fixture
def neighborhood_services_client(client, staff_roles):
    """A view-only role for events, signed in with a verified second factor."""
    from tests.security.otp import verify_client

    return verify_client(client, UserFactory(roles=[NEIGHBORHOOD_SERVICES]))


def test_a_view_only_role_gets_no_csv_of_registrants(neighborhood_services_client):
    """Reproduction 1 of issue 13: no CSV, and the action is not offered."""
    event = EventFactory(title="Night In")
    RegistrationFactory(event=event, name="Ana", email="ana@example.org")

    response = neighborhood_services_client.post(
        "/admin/events/event/",
        {"action": "export_registrations_csv", "_selected_action": [event.pk]},
        follow=True,
    )

    assert not response["Content-Type"].startswith("text/csv")
    assert "ana@example.org" not in response.content.decode()
    page = neighborhood_services_client.get("/admin/events/event/").content.decode()
    assert "export_registrations_csv" not in page
    assert neighborhood_services_client.get("/admin/events/registration/").status_code == 403


def test_a_view_only_role_cannot_create_weekly_sessions(neighborhood_services_client):
    """Reproduction 2 of issue 13: no sessions, no change of the event."""
    event = EventFactory(kind="academy")
    ends_at = event.ends_at

    neighborhood_services_client.post(
        "/admin/events/event/",
        {"action": "create_weekly_sessions_action", "_selected_action": [event.pk]},
    )

    event.refresh_from_db()
    assert (event.sessions.count(), event.ends_at, event.sequence) == (0, ends_at, 0)


def test_a_view_only_role_cannot_cancel_an_event(neighborhood_services_client):
    event = EventFactory()
    neighborhood_services_client.post(
        "/admin/events/event/",
        {
            "action": "cancel_events",
            "_selected_action": [event.pk],
            "apply": "1",
            "reason": "x",
        },
    )
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED


def test_a_coordinator_without_a_verified_device_is_sent_to_the_second_factor(client, coordinator):
    event = EventFactory()
    RegistrationFactory(event=event, email="ana@example.org")
    client.force_login(coordinator)
    for url in ["/admin/events/registration/", "/admin/events/blockparty/"]:
        # The admin refuses the half-signed-in session; its login leads on to enrollment.
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith("/account/two-factor/enroll/?next="), url
    response = client.post(
        "/admin/events/event/",
        {"action": "export_registrations_csv", "_selected_action": [event.pk]},
    )
    assert "ana@example.org" not in response.content.decode()
