import datetime

import pytest

from outreach.models import DEFAULT_SPECIAL_RESOURCES, SpecialResource
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS
from tests.factories import AreaFactory, SpecialistFactory, UserFactory
from tests.outreach.factories import PresentationRequestFactory, next_weekday


@pytest.fixture
def special_resources(db):
    """The four special resources with DOMAIN.md's default lead times and units."""
    return {
        code: SpecialResource.objects.get_or_create(
            code=code,
            defaults={"name": code.label, "lead_time_days": lead, "units": units},
        )[0]
        for code, (lead, units) in DEFAULT_SPECIAL_RESOURCES.items()
    }


@pytest.fixture
def area(db):
    area = AreaFactory(name="Central", slug="central")
    SpecialistFactory(area=area, name="Officer Aiko Tanaka")
    return area


@pytest.fixture
def supervisor(db):
    return UserFactory(username="supervisor", roles=[SUPERVISORS])


@pytest.fixture
def neighborhood_services(db):
    return UserFactory(username="nsu", roles=[NEIGHBORHOOD_SERVICES])


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", roles=[EVENT_COORDINATORS])


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.PUBLIC_FORM_RATE = "0"


@pytest.fixture
def weekend_request(area):
    """A weekend block party waiting for a supervisor's approval."""
    return PresentationRequestFactory(
        area=area,
        title="Maple Street block party",
        kind="block_party",
        date=next_weekday(40, weekend=True),
        start_time=datetime.time(12),
        end_time=datetime.time(17),
        status="awaiting_supervisor_approval",
    )
