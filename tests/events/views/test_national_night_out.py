import datetime
from urllib.parse import quote

import pytest
from django.core import mail
from django.utils import formats, timezone

from events.models import BlockParty, Event
from events.rules.national_night_out import first_tuesday_of_august
from events.selectors import upcoming_nno_year
from pasadena_pd.roles import EVENT_COORDINATORS
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    NationalNightOutDateFactory,
    local_datetime,
)
from tests.factories import AreaFactory, UserFactory
from tests.mail_links import confirm_by_email
from tests.security.otp import totp_device_for, verify_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _before_the_night(today):
    """Mid-June: the block-party form is open for this year's night (see the test of the
    night itself below)."""
    today("2027-06-15 10:00")


@pytest.fixture
def year():
    return upcoming_nno_year(timezone.localdate())


def test_the_page_shows_the_night_the_kickoff_and_approved_streets_only(client, year):
    night = first_tuesday_of_august(year)
    EventFactory(
        kind=Event.Kind.NNO_KICKOFF,
        title="Kick-off at Eaton Blanche Park",
        starts_at=local_datetime(night, 16, 30),
        ends_at=local_datetime(night, 17, 30),
    )
    area = AreaFactory(name="Northwest")
    BlockPartyFactory(
        year=year,
        area=area,
        street_name="Navarro Ave",
        street_address="1220 Navarro Ave",
        host_email="private@example.org",
        status=BlockParty.Status.APPROVED,
    )
    BlockPartyFactory(year=year, area=area, street_name="Pending Pl")
    html = client.get("/events/national-night-out/").content.decode()
    assert night.strftime("%B") in html
    assert "Kick-off at Eaton Blanche Park" in html
    assert "Navarro Ave" in html
    assert "1220" not in html
    assert "private@example.org" not in html
    assert "Pending Pl" not in html


def test_the_page_follows_a_moved_date(client, year):
    moved = datetime.date(year, 10, 6) if datetime.date(year, 10, 6).weekday() == 1 else None
    moved = moved or first_tuesday_of_august(year) + datetime.timedelta(weeks=9)
    NationalNightOutDateFactory(year=year, date=moved)
    response = client.get("/events/national-night-out/")
    assert response.context["night"] == moved
    assert "has moved" in response.content.decode()


def form_data(night, area_, **overrides):
    data = {
        "host_name": "Grace Kim",
        "host_email": "grace@example.org",
        "host_phone": "626-555-0142",
        "street_address": "1220 Navarro Ave",
        "street_name": "Navarro Ave",
        "area": str(area_.pk),
        "start_time": "17:00",
        "end_time": "21:00",
        "expected_attendance": "40",
        "wants_officer_visit": "on",
        "wants_fire_engine": "on",
    }
    return {**data, **overrides}


def test_a_host_registers_a_block_party(client, year):
    night = first_tuesday_of_august(year)
    area = AreaFactory()
    response = client.post("/events/national-night-out/block-party/", form_data(night, area))
    party = BlockParty.objects.get()
    assert response.url == "/events/national-night-out/block-party/sent/"
    assert "check your email" in client.get(response.url).text
    assert party.status == BlockParty.Status.UNCONFIRMED
    assert confirm_by_email(client, party.host_email) == party.get_absolute_url()
    party.refresh_from_db()
    assert party.status == BlockParty.Status.PENDING
    assert party.starts_at == local_datetime(night, 17)
    assert party.wants_fire_engine and not party.wants_bicycle_registration


def test_the_form_states_the_night_and_asks_no_date(client, year):
    """Issue 16, item 12: only the night is accepted, so there is no date field to fill;
    the page names the night and where to go for another day."""
    night = first_tuesday_of_august(year)
    html = client.get("/events/national-night-out/block-party/").content.decode()
    assert 'type="date"' not in html and 'name="date"' not in html
    assert formats.date_format(night, "l, F j, Y") in html
    assert "/outreach/request/?kind=block_party" in html
    assert "contact your Neighborhood Police Specialist" in html


def test_a_posted_other_date_still_registers_the_night(client, year):
    night = first_tuesday_of_august(year)
    saturday = night + datetime.timedelta(days=4)
    client.post(
        "/events/national-night-out/block-party/",
        form_data(night, AreaFactory(), date=str(saturday)),
    )
    assert BlockParty.objects.get().date == night


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "16:00"}, "must end after it starts"),
        ({"expected_attendance": "0"}, "greater than or equal to 1"),
        ({"expected_attendance": "99999999"}, "less than or equal to 5000"),
        ({"host_email": "nope"}, "Enter a valid email address."),
        ({"area": "999999"}, "Select a valid choice."),
        ({"start_time": "25:00"}, "Enter a valid time."),
    ],
)
def test_bad_block_party_input_gives_inline_errors(client, year, overrides, message):
    night = first_tuesday_of_august(year)
    response = client.post(
        "/events/national-night-out/block-party/", form_data(night, AreaFactory(), **overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not BlockParty.objects.exists()


def test_a_second_registration_by_the_same_host_saves_nothing_and_answers_alike(client, year):
    night = first_tuesday_of_august(year)
    area = AreaFactory()
    first = client.post("/events/national-night-out/block-party/", form_data(night, area))
    response = client.post("/events/national-night-out/block-party/", form_data(night, area))
    # The same answer (no oracle on who hosts); the host's address gets its link again.
    assert response.url == first.url == "/events/national-night-out/block-party/sent/"
    assert BlockParty.objects.count() == 1
    assert len(mail.outbox) == 2


def test_the_visit_plan_needs_a_coordinator(client, year):
    url = f"/events/national-night-out/{year}/visit-plan/"
    assert client.get(url).url.startswith("/admin/login/")
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [None, EVENT_COORDINATORS])
def test_the_visit_plan_needs_a_verified_second_factor(client, year, role):
    """Reproduction 3 of issue 13: a superuser (or a coordinator) signed in with a password
    only is sent to the second factor, never shown hosts' names, addresses and phones."""
    BlockPartyFactory(year=year, host_name="Grace Hopper", status="approved")
    user = UserFactory(roles=[role] if role else [], is_superuser=role is None)
    client.force_login(user)
    url = f"/events/national-night-out/{year}/visit-plan/"

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"/account/two-factor/enroll/?next={quote(url, safe='')}"
    assert "Grace Hopper" not in response.content.decode()
    totp_device_for(user)  # enrolled, not verified in this session: verify, then come back
    assert client.get(url).url.startswith("/account/two-factor/verify/")


def test_the_visit_plan_groups_approved_parties_by_area_in_order(client, year):
    night = first_tuesday_of_august(year)
    northwest, central = AreaFactory(name="Northwest"), AreaFactory(name="Central")
    late = BlockPartyFactory(
        year=year, area=northwest, street_address="9 Late St", status="approved"
    )
    early = BlockPartyFactory(
        year=year,
        area=northwest,
        street_address="1 Early St",
        ends_at=local_datetime(night, 19),
        status="approved",
    )
    BlockPartyFactory(year=year, area=central, street_address="5 Central St", status="approved")
    BlockPartyFactory(year=year, area=central, street_address="7 Pending St")
    verify_client(client, UserFactory(roles=[EVENT_COORDINATORS]))
    response = client.get(f"/events/national-night-out/{year}/visit-plan/")
    plan = response.context["plan"]
    assert [area.name for area, _ in plan] == ["Central", "Northwest"]
    assert [visit.party for visit in plan[1][1]] == [early, late]
    html = response.content.decode()
    assert "7 Pending St" not in html
    assert "no-store" in response["Cache-Control"]


def test_a_silly_year_in_the_visit_plan_is_not_found(client):
    verify_client(client, UserFactory(roles=[EVENT_COORDINATORS]))
    assert client.get("/events/national-night-out/99999/visit-plan/").status_code == 404


def test_coordinators_see_a_link_to_the_visit_plan(client, year):
    assert (
        "Visit plan for officers" not in client.get("/events/national-night-out/").content.decode()
    )
    client.force_login(UserFactory(roles=[EVENT_COORDINATORS]))
    html = client.get("/events/national-night-out/").content.decode()
    assert f"/events/national-night-out/{year}/visit-plan/" in html


def test_on_the_night_itself_the_form_is_closed_and_opens_the_next_day_for_next_year(client, today):
    today("2027-08-03 19:00")  # National Night Out 2027, during the parties
    html = client.get("/events/national-night-out/block-party/").content.decode()
    assert "Registration for this night has closed" in html
    assert "August 3, 2027" in html
    response = client.post(
        "/events/national-night-out/block-party/",
        form_data(datetime.date(2027, 8, 3), AreaFactory()),
    )
    assert "Registration for this night has closed" in response.content.decode()
    assert not BlockParty.objects.exists()

    today("2027-08-04 09:00")
    html = client.get("/events/national-night-out/block-party/").content.decode()
    assert "Registration for this night has closed" not in html
    assert "August 1, 2028" in html  # the first Tuesday of August 2028


def test_the_visit_plan_says_when_officers_leave_without_a_double_period(client, year):
    # Issue 16, item 12: "at 5:30 p.m.." when the time ended the sentence.
    night = first_tuesday_of_august(year)
    EventFactory(
        kind=Event.Kind.NNO_KICKOFF,
        venue="Eaton Blanche Park",
        starts_at=local_datetime(night, 16, 30),
        ends_at=local_datetime(night, 17, 30),
    )
    verify_client(client, UserFactory(roles=[EVENT_COORDINATORS]))
    html = client.get(f"/events/national-night-out/{year}/visit-plan/").content.decode()
    assert "At 5:30 p.m., officers leave the kick-off (Eaton Blanche Park)" in html
    assert "p.m.." not in html
