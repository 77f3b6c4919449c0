"""Issue 16: the request form's month of closed days, without JavaScript and at phone size."""

import datetime

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.axe import assert_accessible
from tests.factories import AreaFactory, MajorEventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_the_month_marks_closed_days_without_javascript(live_server, browser: Browser, today):
    today("2027-03-10 09:00")
    AreaFactory(name="Central", slug="central")
    MajorEventFactory(
        name="Citywide Parade",
        start_date=datetime.date(2027, 4, 20),
        end_date=datetime.date(2027, 4, 20),
    )
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(live_server.url + "/outreach/request/")
    expect(page.get_by_text("Closed: past days, the next 14 days")).to_be_visible()

    page.get_by_text("Which days are closed? See the month").click()
    expect(page.get_by_role("heading", name="March 2027")).to_be_visible()
    page.get_by_role("link", name="Later month ›").click()
    expect(page.get_by_role("heading", name="April 2027")).to_be_visible()
    parade = page.locator('td[data-date="2027-04-20"]')
    expect(parade).to_have_class("day-closed day-major-event")
    expect(parade).to_contain_text("Citywide Parade")  # said in text, not only colour
    expect(page.locator('td[data-date="2027-04-21"]')).to_have_class("day-open")
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")
    context.close()


def test_the_month_view_passes_axe(live_server, page: Page, today):
    today("2027-03-10 09:00")
    AreaFactory(name="Central", slug="central")
    page.goto(live_server.url + "/outreach/request/?month=2027-03")
    expect(page.locator("#closed-days")).to_have_attribute("open", "")
    assert_accessible(page)
