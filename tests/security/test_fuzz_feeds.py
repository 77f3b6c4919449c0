"""Hostile tokens, slugs and conditional-request headers against the calendar feeds."""

import pytest

from tests.events.factories import EventFactory
from tests.factories import AreaFactory
from tests.security.fuzz import CASES, HOSTILE_VALUES, fuzz_path

pytestmark = pytest.mark.django_db

FEED_PATHS = [
    "/calendar/private/{}.ics",
    "/outreach/requests/{}.ics",
    "/events/{}.ics",
    "/calendar/areas/{}.ics",
]


@pytest.mark.parametrize("template", FEED_PATHS)
def test_feed_paths_survive_hostile_tokens_and_slugs(client, template):
    EventFactory()
    assert fuzz_path(client, template) > 0


@pytest.mark.parametrize("header", ["HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"])
def test_public_feeds_survive_hostile_conditional_headers(client, header):
    AreaFactory(slug="central")
    event = EventFactory(slug="watch")
    for url in ["/calendar/events.ics", "/calendar/areas/central.ics", f"/events/{event.slug}.ics"]:
        for value in HOSTILE_VALUES:
            response = client.get(url, **{header: value})
            assert response.status_code in (200, 304, 400), (url, header, value[:40])
            CASES["header"] += 1
