import logging

import pytest
from django.core import mail

from pasadena_pd.security.logging import RedactPersonalDataFilter, redact

TOKEN = "kq3Jx0c1lZ7vN2bTqWm8rY5sA4dE6fGh"  # the shape of pasadena_pd.tokens.new_token()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f'"GET /requests/{TOKEN}/ HTTP/1.1" 200', '"GET /requests/[token]/ HTTP/1.1" 200'),
        (f"/events/registrations/{TOKEN}/cancel/", "/events/registrations/[token]/cancel/"),
        (f"/pal/applications/{TOKEN}/", "/pal/applications/[token]/"),
        (f"/calendar/private/{TOKEN}.ics", "/calendar/private/[token].ics"),
        (f"/feeds/x.ics?token={TOKEN}", "/feeds/x.ics?token=[token]"),
        ("mail to maria.g+pd@example.org failed", "mail to [email] failed"),
        ("callback (626) 555-0142 or 626.555.0199", "callback [phone] or [phone]"),
        ("2026-11-24 01:05:27 event 42 done", "2026-11-24 01:05:27 event 42 done"),
        ("/admin/outreach/area/12/change/", "/admin/outreach/area/12/change/"),
    ],
)
def test_redact_hides_tokens_addresses_and_phone_numbers(line, expected):
    assert redact(line) == expected


def test_filter_redacts_the_formatted_message_and_traceback():
    try:
        raise ValueError("duplicate key (email)=(pat@example.org)")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Error at %s",
            (f"/requests/{TOKEN}/",),
            sys.exc_info(),
        )

    assert RedactPersonalDataFilter().filter(record) is True
    assert record.getMessage() == "Error at /requests/[token]/"
    assert "pat@example.org" not in record.exc_text
    assert "[email]" in record.exc_text


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls")
def test_error_email_to_admins_carries_no_post_data_cookies_or_locals(client, settings):
    settings.ADMINS = [("Admins", "admins@example.org")]
    client.raise_request_exception = False
    client.cookies["sessionid"] = "abcdef-session-cookie-value"

    client.post(
        f"/test-explode/?next=/requests/{TOKEN}/",
        {"email": "resident@example.org", "phone": "626-555-0123", "child_name": "Avery Minor"},
    )

    assert len(mail.outbox) == 1
    report = mail.outbox[0].subject + mail.outbox[0].body
    for private in [
        "resident@example.org",
        "626-555-0123",
        "Avery Minor",
        "Jordan Example-Minor",
        "jordan@example.org",
        "abcdef-session-cookie-value",
        TOKEN,
    ]:
        assert private not in report
    assert "RuntimeError" in report


def test_gunicorn_access_log_redaction_covers_pal_application_links():
    from pasadena_pd.log_filters import redact as redact_access_line

    line = '"GET /pal/applications/abcdefghijklmnopqrstuvwxyz012345/ HTTP/1.1" 200'
    assert redact_access_line(line) == '"GET /pal/applications/[redacted]/ HTTP/1.1" 200'
