import pytest

from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_calendar_page_lists_every_feed_with_its_address(client):
    AreaFactory(name="Northwest", slug="northwest")

    page = client.get("/calendar/").content.decode()

    assert "<h1>Calendars to subscribe to</h1>" in page
    assert 'href="webcal://testserver/calendar/events.ics"' in page
    assert 'value="http://testserver/calendar/major-events.ics"' in page
    assert 'href="webcal://testserver/calendar/areas/northwest.ics"' in page


def test_every_page_links_to_the_calendars(client):
    assert 'href="/calendar/"' in client.get("/").content.decode()
