"""The pages under load, with their targets (issues 9 and 20)."""

from dataclasses import dataclass

BASELINE = "baseline"  # the bare Django app (bench/bare_app.py): the ceiling
STACK = "stack"  # /healthz through the site's whole middleware stack
PUBLIC_GET = "public GET"  # anonymous, from the page cache
UNCACHED_GET = "uncached GET"  # the same pages with the page cache off
FORM_POST = "form POST"
STAFF_GET = "staff GET"

# The servers bench/run.py starts: the bare app, the site, the site with the page cache off.
BARE, SITE, SITE_UNCACHED = "bare", "site", "site-uncached"

# Targets, as shares of the bare app's throughput in the same run and as p95 latencies.
MIN_RATIO = {PUBLIC_GET: 0.5, UNCACHED_GET: 0.25}
MAX_P95_MS = {PUBLIC_GET: 100.0, FORM_POST: 150.0}
MAX_WORKER_RSS_MB = 150.0
# The page supervisors live in, at 3,000 requests and 100 rows.
REQUESTS_CHANGELIST_MAX_P95_MS = 200.0


@dataclass
class Page:
    name: str
    path: str
    kind: str
    expect: int = 200
    cookie: str = ""
    post_fields: dict | None = None
    needs: str = ""  # the data part (bench/dataset.py) without which the page is skipped
    max_p95_ms: float | None = None  # a page's own p95 target, over its kind's

    @property
    def server(self) -> str:
        return {BASELINE: BARE, UNCACHED_GET: SITE_UNCACHED}.get(self.kind, SITE)

    @property
    def p95_target(self) -> float | None:
        return self.max_p95_ms if self.max_p95_ms is not None else MAX_P95_MS.get(self.kind)


def public_pages(info: dict) -> list[tuple[str, str, str]]:
    """(name, path, data part needed) of the anonymous public pages."""
    event = info.get("event_slug", "")
    return [
        ("home /", "/", ""),
        ("events list", "/events/", "events"),
        ("events calendar", "/events/calendar/", "events"),
        ("event page", f"/events/{event}/", "events"),
        ("National Night Out", "/events/national-night-out/", "events"),
        ("areas", "/outreach/areas/", ""),
        ("request form GET", "/outreach/request/", ""),
        ("PAL", "/pal/", ""),
        ("events feed .ics", "/calendar/events.ics", "events"),
    ]


def pages(info: dict) -> list[Page]:
    public = public_pages(info)
    staff_cookie = info.get("staff_cookie", "")
    requests_changelist = info.get("admin_changelist", "/admin/outreach/presentationrequest/")
    staff = [
        Page(
            name,
            path,
            STAFF_GET,
            cookie=staff_cookie,
            needs="staff",
            max_p95_ms=REQUESTS_CHANGELIST_MAX_P95_MS if path == requests_changelist else None,
        )
        for name, path in info.get("staff_pages", [("admin requests", requests_changelist)])
    ]
    return [
        Page("bare Django app", "/", BASELINE),
        Page("/healthz through the stack", "/healthz", STACK),
        *(Page(name, path, PUBLIC_GET, needs=needs) for name, path, needs in public),
        Page(
            "request form POST",
            "/outreach/request/",
            FORM_POST,
            expect=303,
            post_fields=info.get("request_form"),
            needs="requests",
        ),
        *(
            Page(f"{name} (uncached)", path, UNCACHED_GET, needs=needs)
            for name, path, needs in public
        ),
        *staff,
    ]
