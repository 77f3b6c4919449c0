import datetime
import logging

import pytest
from gunicorn.config import Config

from pasadena_pd.log_filters import RedactingGunicornLogger, RedactTokensFilter, redact

TOKEN = "Q3xVb9_kLmN0pQrS-tUvWxYz12345678"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f'"GET /calendar/private/{TOKEN}.ics HTTP/1.1" 200 512',
            '"GET /calendar/private/[redacted] HTTP/1.1" 200 512',
        ),
        (
            f"Not Found: /outreach/requests/{TOKEN}.ics",
            "Not Found: /outreach/requests/[redacted]",
        ),
        ("GET /calendar/private/short.ics", "GET /calendar/private/[redacted]"),
        (f"GET /somewhere/{TOKEN}/", "GET /somewhere/[redacted]/"),
        (f"GET /x?token={TOKEN}", "GET /x?token=[redacted]"),
        (
            "GET /events/national-night-out-2026-kick-off-party.ics",
            "GET /events/national-night-out-2026-kick-off-party.ics",
        ),
    ],
)
def test_redact(line, expected):
    assert redact(line) == expected


def test_filter_rewrites_the_message_of_django_server_records():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /calendar/private/{TOKEN}.ics HTTP/1.1", "200", "512"),
        None,
    )

    assert RedactTokensFilter().filter(record) is True
    assert record.getMessage() == '"GET /calendar/private/[redacted] HTTP/1.1" 200 512'


def test_settings_attach_the_filter_to_request_logs(caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    logging.getLogger("django.request").warning("Not Found: %s", f"/calendar/private/{TOKEN}.ics")

    assert TOKEN not in caplog.text
    assert "/calendar/private/[redacted]" in caplog.text


def test_feed_404_logs_no_token(client, caplog, db):
    caplog.set_level(logging.WARNING, logger="django.request")

    client.get(f"/calendar/private/{TOKEN}.ics")

    assert "Not Found" in caplog.text
    assert TOKEN not in caplog.text


def test_gunicorn_access_atoms_are_redacted():
    class Response:
        status = "200 OK"
        sent = 512
        headers = []

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/calendar/private/{TOKEN}.ics",
        "PATH_INFO": f"/calendar/private/{TOKEN}.ics",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": f"https://example.org/outreach/requests/{TOKEN}/",
    }
    config = Config()
    config.set("access_log_format", '%(h)s "%(r)s" %(U)s "%(f)s" %({RAW_URI}e)s %(s)s')
    logger = RedactingGunicornLogger(config)

    atoms = logger.atoms(Response(), [], environ, datetime.timedelta(seconds=0.01))

    assert atoms["r"] == "GET /calendar/private/[redacted] HTTP/1.1"
    assert atoms["U"] == "/calendar/private/[redacted]"
    assert atoms["f"] == "https://example.org/outreach/requests/[redacted]/"
    assert atoms["{raw_uri}e"] == "/calendar/private/[redacted]"
    # Atoms the format does not print are not kept at all (nothing to redact there).
    assert set(atoms) == {"h", "r", "U", "f", "{raw_uri}e", "s"}
