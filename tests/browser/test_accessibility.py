"""Every public page passes axe-core (no serious or critical violation) under the real CSP."""

import pytest
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible, collect_csp_violations
from tests.factories import SpecialistFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = ["/", "/events/", "/pal/", "/pal/enroll/", "/outreach/areas/", "/no-such-page/"]


def _private_pages() -> list[str]:
    """A page behind each kind of private link (the family's or requester's own page)."""
    from tests.pal.factories import EnrollmentFactory

    return [EnrollmentFactory().get_status_url()]


def test_public_pages_pass_axe_and_the_csp(live_server, page: Page):
    SpecialistFactory()
    violations = collect_csp_violations(page)
    for path in PUBLIC_PAGES + _private_pages():
        page.goto(live_server.url + path)
        assert_accessible(page)
    assert violations == []


def test_staff_sign_in_pages_pass_axe(live_server, page: Page, staff_roles):
    from pasadena_pd.roles import PAL_STAFF
    from tests.factories import UserFactory

    user = UserFactory(roles=[PAL_STAFF])
    page.goto(live_server.url + "/admin/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/account/two-factor/enroll/**")
    assert_accessible(page)
