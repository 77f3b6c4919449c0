from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pasadena_pd import backup


class Command(BaseCommand):
    help = "Restore a backup_db file into a NEW database (never over the live one)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A file written by backup_db / pg_dump -Fc")
        parser.add_argument("database_name", help="Name of the new database to create")

    def handle(self, *args, **options):
        database = settings.DATABASES["default"]
        if options["database_name"] == database["NAME"]:
            raise CommandError("Restore into a new database, then point DATABASE_URL at it.")
        try:
            backup.restore(database, Path(options["archive"]), options["database_name"])
        except backup.BackupToolMissing as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored into {options['database_name']}.")
