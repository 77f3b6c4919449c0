"""Django admin works under the strict Content-Security-Policy, past the two-factor step."""

import pytest
from playwright.sync_api import Page, expect

from outreach.models import Area
from pasadena_pd.roles import SUPERVISORS
from tests.browser.axe import collect_csp_violations
from tests.factories import UserFactory
from tests.security.otp import verified_admin_login as sign_in_verified

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


def test_every_admin_list_and_add_page_has_no_csp_violation(live_server, page: Page, staff_roles):
    """Custom admin templates, widgets and actions included (the superuser sees them all)."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model

    chief = get_user_model().objects.create_superuser("chief", "chief@example.org", "x" * 20)
    violations = collect_csp_violations(page)
    sign_in_verified(page, live_server.url, chief, "x" * 20)

    for model, model_admin in admin.site._registry.items():
        base = f"{live_server.url}/admin/{model._meta.app_label}/{model._meta.model_name}/"
        page.goto(base)
        if model_admin.has_add_permission(_request_for(chief)):
            page.goto(base + "add/")

    assert violations == []


def _request_for(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request
