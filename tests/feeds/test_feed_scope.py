import pytest

from events.feeds.scope import EVERY_AREA, private_feed_scope
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS


@pytest.mark.parametrize(
    ("superuser", "roles", "area", "requests", "parties", "bookings"),
    [
        (True, set(), None, EVERY_AREA, EVERY_AREA, True),
        (False, {SUPERVISORS}, None, EVERY_AREA, EVERY_AREA, True),
        (False, {EVENT_COORDINATORS}, None, False, EVERY_AREA, True),
        (False, {NEIGHBORHOOD_SERVICES}, 7, frozenset({7}), frozenset({7}), False),
        # A specialist record opens its area only with the Neighborhood Services role.
        (False, {EVENT_COORDINATORS}, 7, False, EVERY_AREA, True),
        (False, set(), 7, False, False, False),
        (False, {NEIGHBORHOOD_SERVICES}, None, False, False, False),
        (False, set(), None, False, False, False),
    ],
)
def test_private_feed_scope(superuser, roles, area, requests, parties, bookings):
    scope = private_feed_scope(is_superuser=superuser, roles=roles, specialist_area_id=area)

    assert scope.request_areas == requests
    assert scope.block_party_areas == parties
    assert scope.bookings is bookings
