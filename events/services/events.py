"""Writes on events: staff changes (calendar sequence, notices), cancellation, sessions."""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventsError
from events.models import Event, EventSession
from events.services.registrations import promote_from_waitlist
from pasadena_pd.mail import send_templated_email
from pasadena_pd.workflow import record_state_change

# A change to any of these moves the event in people's calendars.
TIME_AND_PLACE_FIELDS = frozenset({"starts_at", "ends_at", "venue", "address", "sessions"})
ACADEMY_WEEKS = 8


def apply_event_changes(
    event: Event, *, changed: set[str], by=None, site_url: str = ""
) -> list[str]:
    """Follow up a staff edit that is already saved; returns what was done (for messages).

    Side effects: raises `sequence` when the time, place or cancellation changed (calendar
    clients then replace their copy); records cancellation in history; emails active
    registrants of a cancellation or a move; fills places freed by a larger capacity.
    """
    done = []
    moved = bool(changed & TIME_AND_PLACE_FIELDS)
    newly_cancelled = "cancelled" in changed and event.cancelled
    if moved or "cancelled" in changed:
        Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1)
        event.refresh_from_db(fields=["sequence"])
    if "cancelled" in changed:
        states = ("scheduled", "cancelled") if event.cancelled else ("cancelled", "scheduled")
        record_state_change(event, *states, by=by, reason=event.cancellation_reason)
    if newly_cancelled or (moved and not event.cancelled):
        template = "event_cancelled" if newly_cancelled else "event_changed"
        people = list(event.registrations.active())
        for registration in people:
            send_templated_email(
                to=registration.email,
                template=f"events/mail/{template}",
                context={"registration": registration, "event": event, "site_url": site_url},
            )
        if people:
            done.append(_("%(count)d registrants were emailed.") % {"count": len(people)})
    if "capacity" in changed and not event.cancelled:
        promoted = promote_from_waitlist(event, site_url=site_url)
        if promoted:
            done.append(
                _("%(count)d people moved up from the waitlist.") % {"count": len(promoted)}
            )
    return done


def cancel_event(event: Event, *, reason: str, by=None, site_url: str = "") -> None:
    """Cancel an event with a reason; emails its registrants (see apply_event_changes)."""
    if event.cancelled:
        raise EventsError(_("This event is already cancelled."))
    if not reason.strip():
        raise EventsError(_("Please give a reason for the cancellation."))
    with transaction.atomic():
        event.cancelled = True
        event.cancellation_reason = reason.strip()
        event.save(update_fields=["cancelled", "cancellation_reason", "updated_at"])
    apply_event_changes(event, changed={"cancelled"}, by=by, site_url=site_url)


@transaction.atomic
def create_weekly_sessions(event: Event, *, weeks: int = ACADEMY_WEEKS) -> list[EventSession]:
    """Give a series its weekly sessions, at the same local wall-clock time each week.

    The first session starts at the event's start and ends at the event's end time of day.
    The event then spans the whole series. Side effect: raises `sequence` when it moved.
    The clock time is kept through daylight-saving changes (6:30 p.m. stays 6:30 p.m.).
    """
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
