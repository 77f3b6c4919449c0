"""The language a resident chose, kept on what they sent so that every email about it
(decisions, reminders, promotions from a waitlist) is written in it, whoever triggers it."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


def current_language() -> str:
    """The language of the page being answered (LocaleMiddleware chose it from the
    switcher's cookie or Accept-Language), as one of settings.LANGUAGES; the site's
    default outside a request."""
    try:
        return translation.get_supported_language_variant(
            translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def language_field() -> models.CharField:
    """The `language` field of a request, a registration, a block party, an application:
    the language of the public form that created it (a staff member may change it)."""
    return models.CharField(
        _("language for emails"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=current_language,
        help_text=_("The language the person used on the site; every email to them uses it."),
    )
