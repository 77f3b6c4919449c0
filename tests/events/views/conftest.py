import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings):
    settings.PUBLIC_FORM_RATE = "0"
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    cache.clear()
