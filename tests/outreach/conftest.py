import pytest

from outreach.models import DEFAULT_SPECIAL_RESOURCES, SpecialResource
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS
from tests.factories import AreaFactory, SpecialistFactory, UserFactory


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
