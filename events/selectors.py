"""Reads for the events pages, as plain functions over QuerySet methods."""

import datetime
from collections import defaultdict
from itertools import groupby

from django.db.models import Prefetch, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from events.calendar_month import Month
from events.models import BlockParty, Event, EventSession, NationalNightOutDate, Registration
from events.rules.national_night_out import (
    national_night_out_date,
    upcoming_national_night_out_year,
)
from events.visit_plan import Stop, plan_visits
from pasadena_pd.page_cache import VERSION_KEY as DATA_VERSION_KEY
from pasadena_pd.versioned_memo import VersionedMemo

# The nights moved from the first Tuesday of August: a few rows that every National Night Out
# page reads, kept by each process until one is written (watched in events/apps.py) or the
# site's data changes (the version of the page cache and the pages' kept parts: a page reads
# it once for all of them).
nno_dates_memo = VersionedMemo("events-nno-dates", version_key=DATA_VERSION_KEY)


def nno_overrides() -> dict[int, datetime.date]:
    overrides = nno_dates_memo.get(
        "overrides", lambda: tuple(NationalNightOutDate.objects.values_list("year", "date"))
    )
    return dict(overrides)


def national_night_out(year: int) -> datetime.date:
    return national_night_out_date(year, nno_overrides())


def upcoming_nno_year(today: datetime.date) -> int:
    return upcoming_national_night_out_year(today, nno_overrides())


def _confirmed_people():
    """Confirmed registrants and their parties, as an expression over events."""
    return Coalesce(
        Sum(
            "registrations__party_size",
            filter=Q(registrations__status=Registration.Status.CONFIRMED),
        ),
        0,
    )


def with_places(queryset):
    """Annotate `confirmed_people` (confirmed registrants and their parties)."""
    return queryset.annotate(confirmed_people=_confirmed_people())


def confirmed_people(event: Event) -> int:
    """The same count for one event, read now (inside the caller's lock)."""
    return Event.objects.filter(pk=event.pk).aggregate(total=_confirmed_people())["total"]


def public_events():
    return Event.objects.published().select_related("area")


# An event as its public page shows it (with its places), kept by each process until an
# event, a session, a registration or an area is written (watched in events/apps.py) or the
# site's data changes (as above).
public_event_memo = VersionedMemo("events-public-event", size=256, version_key=DATA_VERSION_KEY)
PUBLIC_EVENT_MODELS = (Event, EventSession, Registration)


def public_event(slug: str) -> Event | None:
    """The published event with this slug, with `confirmed_people`; None if there is none.
    Shared by the requests of a process: read it, never change it."""
    return public_event_memo.get(
        slug, lambda: with_places(public_events()).filter(slug=slug).first()
    )


def nno_kickoff(night: datetime.date) -> Event | None:
    return (
        public_events()
        .of_kind(Event.Kind.NNO_KICKOFF)
        .filter(starts_at__date=night)
        .order_by("starts_at")
        .first()
    )


def approved_parties_by_area(year: int) -> list[tuple[object, list[BlockParty]]]:
    parties = (
        BlockParty.objects.for_year(year)
        .approved()
        .select_related("area")
        .order_by("area__name", "street_name", "starts_at", "pk")
    )
    return [(area, list(group)) for area, group in groupby(parties, key=lambda p: p.area)]


def visit_plan(year: int, *, start_after: datetime.datetime | None = None):
    """Each area with its approved parties in a suggested order, with time slots."""
    plan = []
    for area, parties in approved_parties_by_area(year):
        stops = [Stop(p, p.street_name, p.starts_at, p.ends_at) for p in parties]
        plan.append((area, plan_visits(stops, start_after=start_after)))
    return plan


def calendar_entries(month: Month) -> dict[datetime.date, list[tuple[Event, datetime.datetime]]]:
    """What to show on each local day: an event on its day, or each session of a series."""
    # Only what an entry shows (events.calendar_html): the month page reads ~100 events.
    events = (
        public_events()
        .in_month(month.year, month.month)
        .select_related(None)
        .only("slug", "title", "status", "starts_at")
        .prefetch_related(
            # A list per event (to_attr), not a queryset built for each of ~100 events.
            Prefetch(
                "sessions",
                queryset=EventSession.objects.only("event_id", "starts_at"),
                to_attr="month_sessions",
            )
        )
        .order_by("starts_at")
    )
    days = defaultdict(list)
    for event in events:
        occurrences = [s.starts_at for s in event.month_sessions] or [event.starts_at]
        for starts_at in occurrences:
            local = timezone.localtime(starts_at)
            if (local.year, local.month) == (month.year, month.month):
                days[local.date()].append((event, local))
    for entries in days.values():
        entries.sort(key=lambda entry: entry[1])
    return dict(days)
