"""`manage.py task_worker`: django-tasks-db's db_worker, with the same options, that
- first takes back the tasks a killed worker left RUNNING (pasadena_pd/task_workers.py);
- outlives a database restart: db_worker stops at the first database error, this one waits
  for the database and goes on."""

import logging
import time

from django.db import OperationalError, close_old_connections
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from pasadena_pd.task_workers import WorkerLiveness, requeue_orphaned_tasks

logger = logging.getLogger(__name__)


class Command(DbWorkerCommand):
    help = "Run the task worker (emails); tasks left running by a killed worker run again."

    def handle(self, *args, **options):
        worker_id = options["worker_id"]
        liveness = WorkerLiveness(worker_id)
        liveness.keep()
        try:
            requeue_orphaned_tasks()
            while True:
                try:
                    return super().handle(*args, **options)
                except OperationalError:
                    logger.warning("Database unavailable; the task worker waits for it.")
                    self._wait_for_database(worker_id)
        finally:
            liveness.release()

    @staticmethod
    def _wait_for_database(worker_id: str) -> None:
        while True:
            time.sleep(1)
            close_old_connections()
            try:
                # A task this worker was running when the database went away is run again.
                requeue_orphaned_tasks(also_of=worker_id)
                return
            except OperationalError:
                continue
