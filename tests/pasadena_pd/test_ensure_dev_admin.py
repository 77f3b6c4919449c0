"""`make run`'s ensure_dev_admin lets the developer in, through the two-factor enrollment."""

import io
import re

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(settings) -> str:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("ensure_dev_admin", stdout=out)
    return out.getvalue()


def test_the_printed_password_and_enrollment_code_reach_the_qr_code(client, settings):
    output = run(settings)
    password = re.search(r"password: (\S+)", output).group(1)
    code = re.search(r"enrollment code: (\S+)", output).group(1)

    signed_in = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": password}, follow=True
    )
    enrolled = client.post(
        "/account/two-factor/enroll/", {"code": code, "next": "/admin/"}, follow=True
    )

    assert signed_in.redirect_chain[-1][0] == "/account/two-factor/enroll/?next=%2Fadmin%2F"
    assert '<svg role="img"' in enrolled.text


def test_a_second_run_prints_a_fresh_code_until_an_app_is_set_up(settings):
    first, second = run(settings), run(settings)

    codes = [re.search(r"enrollment code: (\S+)", out).group(1) for out in (first, second)]
    assert codes[0] != codes[1]
    assert "password:" not in second
