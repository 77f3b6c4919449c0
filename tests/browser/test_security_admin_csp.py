"""Django admin works under the strict Content-Security-Policy, past the two-factor step."""

import pytest
from playwright.sync_api import Page, expect

from outreach.models import Area
from pasadena_pd.roles import SUPERVISORS
from tests.browser.axe import collect_csp_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supervisor_signs_in_with_totp_and_admin_has_no_csp_violation(
    live_server, page: Page, verified_admin_login, staff_roles
):
    supervisor = UserFactory(roles=[SUPERVISORS])
    area = Area.objects.create(name="Northwest", slug="northwest")
    violations = collect_csp_violations(page)

    verified_admin_login(supervisor)
    expect(page.get_by_role("heading", name="Staff workspace")).to_be_visible()
    page.goto(f"{live_server.url}/admin/outreach/area/{area.pk}/change/")
    expect(page.locator("#id_name")).to_have_value("Northwest")
    page.wait_for_load_state("networkidle")

    assert violations == []
