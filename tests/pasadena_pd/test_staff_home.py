"""Issue 16: the staff home (/staff/) lists what waits on the signed-in role, with counts,
each linked to the admin's list of exactly those records."""

import pytest

from events.models import BlockParty
from outreach.models import PresentationRequest
from pal.models import Enrollment
from pasadena_pd.roles import (
    EVENT_COORDINATORS,
    NEIGHBORHOOD_SERVICES,
    PAL_STAFF,
    SUPERVISORS,
    YOUTH_ADVISORS,
)
from tests.events.factories import BlockPartyFactory
from tests.factories import UserFactory
from tests.outreach.factories import PresentationRequestFactory
from tests.pal.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db

Status = PresentationRequest.Status


@pytest.fixture
def waiting_work(staff_roles):
    PresentationRequestFactory.create_batch(2, status=Status.AWAITING_SUPERVISOR_APPROVAL)
    PresentationRequestFactory.create_batch(3, status=Status.PENDING_REVIEW)
    PresentationRequestFactory(status=Status.SCHEDULED)
    BlockPartyFactory(status=BlockParty.Status.PENDING)
    BlockPartyFactory(status=BlockParty.Status.APPROVED)
    EnrollmentFactory.create_batch(4, status=Enrollment.Status.SUBMITTED)
    EnrollmentFactory(status=Enrollment.Status.DECLINED)


def home_of(verified_client, role):
    client = verified_client(UserFactory(roles=[role]))
    response = client.get("/staff/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_supervisor_sees_the_weekend_requests_to_approve(verified_client, waiting_work):
    html = home_of(verified_client, SUPERVISORS)
    assert "2 weekend requests to approve or decline" in html
    assert "/admin/outreach/presentationrequest/?status__exact=awaiting_supervisor_approval" in html
    # Not a supervisor's step, nor their data.
    assert "requests to review" not in html
    assert "applications to accept" not in html


def test_neighborhood_services_see_requests_to_review(verified_client, waiting_work):
    html = home_of(verified_client, NEIGHBORHOOD_SERVICES)
    assert "3 requests to review" in html
    assert "?status__exact=pending_review" in html
    assert "weekend request" not in html
    assert "block part" not in html  # they see block parties, but approving is not theirs


def test_a_coordinator_sees_block_parties_and_bookings(verified_client, waiting_work):
    html = home_of(verified_client, EVENT_COORDINATORS)
    assert "1 block party to approve or decline" in html
    assert "/admin/events/blockparty/?status__exact=pending" in html
    assert "0 bookings to confirm" in html
    assert "/admin/outreach/resourcebooking/?state__exact=pending_preplanning" in html


def test_pal_staff_see_the_applications_to_decide(verified_client, waiting_work):
    html = home_of(verified_client, PAL_STAFF)
    assert "4 applications to accept or decline" in html
    assert "/admin/pal/enrollment/?status__exact=submitted" in html
    assert "weekend request" not in html


def test_a_youth_advisor_has_nothing_to_decide(verified_client, waiting_work):
    html = home_of(verified_client, YOUTH_ADVISORS)
    assert "Nothing waits for your role here" in html


def test_the_links_open_the_filtered_admin_list(verified_client, waiting_work):
    client = verified_client(UserFactory(roles=[SUPERVISORS]))
    url = "/admin/outreach/presentationrequest/?status__exact=awaiting_supervisor_approval"
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_the_admin_header_links_to_the_staff_home(verified_client, staff_roles):
    client = verified_client(UserFactory(roles=[SUPERVISORS]))
    assert 'href="/staff/"' in client.get("/admin/").content.decode()


def test_only_staff_past_the_second_factor_get_in(client, staff_roles):
    assert client.get("/staff/").url.startswith("/admin/login/?next=/staff/")
    client.force_login(UserFactory(is_staff=False))
    assert client.get("/staff/").status_code == 403
    client.force_login(UserFactory(roles=[SUPERVISORS]))
    assert client.get("/staff/").url.startswith("/account/two-factor/")


def test_the_staff_home_speaks_spanish(verified_client, waiting_work):
    client = verified_client(UserFactory(roles=[SUPERVISORS]))
    html = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "2 solicitudes de fin de semana" in html
