import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    # Staff users are created in many tests; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
