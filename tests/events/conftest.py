import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Staff users are created in many tests; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


@pytest.fixture
def today():
    """`today("2027-08-03")` or `today("2027-08-03 19:00")`: pin the local clock (a stand-in
    for the shared fixture coming to tests/conftest.py)."""
    import datetime
    import zoneinfo

    import time_machine

    travellers = []

    def pin(moment: str):
        day, _, clock = moment.partition(" ")
        when = datetime.datetime.fromisoformat(f"{day}T{clock or '12:00'}").replace(
            tzinfo=zoneinfo.ZoneInfo("America/Los_Angeles")
        )
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        travellers.append(traveller)
        return when

    yield pin
    for traveller in reversed(travellers):
        traveller.stop()
