"""Every public page passes axe-core (no serious or critical violation) under the real CSP.

The pages are found by crawling the site from its entry points with the demo data loaded
(tests/security/privacy.py), so a page added later is checked without touching this file.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Page

from tests.browser.axe import assert_accessible, collect_csp_violations
from tests.security.privacy import crawl_public_site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _private_pages() -> list[str]:
    """One page behind each kind of private link (a family's, a requester's, a host's)."""
    from events.models import BlockParty, Registration
    from outreach.models import PresentationRequest
    from pal.models import Enrollment

    pages = [Enrollment.objects.first().get_status_url()]
    for model in (PresentationRequest, Registration, BlockParty):
        record = model.objects.first()
        if record is not None:
            pages.append(record.get_absolute_url())
    return pages


def test_every_public_page_passes_axe_and_the_csp(live_server, page: Page, settings):
    settings.PUBLIC_FORM_RATE = "0"
    call_command("seed_demo", stdout=io.StringIO())
    public = [
        path
        for path, body in crawl_public_site(Client()).items()
        if body.lstrip().startswith("<!doctype html")
    ]
    violations = collect_csp_violations(page)

    for path in [*public, "/no-such-page/", *_private_pages()]:
        page.goto(live_server.url + path)
        assert_accessible(page)

    assert len(public) >= 10
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
