"""Issue 16, item 11: staff screens show words, not codes; bookings in Pasadena's local
time, not UTC ranges; the private feed address as text to copy."""

import re

import pytest

from events.models import BlockParty
from events.services.block_parties import decide_block_party
from pal.services.enrollments import accept_enrollment
from pasadena_pd.feed_tokens import create_feed_token
from pasadena_pd.roles import EVENT_COORDINATORS, PAL_STAFF
from tests.events.factories import BlockPartyFactory, verified
from tests.factories import UserFactory
from tests.pal.factories import EnrollmentFactory, YouthAdvisorFactory
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_block_party_and_pal_histories_read_as_words(client, staff_roles):
    coordinator = UserFactory(roles=[EVENT_COORDINATORS])
    party = BlockPartyFactory(status=BlockParty.Status.PENDING)
    decide_block_party(party, BlockParty.Status.APPROVED, by=verified(coordinator))
    verify_client(client, coordinator)
    page = text_of(client.get(f"/admin/events/blockparty/{party.pk}/change/").content.decode())
    assert "Waiting for review" in page and "Approved" in page
    assert " pending " not in page

    pal_staff = UserFactory(roles=[PAL_STAFF])
    application = EnrollmentFactory()
    accept_enrollment(application, by=verified(pal_staff), advisor=YouthAdvisorFactory())
    verify_client(client, pal_staff)
    for url in (application.get_absolute_url(), f"/admin/pal/enrollment/{application.pk}/change/"):
        page = text_of(client.get(url).content.decode())
        assert "Received, waiting for review → Accepted" in page or (
            "Received, waiting for review" in page and "Accepted" in page
        ), url
        assert "submitted" not in page.lower().replace("submitted by", ""), url


def test_the_private_feed_address_is_text_to_copy(client, staff_roles):
    user = UserFactory(roles=[EVENT_COORDINATORS])
    token = create_feed_token(owner=user, by=user)
    verify_client(client, user)
    html = client.get(f"/admin/pasadena_pd/calendarfeedtoken/{token.pk}/change/").content.decode()
    address = f"http://testserver/calendar/private/{token.token}.ics"
    assert re.search(rf'<input type="text" readonly[^>]*value="{re.escape(address)}"', html)
    assert "data-copy=" in html
    listing = client.get("/admin/pasadena_pd/calendarfeedtoken/").content.decode()
    assert f'value="{address}"' in listing
