"""A task left RUNNING by a killed task worker is sent again; a live worker's is not."""

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from pasadena_pd.task_workers import LOCK_NAMESPACE, WorkerLiveness, requeue_orphaned_tasks


def _running_task(worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        started_at=timezone.now(),
        worker_ids=[worker_id],
        task_path="pasadena_pd.mail.send_email_task",
        args_kwargs={"args": [], "kwargs": {"subject": "s", "body": "b", "to": ["a@example.org"]}},
        backend_name="default",
        run_after=timezone.now(),
    )


@pytest.mark.django_db
def test_tasks_of_a_dead_worker_go_back_to_the_queue_and_a_live_workers_stay():
    live = WorkerLiveness("worker-that-lives")
    live.hold()  # its own connection: as a running worker process holds it
    try:
        dead_task = _running_task("worker-that-was-killed")
        live_task = _running_task("worker-that-lives")

        assert requeue_orphaned_tasks() == 1
    finally:
        live.release()

    dead_task.refresh_from_db()
    live_task.refresh_from_db()
    assert dead_task.status == "READY" and dead_task.started_at is None
    assert live_task.status == "RUNNING"
    # Ready means the worker takes it: the queue's own query finds it.
    assert list(DBTaskResult.objects.ready()) == [dead_task]


@pytest.mark.django_db
def test_a_workers_lock_ends_with_its_connection():
    live = WorkerLiveness("short-lived-worker")
    live.hold()
    live.release()  # what PostgreSQL does when the worker process dies
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        free = other.execute(
            "SELECT pg_try_advisory_lock(%s, hashtext(%s))", [LOCK_NAMESPACE, "short-lived-worker"]
        ).fetchone()[0]
    assert free
