"""Keep private-link tokens, e-mail addresses and phone numbers out of every log line.

Private pages are reached by unguessable tokens in the URL (a request's status page, a
registration, a PAL application, a private calendar feed): a token in a log is a key to
someone's personal data. Addresses and phone numbers are the residents' own.
"""

import logging
import re

from pasadena_pd.tokens import TOKEN_LENGTH

REDACTED_TOKEN = "[token]"  # noqa: S105 (a placeholder, not a secret)
REDACTED_EMAIL = "[email]"
REDACTED_PHONE = "[phone]"

# Path segments after these prefixes are tokens, whatever their length.
_PRIVATE_PATH = re.compile(
    r"(/(?:requests|registrations|applications|enrollments?|block-parties|calendar/private"
    r"|feeds/private)/)[A-Za-z0-9_-]{6,}"
)
# A private-link token (pasadena_pd.tokens) is TOKEN_LENGTH characters; session keys are 32.
_LONG_TOKEN = re.compile(
    rf"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{{{min(TOKEN_LENGTH, 32)},}}(?![A-Za-z0-9_-])"
)
_TOKEN_PARAMETER = re.compile(r"((?:token|key|code)=)[^&\s\"']+", re.IGNORECASE)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\d-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?![\d-])")


def redact(text: str) -> str:
    """The text with tokens, e-mail addresses and phone numbers replaced by placeholders."""
    text = _PRIVATE_PATH.sub(r"\1" + REDACTED_TOKEN, text)
    text = _TOKEN_PARAMETER.sub(r"\1" + REDACTED_TOKEN, text)
    text = _EMAIL.sub(REDACTED_EMAIL, text)
    text = _LONG_TOKEN.sub(REDACTED_TOKEN, text)
    return _PHONE.sub(REDACTED_PHONE, text)


class RedactPersonalDataFilter(logging.Filter):
    """A handler filter: rewrites the record's message (and traceback text) redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not lose the record
            return True
        record.msg = redact(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
