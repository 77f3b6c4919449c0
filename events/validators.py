import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHONE_CHARACTERS = re.compile(r"^[0-9+().\-\s]*(?:(?:ext\.?|x)\s*\d{1,6})?$", re.IGNORECASE)


def validate_phone(value: str) -> None:
    """A phone number a person can dial: 7 to 15 digits, common separators allowed."""
    digits = re.sub(r"\D", "", value)
    if not PHONE_CHARACTERS.match(value.strip()) or not 7 <= len(digits) <= 21:
        raise ValidationError(_("Enter a phone number such as 626-555-0123."), code="invalid_phone")
