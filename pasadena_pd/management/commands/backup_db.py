from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from pasadena_pd import backup


class Command(BaseCommand):
    help = "Dump the database to one file (pg_dump custom format). See docs/backup.md."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: var/backups/<time>.dump)")

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        output = Path(options["output"] or settings.BASE_DIR / "var" / "backups" / f"{stamp}.dump")
        output.parent.mkdir(parents=True, exist_ok=True)
        try:
            backup.dump(database, output)
        except backup.BackupToolMissing as error:
            raise CommandError(str(error)) from error
        output.chmod(0o600)  # the dump holds minors' records
        self.stdout.write(str(output))
