"""What in events may need a reminder (pasadena_pd/reminders.py decides and sends): confirmed
registrations for published, scheduled events, and approved block parties. A cancelled
registration, a waitlisted one never confirmed, a cancelled event and a declined or
cancelled party are never candidates."""

from events.models import BlockParty, Event, Registration
from pasadena_pd.reminder_policy import ACADEMY, EVERYTHING, Candidate


def candidates(starting_after, starting_until):
    registrations = (
        Registration.objects.confirmed()
        .filter(
            anonymised_at__isnull=True,
            event__published=True,
            event__status=Event.Status.SCHEDULED,
            event__starts_at__gt=starting_after,
            event__starts_at__lte=starting_until,
        )
        .select_related("event")
    )
    for registration in registrations:
        event = registration.event
        yield Candidate(
            about="events.registration",
            object_id=registration.pk,
            starts_at=event.starts_at,
            booked_at=registration.created_at,
            kinds=ACADEMY if event.kind == Event.Kind.ACADEMY else EVERYTHING,
            to=registration.email,
            language=registration.language,
            template="events/mail/registration_reminder",
            context={"registration": registration, "event": event},
        )
    parties = (
        BlockParty.objects.approved()
        .filter(
            anonymised_at__isnull=True,
            starts_at__gt=starting_after,
            starts_at__lte=starting_until,
        )
        .select_related("area")
    )
    for party in parties:
        yield Candidate(
            about="events.blockparty",
            object_id=party.pk,
            starts_at=party.starts_at,
            booked_at=party.created_at,
            kinds=EVERYTHING,
            to=party.host_email,
            language=party.language,
            template="events/mail/block_party_reminder",
            context={"party": party},
        )
