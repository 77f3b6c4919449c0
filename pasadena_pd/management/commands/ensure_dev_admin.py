import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from pasadena_pd.security.otp import has_authenticator, issue_enrollment_code

USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the development admin account once and print its password (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_dev_admin only runs with DEBUG on (development).")
        User = get_user_model()
        user = User.objects.filter(username=USERNAME).first()
        if user is not None:
            self.stdout.write(
                f"Development admin account: '{USERNAME}' (password printed when it was created; "
                "reset it with: .venv/bin/python manage.py changepassword admin)"
            )
        else:
            password = secrets.token_urlsafe(12)
            user = User.objects.create_superuser(USERNAME, "admin@example.org", password)
            self.stdout.write(self.style.SUCCESS("Created the development admin account:"))
            self.stdout.write(f"  username: {USERNAME}\n  password: {password}\n  {options['url']}")
        if not has_authenticator(user):
            self._print_enrollment_code(user)

    def _print_enrollment_code(self, user):
        # The same one-time code an administrator issues to a colleague (security.otp).
        self.stdout.write(
            "  Staff sign in with two factors: the first admin visit asks for this one-time "
            f"enrollment code: {issue_enrollment_code(user)}\n"
            "  then to add the site to an authenticator app (QR code or the key shown)."
        )
