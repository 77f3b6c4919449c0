"""Tasks (emails) that a killed task worker left half done are run again, once.

django-tasks-db's `db_worker` marks a task RUNNING before running it and SUCCESSFUL after;
a worker killed in between (SIGKILL, out of memory, a lost machine) leaves it RUNNING for
ever, so its email is never sent. Each worker started by `manage.py task_worker` therefore
holds a PostgreSQL advisory lock named after its worker id on a connection of its own, for
as long as the process lives; PostgreSQL releases it when the process dies. At start, a
worker puts back every RUNNING task whose last worker's lock is free, and every live worker
does the same every 30 s for tasks started over a minute ago (a dead peer's, so that one
surviving worker is enough; the minute covers a live worker retaking its lock after a
database restart).

An email whose worker died after the SMTP server accepted it but before the task was
marked done is sent a second time: SMTP offers no way to ask. That window is the time of
one UPDATE; a worker killed at any other moment loses nothing and repeats nothing. A worker
that lives through a database restart records what it finished meanwhile and runs again only
what the restart cut off (pasadena_pd/management/commands/task_worker.py).
"""

import datetime
import logging
import threading

import psycopg
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
# First key of the advisory locks of task workers (the second is the worker id's hash).
LOCK_NAMESPACE = 1818
PEERS_EVERY = datetime.timedelta(seconds=30)
PEER_GRACE = datetime.timedelta(minutes=1)


class WorkerLiveness:
    """A session-level advisory lock, held on its own connection while this worker lives."""

    def __init__(self, worker_id: str, *, check_every: float = 5.0):
        self.worker_id = worker_id
        self.check_every = check_every
        self.held: psycopg.Connection | None = None
        self.stopped = threading.Event()

    def hold(self) -> None:
        self.held = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        self.held.execute(
            "SELECT pg_advisory_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, self.worker_id]
        )

    def keep(self) -> None:
        """Hold the lock in a thread; after a database restart, take it again."""
        self.hold()
        threading.Thread(target=self._watch, daemon=True, name="worker-liveness").start()

    def _watch(self) -> None:
        peers_checked = timezone.now()
        while not self.stopped.wait(self.check_every):
            try:
                self.held.execute("SELECT 1")
            except psycopg.Error:
                try:
                    self.held.close()
                    self.hold()
                except psycopg.Error:
                    logger.warning("Task worker lock not taken yet (database unavailable).")
            if timezone.now() - peers_checked >= PEERS_EVERY:
                peers_checked = timezone.now()
                try:
                    requeue_orphaned_tasks(started_before=peers_checked - PEER_GRACE)
                except DatabaseError:
                    pass  # the worker's own loop reports an unavailable database
                finally:
                    connection.close()  # this thread's own connection

    def release(self) -> None:
        self.stopped.set()
        if self.held is not None:
            self.held.close()


def _worker_alive(worker_id: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, worker_id])
        free = cursor.fetchone()[0]
        if free:
            cursor.execute(
                "SELECT pg_advisory_unlock(%s, hashtext(%s))", [LOCK_NAMESPACE, worker_id]
            )
    return not free


def requeue_orphaned_tasks(*, also_of: str = "", started_before=None) -> int:
    """Put the RUNNING tasks of workers that no longer live back in the queue (and those of
    worker `also_of`: a worker whose task was cut off by a database error); with
    `started_before`, only tasks started before then."""
    requeued = 0
    running = DBTaskResult.objects.running()
    if started_before is not None:
        running = running.filter(started_at__lt=started_before)
    with transaction.atomic():
        for task in running.select_for_update(skip_locked=True):
            owner = task.worker_ids[-1] if task.worker_ids else ""
            if owner and owner != also_of and _worker_alive(owner):
                continue
            _back_in_queue(task)
            requeued += 1
    if requeued:
        logger.warning("Put %d task(s) of a stopped worker back in the queue.", requeued)
    return requeued


def _back_in_queue(task: DBTaskResult) -> None:
    """The one place this project writes a django-tasks result's status.

    Why not through a workflow: the row is django-tasks-db's, its states are the library's,
    and the library has no public "requeue" (its worker only ever claims READY rows). A RUNNING
    row whose worker died would never run again: back to the field's default (READY), with no
    start time, is exactly what the library's own enqueue writes."""
    DBTaskResult.objects.filter(pk=task.pk).update(
        status=DBTaskResult._meta.get_field("status").default, started_at=None
    )
