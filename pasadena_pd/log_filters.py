"""Keep secret link tokens out of every log line.

Private calendar feeds, request status pages and other private links carry their token in
the URL path, and access logs print paths. `redact` replaces such tokens; it is applied by
`RedactTokensFilter` (Django's `django.server` and `django.request` loggers and the console
handler, see settings.LOGGING) and by `RedactingGunicornLogger` (gunicorn's access log, set
in gunicorn.conf.py). Imports nothing from Django, so gunicorn can load it first.
"""

import logging
import re

from gunicorn import glogging

from pasadena_pd.tokens import TOKEN_LENGTH

REDACTED = "[redacted]"

# Paths whose next segment is always a secret, whatever it looks like.
_PRIVATE_PREFIX = re.compile(
    r"(/calendar/private/|/outreach/requests/|/events/block-parties/|/events/registrations/"
    r"|/pal/applications/)"
    r"[^/?#\s\"']+"
)
# Anything else shaped like a private-link token (pasadena_pd.tokens: TOKEN_LENGTH URL-safe
# characters, at least one capital, which slugs never have) in a path segment or a query value.
_TOKEN_LIKE = re.compile(
    rf"(?<=[/=])(?=[A-Za-z0-9_-]*[A-Z])[A-Za-z0-9_-]{{{TOKEN_LENGTH},}}(?![A-Za-z0-9_-])"
)


# Query values: staff searches (`/admin/pal/enrollment/?q=Chen`) and filters name people.
# Parameter names stay, for debugging; values never reach an access log.
_QUERY_VALUE = re.compile(r"(?<=[?&])([^=&?#\s\"']*=)?[^&#\s\"']+")


def redact(text: str) -> str:
    text = _PRIVATE_PREFIX.sub(lambda match: match.group(1) + REDACTED, text)
    return _TOKEN_LIKE.sub(REDACTED, text)


def redact_query(text: str) -> str:
    """`text` (a request line, URL or referrer) with every query value redacted."""
    return _QUERY_VALUE.sub(lambda match: (match.group(1) or "") + REDACTED, text)


class RedactTokensFilter(logging.Filter):
    """Rewrites the record's message with tokens redacted; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.name == "django.server":  # the development server's access log
            cleaned = redact_query(cleaned)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True


# The atoms an access log format prints: "%(r)s", "%({x-forwarded-for}i)s"...
_FORMAT_ATOM = re.compile(r"%\(([^)]+)\)")


class RedactingGunicornLogger(glogging.Logger):
    """gunicorn's logger with tokens and query values redacted from every access-log atom
    the format prints (request line, path, query string, referrer...). Atoms the format
    does not print are dropped rather than redacted: gunicorn makes one per header and
    environ key, and redacting all of them tripled the access log's cost per request."""

    _format = None
    _printed: frozenset = frozenset()

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # The bare query string (without its "?") and its environ copy.
        for key in ("q", "{query_string}e"):
            if atoms.get(key):
                atoms[key] = redact_query("?" + atoms[key])[1:]
        return {
            key: redact(redact_query(value)) if isinstance(value, str) else value
            for key in self._printed_atoms()
            if (value := atoms.get(key)) is not None
        }

    def _printed_atoms(self) -> frozenset:
        access_format = self.cfg.access_log_format
        if access_format != self._format:
            # gunicorn looks up "{name}i"-style atoms in lower case.
            self._printed = frozenset(
                name.lower() if name.startswith("{") else name
                for name in _FORMAT_ATOM.findall(access_format)
            )
            self._format = access_format
        return self._printed
