"""Demo data for events (idempotent): National Night Out this year and next with block
parties, a small National Night In, two online Neighborhood Watch meetings, an Academy
cohort. Dates are relative to today so that the demo never goes stale."""

import datetime

from django.utils import timezone

from events import selectors
from events.models import BlockParty, Event, Registration
from events.services.events import create_weekly_sessions
from outreach.models import Area
from pasadena_pd.permissions import SYSTEM
from pasadena_pd.workflow import record_state_change

DEMO_JOIN = {
    "join_url": "https://meet.example.org/j/55501230001",
    "webinar_id": "555 0123 0001",
    "listen_only_phone": "(626) 555-0199",
}
DEMO_PARTIES = [
    # area slug, street name, house number, start hour, end hour, attendance, approved?
    ("northwest", "Navarro Ave", 1220, 17, 21, 40, True),
    ("northwest", "Rio Grande St", 845, 18, 21, 25, True),
    ("northeast", "Casa Grande St", 2130, 17, 20, 60, True),
    ("central", "Mar Vista Ave", 410, 18, 22, 35, True),
    ("southwest", "Arbor St", 560, 17, 21, 30, True),
    ("southeast", "Rose Villa St", 1780, 18, 21, 20, False),
]


def seed() -> None:
    today = timezone.localdate()
    for year in (today.year, today.year + 1):
        night = selectors.national_night_out(year)
        _event(
            f"national-night-out-kickoff-{year}",
            kind=Event.Kind.NNO_KICKOFF,
            title=f"National Night Out {year} kick-off",
            day=night,
            start=(16, 30),
            end=(17, 30),
            venue="Eaton Blanche Park",
            address="3100 E Del Mar Blvd, Pasadena, CA",
            directions="Parking on the street along Del Mar Blvd; the stage is by the playground.",
            takes_registrations=False,
            description="Meet the Chief, officers and firefighters before they head out to "
            "block parties across the city. Free bicycle registration and a K-9 demonstration.",
        )
        _block_parties(year, night)
    night_in = _event(
        "national-night-in-winter",
        kind=Event.Kind.NATIONAL_NIGHT_IN,
        title="National Night In: virtual town hall",
        day=today + datetime.timedelta(days=21),
        start=(17, 0),
        end=(18, 30),
        capacity=6,
        max_party_size=2,
        description="An online town hall with the Police Chief, the Fire Chief and city leaders. "
        "Bring your questions about crime prevention in your neighborhood.",
        **DEMO_JOIN,
    )
    if not night_in.registrations.exists():
        for number, name in enumerate(["Alma Reyes", "Ben Okafor", "Chloe Park"], start=1):
            # Saved directly: the demo must not send emails.
            registration = Registration.objects.create(
                event=night_in,
                name=name,
                email=f"resident{number}@example.org",
                status=Registration.Status.CONFIRMED,
            )
            record_state_change(registration, "", registration.status, actor_label="demo data")
    for days, slug, area in ((10, "northwest", "northwest"), (40, "southeast", "southeast")):
        _event(
            f"online-neighborhood-watch-{slug}",
            kind=Event.Kind.NEIGHBORHOOD_WATCH,
            title=f"Online Neighborhood Watch meeting: {Area.objects.get(slug=area).name}",
            day=today + datetime.timedelta(days=days),
            start=(18, 30),
            end=(19, 30),
            area=Area.objects.get(slug=area),
            capacity=100,
            description="Your Neighborhood Police Specialist shares recent trends and tips, "
            "and answers questions. Part of the iPrevention program.",
            **DEMO_JOIN,
        )
    academy_start = today + datetime.timedelta(days=30)
    academy_start += datetime.timedelta(days=(1 - academy_start.weekday()) % 7)  # a Tuesday
    academy = _event(
        f"community-police-academy-{academy_start.year}-{academy_start.month:02d}",
        kind=Event.Kind.ACADEMY,
        title="Community Police Academy: new cohort",
        day=academy_start,
        start=(18, 30),
        end=(21, 0),
        venue="Pasadena Police Department, Community Room",
        address="207 N Garfield Ave, Pasadena, CA",
        capacity=30,
        max_party_size=1,
        description="Eight weekly evening classes: patrol, detectives, the Special "
        "Enforcement Section, dispatch and more, taught by the people who do the work.",
        directions="Enter from the Garfield Ave lobby; visitor parking is across the street.",
    )
    if not academy.sessions.exists():
        create_weekly_sessions(academy, by=SYSTEM)


def _event(slug, *, day, start, end, **fields) -> Event:
    tz = timezone.get_current_timezone()
    starts_at = datetime.datetime.combine(day, datetime.time(*start), tzinfo=tz)
    defaults = {
        "starts_at": starts_at,
        "ends_at": datetime.datetime.combine(day, datetime.time(*end), tzinfo=tz),
        "published": True,
        "registration_closes_at": starts_at - datetime.timedelta(hours=2),
        **fields,
    }
    event, created = Event.objects.get_or_create(slug=slug, defaults=defaults)
    if created:
        record_state_change(event, "", "scheduled", actor_label="demo data")
    return event


def _block_parties(year: int, night: datetime.date) -> None:
    tz = timezone.get_current_timezone()
    for number, (area_slug, street, house, start, end, people, approved) in enumerate(
        DEMO_PARTIES, start=1
    ):
        email = f"host{number}.{year}@example.org"
        if BlockParty.objects.filter(host_email=email, year=year).exists():
            continue
        party = BlockParty.objects.create(
            host_name=f"Demo Host {number}",
            host_email=email,
            host_phone=f"626-555-01{number:02d}",
            street_address=f"{house} {street}, Pasadena, CA",
            street_name=street,
            area=Area.objects.get(slug=area_slug),
            year=year,
            date=night,
            starts_at=datetime.datetime.combine(night, datetime.time(start), tzinfo=tz),
            ends_at=datetime.datetime.combine(night, datetime.time(end), tzinfo=tz),
            expected_attendance=people,
            wants_fire_engine=number % 2 == 0,
            wants_bicycle_registration=number % 3 == 0,
            status=BlockParty.Status.APPROVED if approved else BlockParty.Status.PENDING,
        )
        record_state_change(party, "", party.status, actor_label="demo data")
