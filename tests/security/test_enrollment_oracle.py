"""Issue 14, gap 1: the public enrollment form must not tell whether a named child is a
PAL member. Before the fix, POSTing a member's name and date of birth answered "This child
is already enrolled in School year ..." and any other date answered nothing of the kind.
"""

import datetime
import re

import pytest
from django.core import mail

from pal.models import Enrollment
from tests.pal.factories import EnrollmentFactory, ProgramTermFactory, enrollment_post_data

pytestmark = pytest.mark.django_db

ENROLL = "/pal/enroll/"
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
_LINK = re.compile(r"https?://[^/\s]+(/pal/applications/[\w-]+/)")


def _answer(client, data):
    response = client.post(ENROLL, data, follow=True)
    page = _CSRF.sub("", response.content.decode())
    return response.redirect_chain, response.status_code, page


def test_a_member_and_a_stranger_get_the_same_answer_and_only_the_family_hears(client):
    term = ProgramTermFactory(name="School year 2026-2027")
    probe = enrollment_post_data(term, guardian_email="prober@example.net")
    birth_date = datetime.date.fromisoformat(str(probe["date_of_birth"]))
    EnrollmentFactory(
        term=term,
        first_name=probe["first_name"],
        last_name=probe["last_name"],
        date_of_birth=birth_date,
        guardian__email="family@example.org",
    )
    # The attacker tries the member (any case) and a stranger (another date of birth).
    as_member = _answer(client, {**probe, "first_name": probe["first_name"].upper()})
    stranger_birth = birth_date.replace(day=1 if birth_date.day > 1 else 2)
    as_stranger = _answer(client, {**probe, "date_of_birth": stranger_birth.isoformat()})

    assert as_member == as_stranger
    assert as_member[0] == [("/pal/enroll/sent/", 302)]
    assert "already" not in as_member[2] and "School year 2026-2027" not in as_member[2]

    # The address typed in gets the same email both times: the guardian's name and a link
    # to confirm, nothing else (issue 14). Nothing is looked up before confirmation.
    to_prober = [m for m in mail.outbox if m.to == ["prober@example.net"]]
    assert len(to_prober) == 2
    assert all("already" not in m.body and probe["first_name"] not in m.body for m in to_prober)
    assert not [m for m in mail.outbox if m.to == ["family@example.org"]]

    # Confirming gives the same answer for the member and the stranger; the outcome goes by
    # email: the family on record hears of the repeat, the prober of its own application.
    links = [_LINK.search(m.body).group(1) for m in to_prober]
    confirmed = []
    for link in links:
        response = client.post(link + "confirm/", follow=True)
        confirmed.append((response.redirect_chain, _CSRF.sub("", response.content.decode())))
    assert confirmed[0] == confirmed[1]
    assert confirmed[0][0] == [("/pal/enroll/sent/", 302)]
    to_family = [m for m in mail.outbox if m.to == ["family@example.org"]]
    assert len(to_family) == 1 and "already has an application" in to_family[0].body
    to_prober = [m for m in mail.outbox if m.to == ["prober@example.net"]]
    assert len(to_prober) == 3 and "already" not in to_prober[2].body
    assert Enrollment.objects.filter(term=term).count() == 2  # the member and the stranger
