"""The page cache's entries in this process (pasadena_pd/page_cache.py): the copy of recent
entries, and what a hit needs from an entry prepared once per process rather than on every
hit: its headers as Django keeps them, and its content cut at the per-response values.

A hit then writes the stored headers without checking each one again (they were checked
when the page was made) and joins the content's pieces around this visitor's CSRF token and
the form's one-time key, instead of searching the whole page for each placeholder and
copying it once per replacement.
"""

import re
import threading
import time
from collections import OrderedDict

from django.conf import settings

from pasadena_pd.security.csrf_token import get_token
from pasadena_pd.tokens import new_token

CSRF_PLACEHOLDER = "page-cache-csrf-token-placeholder"
NONCE_PLACEHOLDER = "page-cache-form-nonce-placeholder"
HEADER = "X-Page-Cache"
_CSRF, _NONCE = CSRF_PLACEHOLDER.encode(), NONCE_PLACEHOLDER.encode()
_PLACEHOLDERS = re.compile(b"(" + re.escape(_CSRF) + b"|" + re.escape(_NONCE) + b")")


class LocalEntries:
    """This process's copy of recently served entries: a hit then costs one small read of
    the version from the shared cache instead of the whole page. Entries expire like the
    shared ones and are used only while the shared version still names them."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, version) -> dict | None:
        with self.lock:
            found = self.entries.get(key)
            if found is None:
                return None
            expires, entry = found
            if entry["version"] != version or expires < time.monotonic():
                del self.entries[key]
                return None
            self.entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict) -> None:
        with self.lock:
            self.entries[key] = (time.monotonic() + settings.PAGE_CACHE_SECONDS, entry)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


def hit_headers(entry: dict) -> dict:
    """The stored headers and `X-Page-Cache: hit`, as `ResponseHeaders` keeps them."""
    prepared = entry.get("_hit_headers")
    if prepared is None:
        headers = [*entry["headers"], (HEADER, "hit")]
        prepared = entry["_hit_headers"] = {name.lower(): (name, value) for name, value in headers}
    return prepared


def write_headers(response, entry: dict) -> None:
    # Values checked (encoding, no newline) when the page was made: no second check per hit.
    response.headers._store.update(hit_headers(entry))


def personalised_content(entry: dict, request) -> bytes:
    """The entry's content with this response's CSRF token and one-time key in their
    placeholders (each the same wherever it appears, as `PageCacheMiddleware._personalise`
    does for a page just made)."""
    pieces = entry.get("_pieces")
    if pieces is None:
        pieces = entry["_pieces"] = _PLACEHOLDERS.split(entry["content"])
    if len(pieces) == 1:
        return entry["content"]
    content_pieces, values = list(pieces), {}
    for index in range(1, len(content_pieces), 2):
        placeholder = content_pieces[index]
        if placeholder not in values:
            value = get_token(request) if placeholder == _CSRF else new_token()
            values[placeholder] = value.encode()
        content_pieces[index] = values[placeholder]
    return b"".join(content_pieces)
