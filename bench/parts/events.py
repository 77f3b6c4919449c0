"""Events' part of the data set: events (with Academy sessions), registrations, block parties."""

import datetime

from django.utils import timezone

from bench.dataset import Context, Missing, model

KIND_WEIGHTS = {
    "neighborhood_watch": 40,
    "business_watch": 15,
    "community": 35,
    "national_night_in": 5,
    "academy": 3,
    "nno_kickoff": 2,
}
TOPICS = [
    "Neighborhood Watch meeting",
    "Business Watch breakfast",
    "Bicycle registration day",
    "Safety fair",
    "Coffee with a cop",
    "Online Neighborhood Watch (iPrevention)",
    "Senior safety talk",
    "Reunión de vigilancia vecinal",
]


def build_events(context: Context) -> None:
    """Past events over the two years before today, upcoming ones over the next year."""
    event_model = model("events.Event")
    total, upcoming = context.sizes["events"], context.sizes["upcoming_events"]
    rng = context.rng
    area_ids = context.info.get("area_ids") or [None]
    kinds = list(KIND_WEIGHTS)
    weights = list(KIND_WEIGHTS.values())
    now = timezone.localtime()
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    events = []
    for index in range(total):
        is_upcoming = index < upcoming
        days = rng.randint(1, 365) if is_upcoming else -rng.randint(1, 730)
        starts = today + datetime.timedelta(days=days, hours=rng.choice([9, 10, 14, 18, 19]))
        # The first past event is on the 1st of this month, so that this month's calendar
        # has events at every size of the data set, whatever day it is.
        first_of_month = index == upcoming
        if first_of_month:
            starts = today.replace(day=1, hour=9)
        kind = rng.choices(kinds, weights)[0]
        online = kind == "national_night_in" or rng.random() < 0.15
        cancelled = rng.random() < 0.02 and not first_of_month
        title = f"{rng.choice(TOPICS)} #{index}"
        events.append(
            event_model(
                kind=kind,
                title=title,
                slug=f"{context.prefix}event-{index}",
                description="A community meeting with the Neighborhood Services Unit. " * 4,
                directions="Park on the street; the entrance is on the north side.",
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=rng.choice([1, 2, 3])),
                venue="" if online else "Pasadena Police Department Community Room",
                address="" if online else "207 N Garfield Ave, Pasadena, CA 91101",
                join_url="https://webinar.example.org/j/123456" if online else "",
                webinar_id="123 456 789" if online else "",
                listen_only_phone="+1 626-555-0199" if online else "",
                capacity=rng.choice([None, None, 30, 50, 100]),
                area_id=rng.choice(area_ids),
                published=first_of_month or rng.random() < 0.97,
                status="cancelled" if cancelled else "scheduled",
                cancellation_reason="Rescheduled because of a major event." if cancelled else "",
            )
        )
    events = event_model.objects.bulk_create(events, batch_size=1000)
    context.info["event_slug"] = next(
        (
            event.slug
            for event in events
            if event.published and event.status != "cancelled" and event.starts_at > now
        ),
        "",
    )
    context.counts["events"] = len(events)
    context.counts["upcoming events"] = upcoming
    _build_academy_sessions(context, [event for event in events if event.kind == "academy"])


def _build_academy_sessions(context: Context, cohorts: list) -> None:
    session_model = model("events.EventSession")
    sessions = [
        session_model(
            event=cohort,
            starts_at=cohort.starts_at + datetime.timedelta(weeks=week),
            ends_at=cohort.ends_at + datetime.timedelta(weeks=week),
        )
        for cohort in cohorts
        for week in range(8)
    ]
    session_model.objects.bulk_create(sessions, batch_size=1000)
    context.counts["academy sessions"] = len(sessions)


def build_registrations(context: Context) -> None:
    """Registrations on upcoming events: mostly confirmed, some waitlisted or cancelled."""
    registration_model = model("events.Registration")
    event_model = model("events.Event")
    if "events" not in context.counts:
        raise Missing("no events to register for")
    rng = context.rng
    now = timezone.now()
    event_ids = list(
        event_model.objects.filter(starts_at__gt=now, published=True)
        .exclude(status="cancelled")
        .order_by("pk")
        .values_list("pk", flat=True)[:400]
    )
    if not event_ids:
        raise Missing("no upcoming published event to register for")
    statuses = ["confirmed"] * 8 + ["waitlisted", "cancelled"]
    registrations = [
        registration_model(
            event_id=event_ids[index % len(event_ids)],
            name=f"Resident {index}",
            email=f"{context.prefix}resident{index}@example.org",
            phone="626-555-0100",
            party_size=rng.randint(1, 4),
            status=rng.choice(statuses),
        )
        for index in range(context.sizes["registrations"])
    ]
    registration_model.objects.bulk_create(registrations, batch_size=1000)
    context.counts["registrations"] = len(registrations)


STREETS = ["Orange Grove", "Marengo", "Los Robles", "El Molino", "Lake", "Hill", "Allen"]


def build_block_parties(context: Context) -> None:
    """The coming National Night Out's block parties, most of them approved."""
    party_model = model("events.BlockParty")
    from events import selectors

    rng = context.rng
    year = selectors.upcoming_nno_year(timezone.localdate())
    night = selectors.national_night_out(year)
    starts = datetime.datetime.combine(
        night, datetime.time(17, 0), tzinfo=timezone.get_current_timezone()
    )
    statuses = ["approved"] * 8 + ["pending", "declined"]
    parties = [
        party_model(
            host_name=f"Host {index}",
            host_email=f"{context.prefix}host{index}@example.org",
            host_phone="626-555-0100",
            street_address=f"{100 + index} {street} Ave",
            street_name=f"{street} Ave",
            area_id=rng.choice(context.info["area_ids"]),
            year=year,
            date=night,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=4),
            expected_attendance=rng.randint(10, 120),
            status=rng.choice(statuses),
        )
        for index in range(context.sizes["block_parties"])
        for street in [STREETS[index % len(STREETS)]]
    ]
    party_model.objects.bulk_create(parties, batch_size=1000)
    context.counts["block parties"] = len(parties)
    context.info["nno_year"] = year
