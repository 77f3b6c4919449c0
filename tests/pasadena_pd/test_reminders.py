"""Reminder emails through the real task backend: `manage.py send_reminders` queues the job,
the database worker runs it once and sends what it queued (pasadena_pd/reminders.py)."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command

from events.models import BlockParty, Event, Registration
from outreach.models import PresentationRequest
from pasadena_pd.models import SentReminder
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    RegistrationFactory,
    local_datetime,
)
from tests.factories import SpecialistFactory
from tests.feeds.factories import ScheduledRequestFactory
from tests.pasadena_pd.spanish import untranslated

# The worker closes old connections between tasks: the test's data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

MEETING_DAY = datetime.date(2027, 3, 10)  # a Wednesday


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SITE_URL = "https://community.example.org"
    settings.REMINDER_HOUR = 9


def run_worker_once() -> list:
    """What a cron run of `send_reminders`, then the task worker, sends: the new emails."""
    before = len(mail.outbox)
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert out.getvalue().startswith("Queued")  # for the worker, not sent by the command
    assert len(mail.outbox) == before
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    return mail.outbox[before:]


def by_recipient(messages) -> dict:
    return {message.to[0]: message for message in messages}


def link(message) -> str:
    return re.search(r"https://community\.example\.org/\S+", message.body).group(0)


@pytest.fixture
def signed_up(today):
    """A registrant, a block party host and a requester, all for the evening of March 10."""
    today("2027-03-01 12:00")
    event = EventFactory(
        title="Villa Parke Watch meeting", starts_at=local_datetime(MEETING_DAY, 18, 30)
    )
    registration = RegistrationFactory(event=event, email="ana@example.org", name="Ana")
    party = BlockPartyFactory(
        host_email="host@example.org",
        year=2027,
        date=MEETING_DAY,
        starts_at=local_datetime(MEETING_DAY, 17),
        ends_at=local_datetime(MEETING_DAY, 21),
        status=BlockParty.Status.APPROVED,
    )
    request = ScheduledRequestFactory(
        title="Orange Grove presentation",
        contact_email="rosa@example.org",
        date=MEETING_DAY,
        start_time=datetime.time(18, 0),
        end_time=datetime.time(19, 30),
        status=PresentationRequest.Status.SCHEDULED,
    )
    request.specialist = SpecialistFactory(area=request.area, name="Officer Lee")
    request.save()
    return {"registration": registration, "party": party, "request": request}


def test_each_kind_is_reminded_once_the_day_before_at_nine_local_time(signed_up, today):
    today("2027-03-09 08:50")
    assert run_worker_once() == []

    today("2027-03-09 09:05")
    sent = by_recipient(run_worker_once())

    assert set(sent) == {"ana@example.org", "host@example.org", "rosa@example.org"}
    assert sent["ana@example.org"].subject == "Reminder: Villa Parke Watch meeting is tomorrow"
    assert "Wednesday, March 10, 2027" in sent["ana@example.org"].body
    assert link(sent["ana@example.org"]).endswith(signed_up["registration"].get_absolute_url())
    assert sent["host@example.org"].subject == (
        "Reminder: your National Night Out block party is tomorrow"
    )
    assert link(sent["host@example.org"]).endswith(signed_up["party"].get_absolute_url())
    assert sent["rosa@example.org"].subject == 'Reminder: "Orange Grove presentation" is tomorrow'
    assert "Officer Lee" in sent["rosa@example.org"].body
    assert link(sent["rosa@example.org"]).endswith(signed_up["request"].get_absolute_url())

    # The next quarter-hour's run, and one the next morning: nothing more.
    today("2027-03-09 09:20")
    assert run_worker_once() == []
    today("2027-03-10 09:05")
    assert run_worker_once() == []
    assert SentReminder.objects.count() == 3


def test_nothing_is_sent_after_a_cancellation_or_to_a_waitlist_never_confirmed(signed_up, today):
    waiting = RegistrationFactory(
        event=signed_up["registration"].event,
        email="luis@example.org",
        status=Registration.Status.WAITLISTED,
    )
    Registration.objects.filter(pk=signed_up["registration"].pk).update(status="cancelled")
    BlockParty.objects.filter(pk=signed_up["party"].pk).update(status="cancelled")
    PresentationRequest.objects.filter(pk=signed_up["request"].pk).update(status="cancelled")
    other = EventFactory(
        starts_at=local_datetime(MEETING_DAY, 19),
        status=Event.Status.CANCELLED,
        cancellation_reason="The hall is closed.",
    )
    RegistrationFactory(event=other, email="maria@example.org")

    today("2027-03-09 09:05")
    assert run_worker_once() == []
    assert waiting.email not in [m.to[0] for m in mail.outbox]
    assert not SentReminder.objects.exists()


def test_the_academy_is_reminded_a_week_before_and_the_day_before(today):
    today("2027-02-20 12:00")
    academy = EventFactory(
        kind=Event.Kind.ACADEMY,
        title="Community Police Academy",
        starts_at=local_datetime(MEETING_DAY, 18),
    )
    RegistrationFactory(event=academy, email="cadet@example.org")

    today("2027-03-03 08:55")
    assert run_worker_once() == []
    today("2027-03-03 09:10")
    [week] = run_worker_once()
    assert week.subject == "Reminder: Community Police Academy is one week away"
    today("2027-03-05 09:10")
    assert run_worker_once() == []
    today("2027-03-09 09:10")
    [day] = run_worker_once()
    assert day.subject == "Reminder: Community Police Academy is tomorrow"
    assert day.to == ["cadet@example.org"]


def test_each_reminder_is_written_in_the_language_the_resident_used(signed_up, today):
    Registration.objects.update(language="es")
    BlockParty.objects.update(language="es")
    PresentationRequest.objects.update(language="es")
    academy = EventFactory(
        kind=Event.Kind.ACADEMY, title="Academia", starts_at=local_datetime(MEETING_DAY, 18)
    )
    RegistrationFactory(event=academy, email="cadete@example.org", language="es")

    today("2027-03-03 09:05")
    [week] = run_worker_once()
    today("2027-03-09 09:05")
    sent = by_recipient(run_worker_once())

    assert week.subject == "Recordatorio: falta una semana para Academia"
    assert sent["ana@example.org"].subject == "Recordatorio: Villa Parke Watch meeting es mañana"
    assert "miércoles 10 de marzo de 2027" in sent["ana@example.org"].body
    for message in [week, *sent.values()]:
        assert untranslated([message.subject, *message.body.splitlines()]) == []


def test_a_moved_event_is_reminded_of_its_new_day(signed_up, today):
    today("2027-03-09 09:05")
    run_worker_once()
    event = signed_up["registration"].event
    Event.objects.filter(pk=event.pk).update(
        starts_at=local_datetime(datetime.date(2027, 3, 12), 18, 30),
        ends_at=local_datetime(datetime.date(2027, 3, 12), 19, 30),
    )

    today("2027-03-11 09:05")
    [message] = run_worker_once()
    assert message.to == ["ana@example.org"]
    assert "Friday, March 12, 2027" in message.body


def test_two_runs_queued_together_send_each_reminder_once(signed_up, today):
    today("2027-03-09 09:05")
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())  # cron and a coordinator, say
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert sorted(message.to[0] for message in mail.outbox) == [
        "ana@example.org",
        "host@example.org",
        "rosa@example.org",
    ]


def test_in_development_the_command_sends_at_once_and_says_how_many(settings, signed_up, today):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    today("2027-03-09 09:05")
    out = io.StringIO()

    call_command("send_reminders", stdout=out)
    call_command("send_reminders", stdout=out)

    assert out.getvalue().splitlines() == ["Reminders sent: 3.", "Reminders sent: 0."]
    assert len(mail.outbox) == 3
