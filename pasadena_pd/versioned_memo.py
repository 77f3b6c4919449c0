"""Small values read from a few rarely changed tables, kept in each process while their own
version in the shared cache stays the same (the outreach policy, resources and blackout
days that every request form answer reads: three queries, now one cache read).

- The version (pasadena_pd.shared_versions) moves when a write to one of the memo's models
  commits (`watch(model)`: post_save and post_delete, one move per transaction); the
  database being flushed (post_migrate) empties this process's copies. A value computed
  meanwhile from the old rows is stored under the version read before them, so it is never
  used after the move.
- Inside a transaction the memo is neither used nor filled: a writer reads its own
  uncommitted rows, and a read under a row lock wants the rows as they are now.
- When the shared cache does not answer (pasadena_pd.fail_soft_cache), each call reads the
  database, as without the memo.
- Values also expire after `seconds` (a write that sends no signal, such as
  `QuerySet.update`, shows after that). Callers get the stored value itself: store values
  nobody changes (frozen dataclasses, tuples), or copy them on the way out.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_delete, post_migrate, post_save

from pasadena_pd import shared_versions


class VersionedMemo:
    def __init__(
        self,
        name: str,
        *,
        seconds: float | Callable[[], float] = 60.0,  # or read from a setting on each store
        size: int = 16,
        version_key: str = "",
    ):
        # Its own version (moved by `watch`ed models), or another's, such as the page cache's.
        self.version_key = version_key or f"versioned-memo:{name}"
        # Signal receivers by the memo's own name: memos may share a version key.
        self.uid = f"versioned-memo:{name}"
        self.seconds = seconds
        self.size = size
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        post_migrate.connect(self._flushed, dispatch_uid=f"{self.uid}:flush", weak=False)

    def watch(self, model) -> None:
        """A committed write to `model` makes every value of this memo stale."""
        for signal in (post_save, post_delete):
            signal.connect(
                self._changed,
                sender=model,
                dispatch_uid=f"{self.uid}:{signal}:{model._meta.label}",
                weak=False,
            )

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return compute()
        version = shared_versions.read(self.version_key)
        if version is None:  # the shared cache does not answer
            return compute()
        with self.lock:
            found = self.entries.get(key)
            if found is not None and found[0] == version and found[1] > time.monotonic():
                self.entries.move_to_end(key)
                return found[2]
        value = compute()
        seconds = self.seconds() if callable(self.seconds) else self.seconds
        with self.lock:
            self.entries[key] = (version, time.monotonic() + seconds, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)
        return value

    def bump(self) -> None:
        """Every value of this memo is stale from now on, in every process."""
        with self.lock:
            self.entries.clear()
        shared_versions.move(self.version_key)

    def _changed(self, sender, **kwargs) -> None:
        shared_versions.move_on_commit(self.version_key, self.bump, using=kwargs.get("using"))

    def clear(self) -> None:
        """This process's copies only."""
        with self.lock:
            self.entries.clear()

    def _flushed(self, **kwargs) -> None:
        # `flush` (transactional tests) empties tables without a signal per row. Only this
        # process's copies: the cache may not exist yet during `migrate`.
        self.clear()
