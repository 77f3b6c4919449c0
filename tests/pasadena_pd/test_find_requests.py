""" "Find my requests" (/find-my-requests/): one email with the private links of everything an
address has open, sent by the task worker; the page answers the same for every address."""

import datetime
import logging
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from events.models import BlockParty, Registration
from outreach.models import PresentationRequest
from pal.models import Enrollment
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    RegistrationFactory,
    local_datetime,
)
from tests.feeds.factories import ScheduledRequestFactory
from tests.pal.factories import EnrollmentFactory, GuardianFactory, SummerTermFactory
from tests.pasadena_pd.spanish import page_text, untranslated

URL = "/find-my-requests/"
ROSA = "rosa.perez@example.org"


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SITE_URL = "https://community.example.org"
    settings.PUBLIC_FORM_RATE = "20/h"


@pytest.fixture(autouse=True)
def _no_recent_links_email():
    """The once-per-quarter-hour mark of an address lives in the shared cache."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def run_worker_once():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def rosas_things(today):
    """What Rosa has open, and what she has that is closed or not hers."""
    day = today("2027-03-01 12:00")
    later = day + datetime.timedelta(days=20)
    request = ScheduledRequestFactory(
        title="Orange Grove presentation",
        contact_email=ROSA,
        date=datetime.date(2027, 3, 24),
        status=PresentationRequest.Status.PENDING_REVIEW,
    )
    ScheduledRequestFactory(
        title="Cancelled talk",
        contact_email=ROSA,
        date=datetime.date(2027, 3, 25),
        status=PresentationRequest.Status.CANCELLED,
    )
    ScheduledRequestFactory(title="Someone else's talk", contact_email="ana@example.org")
    event = EventFactory(title="Villa Parke Watch meeting", starts_at=local_datetime(later, 18))
    confirmed = RegistrationFactory(event=event, email=ROSA)
    waiting = RegistrationFactory(
        event=EventFactory(title="Full meeting", starts_at=local_datetime(later, 19)),
        email=ROSA.upper(),
        status=Registration.Status.WAITLISTED,
    )
    RegistrationFactory(
        event=EventFactory(title="Skipped meeting"),
        email=ROSA,
        status=Registration.Status.CANCELLED,
    )
    past = EventFactory(
        title="Last year's meeting",
        starts_at=local_datetime(day - datetime.timedelta(days=10), 18),
    )
    RegistrationFactory(event=past, email=ROSA)
    party = BlockPartyFactory(host_email=ROSA, year=2027, status=BlockParty.Status.APPROVED)
    guardian = GuardianFactory(email=ROSA)
    term = SummerTermFactory(name="Summer 2027")
    application = EnrollmentFactory(term=term, guardian=guardian, first_name="Maya")
    EnrollmentFactory(
        term=term, guardian=guardian, first_name="Leo", status=Enrollment.Status.WITHDRAWN
    )
    return [request, confirmed, waiting, party, application]


def private_paths(thing) -> str:
    if isinstance(thing, Enrollment):
        return thing.get_status_url()
    return thing.get_absolute_url()


def without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.mark.django_db(transaction=True)
def test_a_known_address_gets_one_email_with_a_link_to_each_open_thing(rosas_things):
    response = Client().post(URL, {"email": " Rosa.Perez@Example.org "})
    assert response.status_code == 302
    assert mail.outbox == []  # the lookup is the worker's

    run_worker_once()

    [message] = mail.outbox
    assert message.to == ["Rosa.Perez@Example.org"]  # as typed: the same mailbox
    assert message.subject == "Your links: Pasadena Police Community Services"
    links = re.findall(r"https://community\.example\.org(/\S+)", message.body)
    assert sorted(links) == sorted(private_paths(thing) for thing in rosas_things)
    for title in ("Orange Grove presentation", "Villa Parke Watch meeting", "Full meeting"):
        assert title in message.body
    assert "Maya · Summer 2027" in message.body
    assert "On the waitlist" in message.body
    for closed in ("Cancelled talk", "Skipped meeting", "Last year's meeting", "Leo"):
        assert closed not in message.body
    assert "Someone else" not in message.body


@pytest.mark.django_db(transaction=True)
def test_an_unknown_address_gets_nothing_and_the_same_page(rosas_things):
    known, unknown = Client(), Client()
    known_answer = known.post(URL, {"email": ROSA})
    unknown_answer = unknown.post(URL, {"email": "nobody@example.org"})

    assert (known_answer.status_code, known_answer["Location"]) == (
        unknown_answer.status_code,
        unknown_answer["Location"],
    )
    known_page, unknown_page = known.get(URL), unknown.get(URL)
    assert known_page.status_code == unknown_page.status_code == 200
    assert without_csrf(known_page.text) == without_csrf(unknown_page.text)
    assert "an email with their links is on its way" in unknown_page.text
    # The page did the same work for both: one task queued each.
    assert DBTaskResult.objects.count() == 2

    run_worker_once()

    assert [message.to for message in mail.outbox] == [[ROSA]]


@pytest.mark.django_db(transaction=True)
def test_the_email_is_in_the_language_of_the_page(rosas_things):
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    page = spanish.post(URL, {"email": ROSA}, follow=True)
    assert untranslated(page_text(page.text)) == []

    run_worker_once()

    [message] = mail.outbox
    assert message.subject == "Sus enlaces: Servicios Comunitarios de la Policía de Pasadena"
    assert "Lista de espera" in message.body or "lista de espera" in message.body
    assert untranslated([message.subject, *message.body.splitlines()]) == []


@pytest.mark.django_db
def test_a_filled_honeypot_or_a_bad_address_queues_nothing():
    bot = Client().post(URL, {"email": ROSA, "website": "http://spam.example"})
    typo = Client().post(URL, {"email": "rosa at example"})

    assert bot.status_code == typo.status_code == 200
    assert typo.text.startswith("<!doctype html>") and "<title>Error:" in typo.text
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_the_form_is_rate_limited_like_the_other_public_forms(settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    client = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(2):
        assert client.post(URL, {"email": ROSA}).status_code == 302

    held = client.post(URL, {"email": ROSA})

    assert held.status_code == 429 and int(held["Retry-After"]) > 0
    assert ROSA in held.text  # the typed address is kept
    assert DBTaskResult.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_no_address_reaches_the_logs(rosas_things, caplog):
    with caplog.at_level(logging.DEBUG):
        Client().post(URL, {"email": ROSA})
        Client().post(URL, {"email": "nobody@example.org"})
        run_worker_once()

    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "rosa.perez" not in logged and "nobody@" not in logged


@pytest.mark.django_db
def test_every_page_links_to_it():
    for page in ("/", "/events/", "/outreach/request/"):
        assert f'href="{URL}"' in Client().get(page).text


@pytest.mark.django_db(transaction=True)
def test_an_address_gets_one_email_per_quarter_hour_however_often_it_is_typed(rosas_things, today):
    today("2027-03-01 13:00")
    for connection in ("203.0.113.1", "203.0.113.2", "203.0.113.3"):
        Client(REMOTE_ADDR=connection).post(URL, {"email": ROSA})
    run_worker_once()
    assert len(mail.outbox) == 1

    today("2027-03-01 13:16")
    Client().post(URL, {"email": ROSA.upper()})
    run_worker_once()
    assert len(mail.outbox) == 2
