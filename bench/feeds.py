"""Benchmark of the calendar feeds: `make bench-feeds` (or `.venv/bin/python bench/feeds.py`).

Builds a feed of 5,000 published events (Spanish titles, cancelled ones, Academy series)
in its own database (`<your database>_bench`, kept between runs), then measures through
the whole Django request path, median of repeated runs, database warm:

- cold build: nothing cached in this process or in the shared component table;
- after one event changed, in a warm process (the answer is checked to hold the change);
- after one event changed, in another process (memory empty, shared table warm);
- a 304: its time and its number of queries;
- the number of queries of a cold build for 100, 1,000 and 5,000 events;
- events per second of a cold build.

Options: --events N (default 5000), --runs N (default 5), --strict (exit 1 when a target
is missed, for CI on a quiet machine).
"""

import argparse
import datetime
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasadena_pd.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import caches  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
)
from django.utils import timezone  # noqa: E402

from events.models import Event, EventSession  # noqa: E402
from outreach.models import Area  # noqa: E402
from pasadena_pd.ical_cache import lru  # noqa: E402
from pasadena_pd.ical_feed import body_memo, validators_memo  # noqa: E402
from pasadena_pd.models import CalendarComponent  # noqa: E402

FEED = "/calendar/events.ics"
COLD_TARGET = 1.5
CHANGED_TARGET = 0.250
NOT_MODIFIED_QUERY_TARGET = 2

TITLES = [
    "Reunión de Vigilancia Vecinal en {street}",
    "Neighborhood Watch meeting on {street}",
    "Café con un policía: {street}",
    "Business Watch breakfast, {street}",
    "Feria de salud comunitaria — {street}",
]
STREETS = ["Colorado Blvd", "Orange Grove Blvd", "Lake Ave", "Peña Ct", "Los Robles Ave"]


def use_bench_database() -> None:
    """Point the default connection at `<name>_bench`, created and migrated if needed."""
    database = settings.DATABASES["default"]
    database.setdefault("TEST", {})["NAME"] = f"{database['NAME']}_bench"
    setup_test_environment(debug=False)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=True)
    # Every cache off but the feed's own: the page cache would answer the "cold" build from
    # a stored page (8 ms for 5,000 events, issue 15 item 8).
    settings.PAGE_CACHE_SECONDS = 0


def load_events(count: int) -> None:
    """Exactly `count` published events (1 in 500 an eight-week Academy series)."""
    EventSession.objects.all().delete()
    Event.objects.all().delete()
    areas = [
        Area.objects.get_or_create(slug=f"bench-{n}", defaults={"name": f"Bench area {n}"})[0]
        for n in range(5)
    ]
    today = timezone.localdate()
    events = []
    for n in range(count):
        day = today + datetime.timedelta(days=n % 365 - 60)
        start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(18, 0)))
        academy = n % 500 == 0
        cancelled = n % 97 == 0
        events.append(
            Event(
                kind=Event.Kind.ACADEMY if academy else Event.Kind.NEIGHBORHOOD_WATCH,
                title=TITLES[n % len(TITLES)].format(street=STREETS[n % len(STREETS)]),
                slug=f"bench-event-{n}",
                description="Traiga sus preguntas; habrá café y pan dulce. " * 3,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=2),
                venue="Jackie Robinson Community Center",
                address="1020 N Fair Oaks Ave, Pasadena, CA 91103",
                area=areas[n % len(areas)],
                published=True,
                status="cancelled" if cancelled else "scheduled",
                cancellation_reason="Se cambió la fecha." if cancelled else "",
            )
        )
    Event.objects.bulk_create(events, batch_size=1000)
    sessions = [
        EventSession(
            event=event,
            starts_at=event.starts_at + datetime.timedelta(weeks=week),
            ends_at=event.ends_at + datetime.timedelta(weeks=week),
        )
        for event in Event.objects.filter(kind=Event.Kind.ACADEMY)
        for week in range(8)
    ]
    EventSession.objects.bulk_create(sessions)


def forget_everything(shared_too: bool = True) -> None:
    """Every cache off for a cold build: this process's components, bodies and validators,
    the Django cache (the page cache is off, PAGE_CACHE_SECONDS = 0) and the shared
    component table."""
    lru.clear()
    body_memo.clear()
    validators_memo.clear()
    caches["default"].clear()
    if shared_too:
        # TRUNCATE, not DELETE: an empty table as on a first start, without dead rows.
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {CalendarComponent._meta.db_table}")


def timed_get(client, **headers):
    """Wall-clock seconds, this process's CPU seconds, and the response."""
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get(FEED, **headers)
    return time.perf_counter() - started, time.process_time() - cpu, response


def change_one_event(n: int) -> str:
    """Retitle the n-th upcoming event (a change of its text, so its bytes must change)."""
    upcoming = Event.objects.filter(starts_at__gte=timezone.now()).not_cancelled()
    event = upcoming.order_by("pk")[n * 37 % upcoming.count()]
    event.title = f"Cambio de hora número {n}: {event.title}"
    event.sequence += 1
    event.save()
    return event.title


def measure(events: int, runs: int) -> dict:
    client = Client()
    load_events(events)
    client.get(FEED)  # warm the database and the code paths

    cold, cold_cpu = [], []
    for _ in range(runs):
        forget_everything()
        seconds, cpu, response = timed_get(client)
        assert response.status_code == 200
        cold.append(seconds)
        cold_cpu.append(cpu)
    feed_bytes = len(response.content)

    changed_warm, changed_warm_cpu, changed_other, changed_other_cpu = [], [], [], []
    for n in range(runs):
        title = change_one_event(n)
        seconds, cpu, response = timed_get(client)
        assert holds(response, title), "the answer does not hold the change"
        changed_warm.append(seconds)
        changed_warm_cpu.append(cpu)
    for n in range(runs):
        title = change_one_event(runs + n)
        forget_everything(shared_too=False)
        seconds, cpu, response = timed_get(client)
        assert holds(response, title), "the answer does not hold the change"
        changed_other.append(seconds)
        changed_other_cpu.append(cpu)

    etag = client.get(FEED)["ETag"]
    not_modified = []
    for _ in range(runs):
        seconds, _cpu, response = timed_get(client, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        not_modified.append(seconds)
    with CaptureQueriesContext(connection) as queries:
        client.get(FEED, HTTP_IF_NONE_MATCH=etag)

    median = statistics.median
    return {
        "cold": (median(cold), median(cold_cpu)),
        "changed_warm": (median(changed_warm), median(changed_warm_cpu)),
        "changed_other": (median(changed_other), median(changed_other_cpu)),
        "not_modified": median(not_modified),
        "not_modified_queries": len(queries),
        "rate": events / median(cold),
        "bytes": feed_bytes,
    }


def holds(response, title: str) -> bool:
    unfolded = response.content.replace(b"\r\n ", b"").decode()
    return title.replace(",", "\\,").replace(";", "\\;") in unfolded


def cold_queries(events: int) -> int:
    client = Client()
    load_events(events)
    forget_everything()
    with CaptureQueriesContext(connection) as queries:
        client.get(FEED)
    return len(queries)


def reference_ms_per_event(count: int = 1000) -> float:
    """The issue's yardstick, to read the figures against this machine's load: building and
    serializing one plain event with `icalendar` took about 0.24 ms on an idle machine."""
    import icalendar

    start = timezone.now()
    started = time.perf_counter()
    for n in range(count):
        icalendar.Event.new(
            uid=f"reference-{n}@bench",
            summary="Neighborhood Watch meeting",
            start=start,
            end=start + datetime.timedelta(hours=2),
            stamp=start,
        ).to_ical()
    return (time.perf_counter() - started) / count * 1000


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    options = parser.parse_args()
    use_bench_database()

    sizes = sorted({100, 1000, options.events})
    queries = {size: cold_queries(size) for size in sizes}
    figures = measure(options.events, options.runs)

    n = options.events
    ms = 1000

    def timing(label, key, target):
        wall, cpu = figures[key]
        return (
            f"  {label:<36}{wall * ms:8.1f} ms (CPU {cpu * ms:6.1f} ms)"
            f"   target < {target * ms:.0f} ms  {verdict(wall < target)}"
        )

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines = [
        f"Calendar feed benchmark: {n} events ({figures['bytes'] / 1e6:.1f} MB), median of "
        f"{options.runs} runs, database warm",
        f"  machine: load average {load} on {os.cpu_count()} CPUs; plain icalendar event "
        f"{reference_ms_per_event():.2f} ms (0.24 ms when idle)",
        "  cold: page cache off, Django cache, component memory, feed bodies and component "
        "table emptied before each run",
        timing("cold build", "cold", COLD_TARGET),
        timing("after one change (warm process)", "changed_warm", CHANGED_TARGET),
        timing("after one change (other process)", "changed_other", CHANGED_TARGET),
        f"  {'304 Not Modified':<36}{figures['not_modified'] * ms:8.1f} ms"
        f"   {figures['not_modified_queries']} queries, target <= {NOT_MODIFIED_QUERY_TARGET}  "
        f"{verdict(figures['not_modified_queries'] <= NOT_MODIFIED_QUERY_TARGET)}",
        f"  {'queries of a cold build':<36}"
        + ", ".join(f"{size} events: {count}" for size, count in queries.items())
        + f"   target: flat  {verdict(len(set(queries.values())) == 1)}",
        f"  {'cold build rate':<36}{figures['rate']:8.0f} events/s",
    ]
    print("\n".join(lines))
    missed = any("MISSED" in line for line in lines)
    return 1 if missed and options.strict else 0


if __name__ == "__main__":
    sys.exit(main())
