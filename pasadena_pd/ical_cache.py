"""Serialized calendar components, cached so that a feed never rebuilds an unchanged item.

Two levels, both keyed by the item's identity and checked against its version (UID,
SEQUENCE, last change, and anything else its bytes depend on):

1. a per-process LRU of bytes: a warm process answers from memory, with no query;
2. the `CalendarComponent` table, shared by every process: one query reads the misses,
   one upsert stores what was built, however many items there are.

Why not the Django cache for level 2: the default cache is the database cache, which runs
three queries for every `set` (`set_many` loops over them) and culls itself at 300 entries,
so a 5,000-item feed would cost 15,000 queries and still not stay cached.
"""

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import NamedTuple

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from pasadena_pd.models import CalendarComponent

logger = logging.getLogger(__name__)

DEFAULT_LRU_SIZE = 20_000


class Entry(NamedTuple):
    """One item of a feed: where its bytes are cached, which state they must show, and
    `ref`, what the feed's builder needs to load the item again (usually its pk).
    A named tuple: a feed makes 5,000 of them on every changed answer."""

    identity: str
    version: str
    ref: Hashable


class ComponentLRU:
    """A small thread-safe LRU of identity -> (version, bytes)."""

    def __init__(self):
        self._items: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, identity: str, version: str) -> bytes | None:
        with self._lock:
            found = self._items.get(identity)
            if found is None or found[0] != version:
                return None
            self._items.move_to_end(identity)
            return found[1]

    def put_many(self, items: Iterable[tuple[str, str, bytes]]) -> None:
        limit = getattr(settings, "CALENDAR_COMPONENT_LRU_SIZE", DEFAULT_LRU_SIZE)
        with self._lock:
            for identity, version, body in items:
                self._items[identity] = (version, body)
                self._items.move_to_end(identity)
            while len(self._items) > limit:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self):
        return len(self._items)


lru = ComponentLRU()


def identity_key(*parts: str) -> str:
    """A fixed-length key for the shared table from the parts that name a rendering."""
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_components(
    entries: list[Entry], build: Callable[[list[Hashable]], dict[Hashable, bytes]]
) -> list[bytes]:
    """The bytes of every entry, in order; `build(refs)` is called once, for the misses only.

    Queries: none when every entry is in this process's memory; otherwise one read of the
    shared table and, if anything had to be built, one upsert.
    """
    found: dict[str, bytes] = {}
    missing = []
    for entry in entries:
        body = lru.get(entry.identity, entry.version)
        if body is None:
            missing.append(entry)
        else:
            found[entry.identity] = body
    if missing:
        shared = _read_shared(missing)
        found.update(shared)
        to_build = [entry for entry in missing if entry.identity not in shared]
        if to_build:
            built = build([entry.ref for entry in to_build])
            fresh = [(e.identity, e.version, built[e.ref]) for e in to_build if e.ref in built]
            lru.put_many(fresh)
            _write_shared(fresh)
            found.update((identity, body) for identity, _version, body in fresh)
    return [found[entry.identity] for entry in entries if entry.identity in found]


# The shared table is read and written with one parameter, whatever the number of items:
# the keys as one comma-separated text (hex digests hold no comma), the fresh rows as one
# JSON document. The ORM equivalents (`key__in`, `bulk_create(update_conflicts=True)`) build
# a parameter per value and a model instance per row (a fifth of a cold 5,000-event build);
# array parameters are dumped value by value in Python (a tenth).
_TABLE = CalendarComponent._meta.db_table
_READ = f"SELECT key, version, body FROM {_TABLE} WHERE key = ANY(string_to_array(%s, ','))"  # noqa: S608
_WRITE = f"""
    INSERT INTO {_TABLE} (key, version, body, stored_at)
    SELECT fresh ->> 0, fresh ->> 1, fresh ->> 2, now() FROM json_array_elements(%s::json) AS fresh
    ON CONFLICT (key) DO UPDATE
    SET version = EXCLUDED.version, body = EXCLUDED.body, stored_at = EXCLUDED.stored_at
"""  # noqa: S608


def _read_shared(entries: list[Entry]) -> dict[str, bytes]:
    wanted = {entry.identity: entry.version for entry in entries}
    with connection.cursor() as cursor:
        cursor.execute(_READ, [",".join(wanted)])
        rows = cursor.fetchall()
    hits = [(key, version, body.encode()) for key, version, body in rows if wanted[key] == version]
    lru.put_many(hits)
    return {key: body for key, _version, body in hits}


def _write_shared(fresh: list[tuple[str, str, bytes]]) -> None:
    # One row per key in a statement: ON CONFLICT cannot touch the same row twice.
    unique = {identity: (version, body) for identity, version, body in fresh}
    # Stored as text: sent and parsed as is, where bytea would travel as hex, twice the size.
    rows = [[key, version, body.decode()] for key, (version, body) in unique.items()]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_WRITE, [json.dumps(rows, ensure_ascii=False)])
    except DatabaseError:
        # A cache that cannot be written only costs speed; the answer is already built.
        logger.warning("Could not store %d calendar components", len(rows), exc_info=True)
