"""The pages under load, with their targets (issue 9)."""

from dataclasses import dataclass

PUBLIC_GET = "public GET"
FORM_POST = "form POST"
STAFF_GET = "staff GET"
BASELINE = "baseline"

# Targets: a public GET keeps half the baseline's throughput and answers in 100 ms (p95);
# an accepted form POST answers in 150 ms (p95); a worker stays under 150 MB.
MIN_RATIO = 0.5
MAX_P95_MS = {PUBLIC_GET: 100.0, FORM_POST: 150.0}
MAX_WORKER_RSS_MB = 150.0


@dataclass
class Page:
    name: str
    path: str
    kind: str
    expect: int = 200
    cookie: str = ""
    post_fields: dict | None = None
    needs: str = ""  # the data part (bench/dataset.py) without which the page is skipped


def pages(info: dict) -> list[Page]:
    event = info.get("event_slug", "")
    return [
        Page("baseline /healthz", "/healthz", BASELINE),
        Page("home /", "/", PUBLIC_GET),
        Page("events list", "/events/", PUBLIC_GET, needs="events"),
        Page("events calendar", "/events/calendar/", PUBLIC_GET, needs="events"),
        Page("event page", f"/events/{event}/", PUBLIC_GET, needs="events"),
        Page("National Night Out", "/events/national-night-out/", PUBLIC_GET, needs="events"),
        Page("areas", "/outreach/areas/", PUBLIC_GET),
        Page("request form GET", "/outreach/request/", PUBLIC_GET),
        Page(
            "request form POST",
            "/outreach/request/",
            FORM_POST,
            expect=303,
            post_fields=info.get("request_form"),
            needs="requests",
        ),
        Page("PAL", "/pal/", PUBLIC_GET),
        Page("events feed .ics", "/calendar/events.ics", PUBLIC_GET, needs="events"),
        Page(
            "admin requests list",
            info.get("admin_changelist", "/admin/outreach/request/"),
            STAFF_GET,
            cookie=info.get("staff_cookie", ""),
            needs="requests",
        ),
    ]
