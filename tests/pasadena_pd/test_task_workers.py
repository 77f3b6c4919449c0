"""A task left RUNNING by a killed task worker is sent again; a live worker's is not."""

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from pasadena_pd.task_workers import LOCK_NAMESPACE, WorkerLiveness, requeue_orphaned_tasks


def _running_task(worker_id: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status="RUNNING",
        started_at=timezone.now(),
        worker_ids=[worker_id],
        task_path="pasadena_pd.mail.send_email_task",
        args_kwargs={"args": [], "kwargs": {"subject": "s", "body": "b", "to": ["a@example.org"]}},
        backend_name="default",
        run_after=get_date_max(),  # no delay asked
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


@pytest.mark.django_db(transaction=True)
def test_an_email_sent_while_the_database_restarts_is_recorded_not_sent_again(monkeypatch):
    from django.core import mail
    from django.db import OperationalError

    from pasadena_pd.management.commands.task_worker import Command, RecordingWorker

    task = _running_task("")
    DBTaskResult.objects.filter(pk=task.pk).update(status="READY", started_at=None, worker_ids=[])
    task.refresh_from_db()
    worker = RecordingWorker(
        unrecorded={},
        queue_names=["default"],
        excluded_queue_names=[],
        worker_id="worker-through-a-restart",
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
    )
    task.claim(worker.worker_id)
    original = DBTaskResult.save

    def database_gone(self, *args, **kwargs):
        raise OperationalError("the database system is shutting down")

    monkeypatch.setattr(DBTaskResult, "save", database_gone)
    with pytest.raises(OperationalError):
        worker.run_task(task)
    assert len(mail.outbox) == 1  # the email left before its success could be written
    monkeypatch.setattr(DBTaskResult, "save", original)

    Command._wait_for_database(worker)

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert len(mail.outbox) == 1
    assert not DBTaskResult.objects.ready().exists()


@pytest.mark.django_db
def test_live_workers_take_back_a_dead_peers_task_only_after_a_minute():
    import datetime

    recent = _running_task("peer-killed-just-now")
    old = _running_task("peer-killed-long-ago")
    DBTaskResult.objects.filter(pk=old.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=5)
    )

    assert requeue_orphaned_tasks(started_before=timezone.now() - datetime.timedelta(minutes=1))

    assert DBTaskResult.objects.get(pk=old.pk).status == "READY"
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"
