"""Pages with personal data are never stored by browsers or shared caches."""

import pytest

from pasadena_pd.roles import PAL_STAFF
from tests.events.factories import BlockPartyFactory, RegistrationFactory
from tests.factories import UserFactory
from tests.outreach.factories import PresentationRequestFactory
from tests.pal.factories import EnrollmentFactory
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db


def _private_links() -> list[str]:
    return [
        PresentationRequestFactory().get_absolute_url(),
        RegistrationFactory().get_absolute_url(),
        BlockPartyFactory().get_absolute_url(),
        EnrollmentFactory().get_status_url(),
    ]


def test_private_link_pages_send_no_store(client):
    for url in _private_links():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


@pytest.mark.parametrize("url", ["/pal/staff/", "/admin/", "/admin/pal/enrollment/"])
def test_staff_pages_send_no_store(client, url):
    EnrollmentFactory()
    staff = verify_client(client, UserFactory(roles=[PAL_STAFF]))

    response = staff.get(url)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_private_pages_tell_browsers_not_to_send_the_token_elsewhere(client):
    response = client.get(_private_links()[0])
    assert response["Referrer-Policy"] == "same-origin"
