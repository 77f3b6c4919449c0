"""Issue 16, items 3 and 4: going back and sending again never makes a second request, and
the per-address limit never loses what the resident typed."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from playwright.sync_api import Page, expect

from outreach.models import PresentationRequest
from tests.browser.test_outreach_request import central, fill_request  # noqa: F401 (fixture)
from tests.outreach.factories import next_weekday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_back_then_send_again_keeps_one_request(live_server, page: Page, central, settings):  # noqa: F811
    settings.PUBLIC_FORM_RATE = "0"
    page.goto(live_server.url + "/outreach/request/?area=central")
    fill_request(page, next_weekday(20), "18:30", "20:00", "neighborhood_watch")
    page.get_by_role("button", name="Send my request").click()
    sent_url = page.url
    expect(page).to_have_url(re.compile(r"/outreach/request/sent/$"))

    page.go_back()
    expect(page.get_by_label("Title of your meeting or event")).to_have_value(
        "Orange Grove neighbors"
    )
    page.get_by_role("button", name="Send my request").click()

    expect(page).to_have_url(sent_url)
    assert PresentationRequest.objects.count() == 1
    assert len(mail.outbox) == 1
    # Item 6: the emailed link is on the address and port the resident used.
    status_url = live_server.url + PresentationRequest.objects.get().get_absolute_url()
    assert status_url in mail.outbox[0].body


def test_at_the_limit_the_typed_form_comes_back(live_server, page: Page, central, settings):  # noqa: F811
    settings.PUBLIC_FORM_RATE = "1/h"
    cache.clear()
    page.goto(live_server.url + "/outreach/request/?area=central")
    fill_request(page, next_weekday(20), "18:30", "20:00", "neighborhood_watch")
    page.get_by_role("button", name="Send my request").click()
    expect(page).to_have_url(re.compile(r"/outreach/request/sent/$"))

    # A second request from the same library computer: refused by a rule first, then a
    # click on an offered date; neither counts. Sending it is over the limit.
    page.goto(live_server.url + "/outreach/request/?area=central")
    fill_request(page, next_weekday(3), "18:30", "20:00", "business_watch")
    page.get_by_label("Title of your meeting or event").fill("Lake Avenue businesses")
    page.get_by_role("button", name="Send my request").click()
    expect(page.locator('[data-rule="min_notice"]').first).to_be_visible()
    page.locator("[data-refill-date]").first.click()
    page.get_by_role("button", name="Send my request").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("this one was not saved. Your answers are kept")
    expect(page.get_by_label("Title of your meeting or event")).to_have_value(
        "Lake Avenue businesses"
    )
    expect(page.get_by_label("Email")).to_have_value("rosa@example.org")
    assert PresentationRequest.objects.count() == 1
