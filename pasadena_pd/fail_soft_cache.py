"""Cache backends whose failure costs speed, never an answer (docs/deployment.md).

The shared cache (Redis, or the database cache table) holds only what can be rebuilt: whole
pages, rate-limit counters, copies of sessions. When it does not answer (Redis stopped or
too slow, the cache table missing), every operation behaves as on an empty cache that keeps
nothing: reads miss, writes are dropped. Then the cache rests for `RETRY_SECONDS` (no
request waits on it meanwhile) before it is tried again, and the failure is logged at most
once a minute per process, not once per request.

Callers that must know (the page cache skips storing, the rate limit counts per process)
ask `is_failing(cache)`. Django's own users (sessions `cached_db`) need nothing: a miss
reads the database.

`settings.CACHES` names these classes for Django's `RedisCache` and `DatabaseCache`.
"""

import logging
import threading
import time
from functools import cached_property
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import Error as DatabaseError
from django.db import connections, router, transaction
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
RETRY_SECONDS = 5.0
REPORT_EVERY_SECONDS = 60.0
_MISSING = object()


class _Health:
    """One process's view of one cache server: shared by the threads' backend instances."""

    def __init__(self):
        self.lock = threading.Lock()
        self.resting_until = 0.0
        self.reported_at = -REPORT_EVERY_SECONDS
        self.failures_since_report = 0


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(name: str) -> _Health:
    with _health_lock:
        return _health.setdefault(name, _Health())


def is_failing(cache) -> bool:
    """True while `cache` rests after a failure (always False for other backends)."""
    return bool(getattr(cache, "failing", False))


class FailSoftMixin:
    """Wraps every operation of a cache backend: a failure answers like an empty cache."""

    failures: tuple[type[BaseException], ...] = ()

    def _health_name(self) -> str:
        raise NotImplementedError

    @cached_property
    def _health(self) -> _Health:
        return _health_of(self._health_name())

    @property
    def failing(self) -> bool:
        return time.monotonic() < self._health.resting_until

    _guarding = False  # inside a guarded operation (DatabaseCache.get calls get_many)

    def _guarded(self, operation, default, *args, **kwargs):
        if self._guarding:
            return operation(*args, **kwargs)
        if self.failing:
            return default
        self._guarding = True
        try:
            return self._call(operation, *args, **kwargs)
        except self.failures as error:
            self._failed(error)
            return default
        finally:
            self._guarding = False

    def _call(self, operation, *args, **kwargs):
        return operation(*args, **kwargs)

    def _failed(self, error: BaseException) -> None:
        health = self._health
        now = time.monotonic()
        with health.lock:
            health.resting_until = now + RETRY_SECONDS
            health.failures_since_report += 1
            if now - health.reported_at < REPORT_EVERY_SECONDS:
                return
            failures, health.failures_since_report = health.failures_since_report, 0
            health.reported_at = now
        # The error's text names the server or the table, never a key or a value.
        logger.error(
            "The cache %s does not answer (%s: %s; %d failure(s) since the last report): "
            "pages are served uncached and rate limits are counted per process. Retrying "
            "every %.0f s; next report in a minute at the earliest.",
            self._health_name(),
            type(error).__name__,
            str(error).splitlines()[0] if str(error) else "",
            failures,
            RETRY_SECONDS,
        )

    # Every public operation of Django's cache API (the async ones call these).
    def get(self, key, default=None, version=None):
        return self._guarded(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, {}, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, False, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, None, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        """Like a missing key (ValueError) when the cache does not answer."""
        value = self._guarded(super().incr, _MISSING, key, delta, version)
        if value is _MISSING:
            raise ValueError(f"Key '{key}' not found (the cache does not answer)")
        return value

    def clear(self):
        return self._guarded(super().clear, None)


class _ReusedClients(RedisCacheClient):
    """Django's client makes a new `redis.Redis` for every operation, and each one builds
    its table of ~170 response callbacks (a third of a cached page's cache time in the
    profile, docs/performance.md). One per connection pool is enough: it is thread-safe."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(FailSoftMixin, RedisCache):
    """Django's RedisCache; a stopped Redis or a timeout answers like an empty cache."""

    failures = (RedisError, OSError)

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _ReusedClients

    def _health_name(self) -> str:
        # Host and port only: a server URL may carry a password.
        places = (urlsplit(server) for server in self._servers)
        return "redis " + ",".join(f"{place.hostname}:{place.port or 6379}" for place in places)


class FailSoftDatabaseCache(FailSoftMixin, DatabaseCache):
    """Django's DatabaseCache; a missing table or a database error answers like an empty
    cache. Inside a transaction each operation runs in a savepoint, so that its failure
    does not abort the caller's transaction."""

    failures = (DatabaseError,)

    def _health_name(self) -> str:
        return f"database table {self._table}"

    def _call(self, operation, *args, **kwargs):
        alias = router.db_for_read(self.cache_model_class)
        if connections[alias].in_atomic_block:
            with transaction.atomic(using=alias):
                return operation(*args, **kwargs)
        return operation(*args, **kwargs)
