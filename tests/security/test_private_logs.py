"""What the site logs while residents use every public form holds none of their data."""

import io
import logging

import pytest

from tests.security import public_forms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("forms_open")]


@pytest.fixture
def console_log():
    """The text the configured console handler (with its filters) writes, at DEBUG."""
    root = logging.getLogger()
    handler = next(h for h in root.handlers if h.get_name() == "console")
    stream = io.StringIO()
    old_stream, old_level = handler.setStream(stream), root.level
    root.setLevel(logging.DEBUG)
    logging.getLogger("django.db.backends").setLevel(logging.WARNING)
    yield stream
    root.setLevel(old_level)
    handler.setStream(old_stream)


def _personal_values(valid: dict) -> list[str]:
    keys = ("name", "email", "phone", "address", "first_name", "last_name", "contact")
    return [
        value
        for key, value in valid.items()
        if any(part in key for part in keys) and isinstance(value, str) and len(value) > 3
    ]


@pytest.mark.parametrize("build", public_forms.ALL, ids=lambda build: build.__name__)
def test_a_whole_public_visit_leaves_no_personal_data_in_the_log(
    client, build, settings, console_log
):
    settings.PUBLIC_FORM_RATE = "0"
    form = build()

    client.post(form.url, {**form.valid, "website": "spam"})  # refused by the honeypot
    private_page = form.private_page(client.post(form.url, form.valid))
    client.get(private_page)
    client.get(private_page + "no-such-page/")  # a 404 is logged with its path
    client.post(private_page + form.cancel_suffix)

    log = console_log.getvalue()
    assert "Not Found" in log  # the log is really captured
    token = private_page.rstrip("/").rsplit("/", 1)[-1]
    assert token not in log
    for value in _personal_values(form.valid):
        assert value not in log, value
