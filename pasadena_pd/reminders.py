"""Reminder emails: the task that queues every reminder due now (pasadena_pd/reminder_policy.py
says which), once each.

`manage.py send_reminders` enqueues `send_due_reminders`; cron runs it every quarter of an
hour (README, "Reminders"), so that reminders leave soon after the hour of the morning, and
the task worker runs it and then sends the emails. Each reminder is recorded as a
SentReminder (a unique constraint) in the same transaction as its email's task: a second
run, a second worker or a retried task finds the record and sends nothing. Each app says
what may need a reminder in its `reminders.candidates`.
"""

import importlib
import logging

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from pasadena_pd.mail import send_templated_email
from pasadena_pd.models import SentReminder
from pasadena_pd.reminder_policy import LOOKAHEAD, Clock, due

logger = logging.getLogger(__name__)
LOCK_KEY = 1_600_016  # pg_advisory_xact_lock: one run at a time
# Project-level code may use every app; the apps never import this module.
PROVIDERS = ("events.reminders", "outreach.reminders")


def queue_due_reminders(now=None) -> int:
    """Queue the email of every reminder due at `now`; the number queued."""
    now = now or timezone.now()
    clock = Clock(hour=settings.REMINDER_HOUR, tz=timezone.get_default_timezone())
    queued = 0
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        for name in PROVIDERS:
            for candidate in importlib.import_module(name).candidates(now, now + LOOKAHEAD):
                kind = due(
                    candidate.kinds,
                    starts_at=candidate.starts_at,
                    booked_at=candidate.booked_at,
                    now=now,
                    clock=clock,
                )
                if kind is None:
                    continue
                _record, created = SentReminder.objects.get_or_create(
                    about=candidate.about,
                    object_id=candidate.object_id,
                    kind=kind,
                    starts_at=candidate.starts_at,
                )
                if created:
                    send_templated_email(
                        to=candidate.to,
                        template=candidate.template,
                        context={**candidate.context, "kind": str(kind)},
                        language=candidate.language,
                    )
                    queued += 1
    logger.info("Reminders queued: %d.", queued)
    return queued


@task()
def send_due_reminders() -> int:
    return queue_due_reminders()
