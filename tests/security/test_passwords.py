import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("Short1!x", "too short"),
        ("password1234", "too common"),
        ("739184562093", "entirely numeric"),
        ("maria.gonzalez.pd", "too similar"),
    ],
)
def test_weak_staff_passwords_are_refused(password, problem):
    user = UserFactory.build(username="maria.gonzalez", email="maria.gonzalez@example.org")

    with pytest.raises(ValidationError) as error:
        validate_password(password, user)

    assert problem in " ".join(error.value.messages)


def test_a_long_passphrase_is_accepted():
    user = UserFactory.build(username="maria.gonzalez")
    assert validate_password("copper kettle rainy harbor", user) is None
