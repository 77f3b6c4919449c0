"""`manage.py send_reminders`: hand the task worker the job of sending every reminder due now
(pasadena_pd/reminders.py). Run it from cron every 15 minutes (README, "Reminders"); running
it more often, or twice at once, never sends a reminder twice."""

from django.core.management.base import BaseCommand, CommandError
from django_tasks import TaskResultStatus

from pasadena_pd.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Queue the reminder emails due now (the task worker sends them)."

    def handle(self, *args, **options):
        result = send_due_reminders.enqueue()
        if result.status == TaskResultStatus.FAILED:  # the immediate backend ran it
            raise CommandError("Sending reminders failed; see the log.")
        if result.is_finished:  # the immediate backend (development) ran it already
            self.stdout.write(f"Reminders sent: {result.return_value}.")
        else:
            self.stdout.write("Queued: the task worker sends the reminders due now.")
