"""The secret of every private link (a request's status page, a registration, a block party,
a PAL application, a private calendar feed) and of the forms' one-time keys, and the shape
the log redaction looks for.

Imports nothing from Django: gunicorn's log filter (pasadena_pd.log_filters) loads it first.
"""

import secrets

TOKEN_BYTES = 24  # about 190 bits
# token_urlsafe writes n bytes as ceil(4n/3) URL-safe characters (32 here): the log redaction
# (pasadena_pd.log_filters, pasadena_pd.security.logging) takes any run this long for a token.
TOKEN_LENGTH = -(-4 * TOKEN_BYTES // 3)


def new_token() -> str:
    """An unguessable token for a private link."""
    return secrets.token_urlsafe(TOKEN_BYTES)
