"""With Redis, each process keeps its copy of the shared data version, and Redis's channel of
moves keeps it current (pasadena_pd/version_listener.py): a change made by another process
shows at once, a page makes no round trip while nothing changes, and a channel that fails
only costs the copies."""

import pytest
from django.core.cache import cache

from outreach.models import Area
from pasadena_pd import shared_versions, version_listener
from pasadena_pd.page_cache import VERSION_KEY
from tests.factories import AreaFactory
from tests.pasadena_pd.test_shared_services import needs_redis, redis_cache  # noqa: F401

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cache_reads(monkeypatch):
    """How many times the version is read from Redis itself."""
    reads = []
    read = shared_versions._read_from_cache

    def counted(key):
        reads.append(key)
        return read(key)

    monkeypatch.setattr(shared_versions, "_read_from_cache", counted)
    return reads


def another_process_moves(key):
    """What `shared_versions.move` does in another process: set the version, announce it."""
    cache.set(key, cache.get(key) + 1, timeout=None)
    version_listener.VersionListener(cache).announce(key)


def test_the_version_is_read_from_redis_once_while_nothing_moves(redis_cache, cache_reads):  # noqa: F811
    versions = {shared_versions.read(VERSION_KEY) for _ in range(5)}
    assert len(versions) == 1
    assert cache_reads == [VERSION_KEY]


def test_a_move_in_another_process_shows_at_once(redis_cache, cache_reads):  # noqa: F811
    before = shared_versions.read(VERSION_KEY)
    another_process_moves(VERSION_KEY)
    after = shared_versions.read(VERSION_KEY)
    assert after == before + 1
    assert cache_reads == [VERSION_KEY, VERSION_KEY]
    assert shared_versions.read(VERSION_KEY) == after  # and is kept again


def test_a_page_changed_by_another_process_shows_at_once(redis_cache, client, settings):  # noqa: F811
    settings.FRAGMENT_CACHE_SECONDS = 60
    area = AreaFactory(name="Northwest", slug="northwest")
    assert "Northwest" in client.get("/outreach/areas/").content.decode()
    # Changed without a signal, as by another process whose only word is its announcement.
    Area.objects.filter(pk=area.pk).update(name="Far Northwest")
    assert "Far Northwest" not in client.get("/outreach/areas/").content.decode()  # kept
    another_process_moves(VERSION_KEY)
    assert "Far Northwest" in client.get("/outreach/areas/").content.decode()


def test_a_failed_channel_forgets_the_copies(redis_cache, cache_reads):  # noqa: F811
    before = shared_versions.read(VERSION_KEY)
    listener = version_listener.listener()
    # Redis drops the channel's connection (a restart, a backlog); a move meanwhile is
    # not announced to this process.
    address = "{}:{}".format(*listener.connection._sock.getsockname()[:2])
    cache._cache.get_client(write=True).execute_command("CLIENT", "KILL", "ADDR", address)
    cache.set(VERSION_KEY, before + 1, timeout=None)
    assert shared_versions.read(VERSION_KEY) == before + 1
    # Subscribed again: the next move is heard.
    another_process_moves(VERSION_KEY)
    assert shared_versions.read(VERSION_KEY) == before + 2


def test_a_copy_is_read_again_after_a_few_seconds(redis_cache, cache_reads, monkeypatch):  # noqa: F811
    """A move whose announcement was lost costs seconds, not staleness."""
    monkeypatch.setattr(version_listener, "COPY_SECONDS", 0.0)  # the seconds have passed
    before = shared_versions.read(VERSION_KEY)
    cache.set(VERSION_KEY, before + 1, timeout=None)  # a move never announced
    assert shared_versions.read(VERSION_KEY) == before + 1


def test_without_redis_every_read_asks_the_cache(cache_reads):
    assert version_listener.listener() is None  # the tests' database cache
    shared_versions.read(VERSION_KEY)
    shared_versions.read(VERSION_KEY)
    assert cache_reads == [VERSION_KEY, VERSION_KEY]
