"""Item 4 of issue 14: emails never reach the server log past the redaction."""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import EmailMessage

BASE_DIR = Path(__file__).resolve().parents[2]
TOKEN = "kq3Jx0c1lZ7vN2bTqWm8rY5sA4dE6fGh"


def _import_settings(**environment):
    hidden = {"SECRET_KEY", "DEBUG", "EMAIL_URL"}
    env = {key: value for key, value in os.environ.items() if key not in hidden}
    env.update(environment, PYTHONPATH=str(BASE_DIR), DATABASE_URL="postgres://x@localhost/x")
    code = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd="/",
        env={**env, "DJANGO_SETTINGS_MODULE": "pasadena_pd.settings"},
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def test_production_without_email_url_refuses_to_start():
    result = _import_settings(DEBUG="false", SECRET_KEY="x" * 50, EMAIL_URL="")

    assert result.returncode != 0
    assert "EMAIL_URL is not set" in result.stderr


def test_production_with_an_smtp_url_starts_with_smtp():
    result = _import_settings(
        DEBUG="false", SECRET_KEY="x" * 50, EMAIL_URL="smtp+tls://u:p@smtp.example.org:587"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.smtp.EmailBackend"


def test_the_console_backend_is_the_redacting_one():
    result = _import_settings(DEBUG="true", EMAIL_URL="consolemail://")

    assert result.stdout.strip() == (
        "pasadena_pd.security.console_mail.RedactedConsoleEmailBackend"
    )


@pytest.fixture
def console_log():
    """What the configured console handler (with its filters) writes."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if h.get_name() == "console")
    stream = io.StringIO()
    old_stream = handler.setStream(stream)
    yield stream
    handler.setStream(old_stream)


def _send_enrollment_email():
    EmailMessage(
        subject="Application received",
        body=(
            "Avery's application: http://127.0.0.1:8000/pal/applications/"
            f"{TOKEN}/\nQuestions? Call 626-555-0142 or write to guardian@example.org"
        ),
        to=["guardian@example.org"],
        connection=_backend(),
    ).send()


def _backend():
    from django.core.mail import get_connection

    return get_connection("pasadena_pd.security.console_mail.RedactedConsoleEmailBackend")


def test_console_email_goes_through_the_log_redaction(console_log, settings):
    settings.DEBUG = True

    _send_enrollment_email()

    log = console_log.getvalue()
    assert "Application received" in log  # the message is really logged
    assert "http://127.0.0.1:8000/pal/applications/" in log
    for private in (TOKEN, "guardian@example.org", "626-555-0142"):
        assert private not in log


def test_console_email_with_debug_off_logs_no_text(console_log, settings):
    settings.DEBUG = False

    _send_enrollment_email()

    log = console_log.getvalue()
    assert "Email to [email] not shown" in log
    assert "Avery" not in log
    assert "Application received" not in log
