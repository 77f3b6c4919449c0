import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the development admin account once and print its password (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on (development).")
        User = get_user_model()
        if User.objects.filter(username=USERNAME).exists():
            self.stdout.write(
                f"Development admin account: '{USERNAME}' (password printed when it was created; "
                "reset it with: .venv/bin/python manage.py changepassword admin)"
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser(USERNAME, "admin@example.org", password)
        self.stdout.write(self.style.SUCCESS("Created the development admin account:"))
        self.stdout.write(f"  username: {USERNAME}\n  password: {password}\n  {options['url']}")
        self.stdout.write(
            "  Staff who hold every role sign in with two factors: the first admin visit asks "
            "you to add the site to an authenticator app (QR code or the key shown)."
        )
