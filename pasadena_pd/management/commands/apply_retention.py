"""`manage.py apply_retention [--dry-run]`: anonymise the personal data that is past its
retention time (settings RETENTION_*; docs/security.md, "Personal data").

Safe to run daily (cron: docs/security.md): what is anonymised is marked and never touched
again; one transaction, so a failed run changes nothing; a second run at the same time
waits for the first. Each real run is recorded as a RetentionRun, counts only. --dry-run
does the same work in a transaction that is rolled back, and prints the counts.
"""

import logging

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from events import retention as events_retention
from outreach import retention as outreach_retention
from pal import retention as pal_retention
from pasadena_pd.models import RetentionRun
from pasadena_pd.retention import Cutoffs

logger = logging.getLogger(__name__)
LOCK_KEY = 1_400_014  # pg_advisory_xact_lock: one run at a time
APPS = (pal_retention, outreach_retention, events_retention)


class Command(BaseCommand):
    help = "Anonymise personal data past its retention time (--dry-run: only print counts)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be done; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        cutoffs = Cutoffs.on(timezone.localdate())
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
            counts = {}
            for app in APPS:
                counts.update(app.apply(cutoffs))
            if dry_run:
                transaction.set_rollback(True)
            else:
                RetentionRun.objects.create(counts=counts)
        self.stdout.write(
            f"Cut-offs: PAL members whose last term ended before "
            f"{cutoffs.pal_member_term_end}; declined or withdrawn applications decided before "
            f"{cutoffs.closed_application}; contact details of events before "
            f"{cutoffs.contact_event}."
        )
        self.stdout.write("Dry run, nothing changed. Would do:" if dry_run else "Done:")
        for kind, count in counts.items():
            self.stdout.write(f"  {kind}: {count}")
        if not dry_run:
            logger.info("Retention run: %s", counts)
