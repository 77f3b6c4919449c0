"""Django's `get_token`, with its random characters drawn from one read of the operating
system's random source instead of one read per character.

Django draws each of a token's characters with `secrets.choice` (an `os.urandom` call and a
rejection loop per character): 64 for a new visitor (the secret and its mask), a third of
the CPU of a page answered from the page cache (docs/performance.md). Here the bytes of one
`secrets.token_bytes` call map onto the same 62 characters, and bytes of 248 and above are
dropped, so that each character is exactly as likely as the others (248 = 4 x 62).

The secret (the cookie), the masked token in the form and what `request.META` carries for
`CsrfViewMiddleware` (which sets the cookie and checks the next POST) are Django's own.
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH

_SIZE = len(CSRF_ALLOWED_CHARS)  # 62
_TABLE = bytes(CSRF_ALLOWED_CHARS.encode()[byte % _SIZE] for byte in range(256))
_DROPPED = bytes(range(256 - 256 % _SIZE, 256))  # 248-255 would favour 8 of the 62
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}


def random_csrf_string(length: int = CSRF_SECRET_LENGTH) -> str:
    """`length` characters of CSRF_ALLOWED_CHARS, each uniformly from the OS's CSPRNG."""
    drawn = b""
    while len(drawn) < length:  # one round but for about 1 in 100,000 calls
        drawn += secrets.token_bytes(length + 8).translate(_TABLE, _DROPPED)
    return drawn[:length].decode()


def get_token(request) -> str:
    """django.middleware.csrf.get_token: this visitor's secret (a new one if they have
    none), masked anew for this response; the middleware then sends the cookie."""
    if "CSRF_COOKIE" in request.META:
        secret = request.META["CSRF_COOKIE"]
    else:
        secret = request.META["CSRF_COOKIE"] = random_csrf_string()
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = random_csrf_string()
    return mask + "".join(
        CSRF_ALLOWED_CHARS[(_INDEX[char] + _INDEX[key]) % _SIZE]
        for char, key in zip(secret, mask, strict=True)
    )
