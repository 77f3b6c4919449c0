import pytest

from pasadena_pd.roles import (
    EVENT_COORDINATORS,
    NEIGHBORHOOD_SERVICES,
    PAL_STAFF,
    SUPERVISORS,
)
from tests.factories import UserFactory

OTHER_STAFF_ROLES = [[SUPERVISORS], [NEIGHBORHOOD_SERVICES], [EVENT_COORDINATORS], []]


@pytest.fixture
def pal_staff():
    return UserFactory(roles=[PAL_STAFF])


@pytest.fixture(params=OTHER_STAFF_ROLES, ids=["supervisor", "neighborhood", "events", "plain"])
def other_staff(request):
    """Every staff user who must not see PAL data (the last one: is_staff and no group)."""
    return UserFactory(roles=request.param)
