"""`manage.py task_worker`: django-tasks-db's db_worker, with the same options, that
- first takes back the tasks a killed worker left RUNNING (pasadena_pd/task_workers.py);
- outlives a database restart: db_worker stops at the first database error; this one waits
  for the database, records what it finished meanwhile (an email sent while PostgreSQL
  restarted is marked sent, not sent again) and goes on."""

import logging
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from pasadena_pd.task_workers import WorkerLiveness, requeue_orphaned_tasks

logger = logging.getLogger(__name__)


class RecordingWorker(Worker):
    """Keeps the outcome of a task it ran but could not record (the database went away)."""

    def __init__(self, *, unrecorded: dict, **options):
        super().__init__(**options)
        self.unrecorded = unrecorded

    def run_task(self, db_task_result: DBTaskResult) -> None:
        record_success = db_task_result.set_successful
        record_failure = db_task_result.set_failed

        def set_successful(return_value):
            try:
                record_success(return_value)
            except OperationalError as error:
                self.unrecorded[db_task_result.pk] = (return_value, error)
                raise

        def set_failed(exc):
            if db_task_result.pk in self.unrecorded:  # it ran; only the database failed
                raise self.unrecorded[db_task_result.pk][1]
            record_failure(exc)

        db_task_result.set_successful = set_successful
        db_task_result.set_failed = set_failed
        super().run_task(db_task_result)


class Command(DbWorkerCommand):
    help = "Run the task worker (emails); tasks left running by a killed worker run again."

    def handle(self, *, verbosity, queue_name, exclude_queues, worker_id, **options):
        self.configure_logging(verbosity)
        options.pop("reload", None)  # never: a reload may cut a task off
        worker = RecordingWorker(
            unrecorded={},
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            worker_id=worker_id,
            **{
                name: options[name]
                for name in ("interval", "batch", "backend_name", "startup_delay", "max_tasks")
            },
        )
        liveness = WorkerLiveness(worker_id)
        liveness.keep()
        try:
            requeue_orphaned_tasks()
            worker.configure_signals()
            while True:
                try:
                    return worker.run()
                except OperationalError:
                    logger.warning("Database unavailable; the task worker waits for it.")
                    self._wait_for_database(worker)
        finally:
            liveness.release()

    @staticmethod
    def _wait_for_database(worker: RecordingWorker) -> None:
        while True:
            time.sleep(1)
            close_old_connections()
            try:
                for pk, (return_value, _error) in list(worker.unrecorded.items()):
                    DBTaskResult.objects.get(pk=pk).set_successful(return_value)
                    del worker.unrecorded[pk]
                # A task cut off by the database error before it finished is run again.
                requeue_orphaned_tasks(also_of=worker.worker_id)
                return
            except OperationalError:
                continue
