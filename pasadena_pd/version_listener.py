"""A process's copies of the shared versions (pasadena_pd/shared_versions.py), kept current
by Redis's publish/subscribe, so that a request need not ask Redis whether anything changed
(issue 20: that round trip was a quarter of an uncached page's worker time).

- Before it keeps any copy, a process subscribes to one channel of its cache (named with
  the cache's key prefix); `shared_versions.move` publishes each moved key there once the
  new version is set.
- Each read first takes in what the channel has brought, with a look at the socket that
  does not wait: a key named there loses its copy and is read from Redis again. Redis
  queues a published message for every subscriber before it answers the PUBLISH, so the
  change is known wherever a copy is kept as soon as a request could have seen it by
  asking Redis itself.
- A copy is also read again after `COPY_SECONDS`, so that a publication lost on the way
  (a PUBLISH that timed out) costs seconds, not staleness for the process's lifetime.
- If the channel fails (Redis restarted, the connection dropped), every copy is forgotten
  and the process subscribes again; if Redis does not answer, the cache rests as after
  any failed operation (pasadena_pd/fail_soft_cache.py) and versions are read per request
  until the channel is back. A worker forked with a channel starts its own.
- Only with Redis: with the database cache every request reads its versions.
"""

import contextlib
import logging
import os
import threading
import time

from django.core.cache import caches
from django.core.signals import setting_changed
from redis.exceptions import RedisError

from pasadena_pd.fail_soft_cache import RETRY_SECONDS, FailSoftRedisCache, is_failing

logger = logging.getLogger(__name__)
CHANNEL = "shared-versions:moved"
COPY_SECONDS = 5.0
_FAILURES = (RedisError, OSError)


class VersionListener:
    def __init__(self, cache: FailSoftRedisCache):
        self.cache = cache
        self.client = cache._cache.get_client(write=True)
        self.channel = cache.make_and_validate_key(CHANNEL)
        self.lock = threading.Lock()
        self.pid = os.getpid()
        self.connection = None
        self.copies: dict[str, tuple[int, float]] = {}  # key: (version, read again after)
        self.moves = 0  # messages taken in: a read begun before one may not be kept
        self.retry_at = 0.0

    def read(self, key: str, read_from_cache) -> int | None:
        """The version of `key`: the process's copy while it is known current, else
        `read_from_cache(key)` (kept when the channel listens)."""
        with self.lock:
            listening = self._listening()
            if listening:
                version, fresh_until = self.copies.get(key, (None, 0.0))
                if version is not None and time.monotonic() < fresh_until:
                    return version
            moves = self.moves
        version = read_from_cache(key)
        if listening and version is not None:
            with self.lock:
                # A message taken in (or the channel lost) meanwhile may concern what was
                # just read.
                if self.moves == moves:
                    self.copies[key] = (version, time.monotonic() + COPY_SECONDS)
        return version

    def announce(self, key: str) -> None:
        """Tell every process that `key` moved (after the new version is set)."""
        with self.lock:
            self.copies.pop(key, None)
            self.moves += 1
        if is_failing(self.cache):  # the version could not be set either
            return
        try:
            self.client.publish(self.channel, key)
        except _FAILURES as error:
            # Reported and rested as any failed cache operation (once a minute, not per
            # write); other processes read their copies again within COPY_SECONDS.
            self.cache._failed(error)

    def _listening(self) -> bool:
        if os.getpid() != self.pid:  # a forked worker: the parent's socket is not its own
            self.pid, self.connection = os.getpid(), None
            self._forget()
        if self.connection is not None:
            try:
                self._take_in()
                return True
            except _FAILURES as error:  # dropped: subscribe again at once
                self._dropped(error)
        if time.monotonic() < self.retry_at:
            return False
        try:
            self._subscribe()
        except _FAILURES as error:
            # Redis does not answer: the cache rests, as after any failed operation, and no
            # request waits on it meanwhile.
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.cache._failed(error)
            return False
        return True

    def _subscribe(self) -> None:
        pool = self.client.connection_pool
        connection = pool.connection_class(**pool.connection_kwargs)
        try:
            connection.connect()
            connection.send_command("SUBSCRIBE", self.channel)
            # Listening only once Redis confirms: a move published before is not heard.
            answer = connection.read_response(push_request=True)
            if not (isinstance(answer, list) and answer[:1] == [b"subscribe"]):
                raise RedisError(f"unexpected answer to SUBSCRIBE: {answer!r}")
        except BaseException:
            connection.disconnect()
            raise
        self._forget()
        self.connection = connection

    def _take_in(self) -> None:
        while self.connection.can_read(timeout=0):
            message = self.connection.read_response(push_request=True)
            if isinstance(message, list) and message[:1] == [b"message"]:
                self.copies.pop(message[2].decode(), None)
                self.moves += 1

    def _dropped(self, error: BaseException) -> None:
        with contextlib.suppress(_FAILURES):
            self.connection.disconnect()
        self.connection = None
        self._forget()
        logger.warning(
            "Redis dropped the channel of version moves (%s); every copy is read again.",
            type(error).__name__,
        )

    def _forget(self) -> None:
        self.copies.clear()
        self.moves += 1


_UNKNOWN = object()
_listener = _UNKNOWN
_listener_lock = threading.Lock()


def listener() -> VersionListener | None:
    """This process's listener, or None when the shared cache is not Redis."""
    global _listener
    if _listener is _UNKNOWN:
        with _listener_lock:
            if _listener is _UNKNOWN:
                cache = caches["default"]
                redis = isinstance(cache, FailSoftRedisCache)
                _listener = VersionListener(cache) if redis else None
    return _listener


def _cache_changed(setting, **kwargs):
    global _listener
    if setting == "CACHES":
        with _listener_lock:
            _listener = _UNKNOWN


setting_changed.connect(_cache_changed)
