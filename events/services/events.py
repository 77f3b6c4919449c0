"""Writes on events: staff changes (calendar sequence, notices), cancellation, sessions."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from events.errors import EventsError
from events.models import Event, EventSession
from events.models.event import EVENT_WORKFLOW
from events.services.registrations import promote_from_waitlist
from pasadena_pd.mail import send_templated_email
from pasadena_pd.permissions import SYSTEM, can
from pasadena_pd.workflow import TransitionError, record_state_change

# A change to any of these moves the event in people's calendars.
TIME_AND_PLACE_FIELDS = frozenset({"starts_at", "ends_at", "venue", "address", "sessions"})
ACADEMY_WEEKS = 8


def record_new_event(event: Event, *, by) -> None:
    """The first state of an event created by staff, in its history."""
    record_state_change(event, "", event.status, by=by)


def apply_event_changes(event: Event, *, changed: set[str], by=None) -> list[str]:
    """Follow up a staff edit that is already saved; returns what was done (for messages).

    Side effects: raises `sequence` when the time or place changed (calendar clients then
    replace their copy) and emails the active registrants of the move; fills places freed
    by a larger capacity. Cancelling is not an edit: see `cancel_event`.
    """
    done = []
    if changed & TIME_AND_PLACE_FIELDS:
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.refresh_from_db(fields=["sequence"])
        if not event.cancelled:
            emailed = _email_registrants(event, "event_changed")
            if emailed:
                done.append(
                    ngettext(
                        "%(count)d registrant was emailed.",
                        "%(count)d registrants were emailed.",
                        emailed,
                    )
                    % {"count": emailed}
                )
    if "capacity" in changed and not event.cancelled:
        promoted = promote_from_waitlist(event)
        if promoted:
            done.append(
                ngettext(
                    "%(count)d person moved up from the waitlist.",
                    "%(count)d people moved up from the waitlist.",
                    len(promoted),
                )
                % {"count": len(promoted)}
            )
    return done


def cancel_event(event: Event, *, reason: str, by) -> int:
    """Cancel an event with a reason: the only way an event becomes cancelled.

    Side effects: state, reason and a higher `sequence` (calendars show it cancelled) saved
    together with the history (by the event workflow, which checks `events.cancel_event`);
    every active registrant emailed. Returns how many were emailed.
    """
    if event.status == Event.Status.CANCELLED:
        raise EventsError(_("This event is already cancelled."))
    reason = reason.strip()
    before = (event.cancellation_reason, event.sequence)
    event.cancellation_reason = reason
    event.sequence += 1
    try:
        EVENT_WORKFLOW.apply(
            event,
            Event.Status.CANCELLED,
            by=by,
            reason=reason,
            update_fields=["cancellation_reason", "sequence"],
        )
    except TransitionError as error:
        event.cancellation_reason, event.sequence = before
        raise EventsError(str(error)) from error
    return _email_registrants(event, "event_cancelled")


def complete_past_events(*, now=None) -> int:
    """Mark every scheduled event that has ended as completed (the daily job, as SYSTEM).

    Side effect: history of each move. Returns how many were completed.
    """
    ended = Event.objects.filter(
        status=Event.Status.SCHEDULED, ends_at__lt=now or timezone.now()
    ).order_by("pk")
    completed = 0
    for event in ended:
        EVENT_WORKFLOW.apply(event, Event.Status.COMPLETED, by=SYSTEM, actor_label="system")
        completed += 1
    return completed


def _email_registrants(event: Event, template: str) -> int:
    # Addresses that never confirmed are not written to (issue 14).
    people = list(event.registrations.held())
    for registration in people:
        send_templated_email(
            to=registration.email,
            template=f"events/mail/{template}",
            context={"registration": registration, "event": event},
            language=registration.language,
        )
    return len(people)


@transaction.atomic
def create_weekly_sessions(event: Event, *, by, weeks: int = ACADEMY_WEEKS) -> list[EventSession]:
    """Give a series its weekly sessions, at the same local wall-clock time each week.

    Only for whoever may `events.create_weekly_sessions` (raises EventsError otherwise).

    The first session starts at the event's start and ends at the event's end time of day.
    The event then spans the whole series. Side effect: raises `sequence` when it moved.
    The clock time is kept through daylight-saving changes (6:30 p.m. stays 6:30 p.m.).
    """
    if not can(by, "events.create_weekly_sessions", event):
        raise EventsError(_("You do not have permission to make this change."))
    if event.sessions.exists():
        raise EventsError(_("This event already has sessions."))
    if not 1 <= weeks <= 52:
        raise EventsError(_("A series has from 1 to 52 weekly sessions."))
    start = timezone.localtime(event.starts_at)
    end_time = timezone.localtime(event.ends_at).time()
    if end_time <= start.time():
        raise EventsError(_("The event must end later on the day it starts."))
    tz = timezone.get_current_timezone()
    sessions = []
    for week in range(weeks):
        day = start.date() + datetime.timedelta(weeks=week)
        sessions.append(
            EventSession(
                event=event,
                starts_at=datetime.datetime.combine(day, start.time(), tzinfo=tz),
                ends_at=datetime.datetime.combine(day, end_time, tzinfo=tz),
            )
        )
    EventSession.objects.bulk_create(sessions)
    last_end = sessions[-1].ends_at
    if last_end != event.ends_at:
        event.ends_at = last_end
        event.sequence += 1
        event.save(update_fields=["ends_at", "sequence", "updated_at"])
    return sessions
