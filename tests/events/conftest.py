import pytest


@pytest.fixture
def coordinator(db, staff_roles):
    from pasadena_pd.roles import EVENT_COORDINATORS
    from tests.events.factories import verified
    from tests.factories import UserFactory

    # Verified as in a request that passed the second factor (services that show or
    # decide on registrants and hosts need it).
    return verified(UserFactory(roles=[EVENT_COORDINATORS]))


@pytest.fixture
def coordinator_client(coordinator, verified_client):
    """A coordinator signed in with a verified second factor (registrants, hosts)."""
    return verified_client(coordinator)
