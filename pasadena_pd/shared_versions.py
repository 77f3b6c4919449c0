"""Version numbers in the shared cache that move when a write commits: what the page cache
(pasadena_pd/page_cache.py) and the per-process memos (pasadena_pd/versioned_memo.py) check
their copies against, so that a change shows at once in every process.

- `read(key)`: the current version; the first reader after an eviction starts one (the
  first writer wins). None when the shared cache does not answer (fail_soft_cache): the
  caller then works without its copies. Within a request each key is read once (a page's
  kept parts and memos share one round trip to the cache, and draw on one version); with
  Redis, the process keeps a copy that Redis's channel of moves keeps current
  (pasadena_pd/version_listener.py), so most requests make no round trip at all.
- `move(key)`: every copy made under the old version is stale from now on (announced to
  every process on Redis's channel).
- `move_on_commit(key, then, using)`: once the current transaction commits, however many
  rows it writes (a request and its history...), and outside it, so that no lock on a
  cache row is held by the write. A copy made meanwhile from the old rows was stored under
  the version read before them, so it is never used after the move.
"""

import logging
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from pasadena_pd import version_listener
from pasadena_pd.fail_soft_cache import is_failing

logger = logging.getLogger(__name__)


# The versions read by the current request (None outside requests: every read asks).
_request_reads: ContextVar[dict | None] = ContextVar("shared_version_reads", default=None)


def read(key: str) -> int | None:
    reads = _request_reads.get()
    if reads is not None and key in reads:
        return reads[key]
    version = _read(key)
    if reads is not None and version is not None:
        reads[key] = version
    return version


def _read(key: str) -> int | None:
    if is_failing(cache):
        return None
    listener = version_listener.listener()
    if listener is not None:
        return listener.read(key, _read_from_cache)
    return _read_from_cache(key)


def _read_from_cache(key: str) -> int | None:
    version = cache.get(key)
    if version is None:  # first use, or evicted: start a version (the first writer wins)
        version = time.time_ns()
        if not cache.add(key, version, timeout=None):
            version = cache.get(key, version)
    if is_failing(cache):
        return None
    return version


def move(key: str) -> None:
    reads = _request_reads.get()
    if reads is not None:
        reads.pop(key, None)  # the rest of this request sees the new version
    try:
        cache.set(key, time.time_ns(), timeout=None)
    except Exception:
        # A cache that does not answer must not fail the write; copies expire anyway.
        logger.warning("The shared version %s could not be moved.", key, exc_info=True)
    listener = version_listener.listener()
    if listener is not None:
        listener.announce(key)


def move_on_commit(key: str, then: Callable[[], None], using: str | None = None) -> None:
    """`then()` (which moves `key`) once the current transaction commits, once per key."""
    connection = connections[using or DEFAULT_DB_ALIAS]
    pending = (callback for _ids, callback, _robust in connection.run_on_commit)
    if not any(
        isinstance(callback, _Move) and callback.key == key and not callback.done
        for callback in pending
    ):
        transaction.on_commit(_Move(key, then), using=connection.alias)


class _Move:
    """A version move waiting for its transaction's commit."""

    def __init__(self, key: str, then: Callable[[], None]):
        self.key = key
        self.then = then
        self.done = False

    def __call__(self):
        self.done = True
        self.then()


def _request_began(**kwargs) -> None:
    _request_reads.set({})


def _request_ended(**kwargs) -> None:
    _request_reads.set(None)


request_started.connect(_request_began, dispatch_uid="shared-versions-request-began")
request_finished.connect(_request_ended, dispatch_uid="shared-versions-request-ended")
