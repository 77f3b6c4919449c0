import datetime
import re

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.feeds.factories import FeedEventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_finds_the_feed_address_and_a_client_polls_it(live_server, page: Page):
    start = timezone.now() + datetime.timedelta(days=10)  # upcoming, from the pinned day
    FeedEventFactory(
        title="Noche de Seguridad", starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )

    page.goto(live_server.url + "/")
    page.locator("#main").get_by_role("link", name="Add our events to your calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendars to subscribe to")
    subscribe = page.get_by_role("link", name=re.compile(r"^Subscribe\W+All community events$"))
    host = live_server.url.removeprefix("http://")
    expect(subscribe).to_have_attribute("href", f"webcal://{host}/calendar/events.ics")
    address = page.get_by_label("Address of All community events")
    expect(address).to_have_value(live_server.url + "/calendar/events.ics")

    first = page.request.get(address.input_value())
    [item] = icalendar.Calendar.from_ical(first.body()).walk("VEVENT")
    again = page.request.get(
        address.input_value(), headers={"If-None-Match": first.headers["etag"]}
    )

    assert str(item["SUMMARY"]) == "Noche de Seguridad"
    assert again.status == 304
