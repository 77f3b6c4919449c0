"""Drills 1-4: sessions, rate limits and the page cache across app servers; an app server
killed and Redis stopped under load."""

import random
import re
import signal
import time

from deploy import cluster
from deploy.client import Client, Load, p95_ms
from deploy.drill_kit import (
    PUBLIC_PAGES,
    check,
    next_weekday,
    request_fields,
    signed_in_staff,
    visitor_address,
)

PLACES_LEFT = re.compile(r"(\d+) places? left")


def _other_server(client: Client, path: str, than: str, tries: int = 6):
    """GET `path` until an app server other than `than` answers."""
    for _ in range(tries):
        answer = client.get(path)
        if answer.served_by and answer.served_by != than:
            return answer
    raise AssertionError(f"every answer came from {than}")


def drill_1_sessions_and_rate_limit():
    """(sessions and rate limit across servers):"""
    staff = Client(visitor_address())
    signed = staff.sign_in(cluster.DRILL_USER, cluster._state()["password"])
    check(signed.status == 302, f"sign-in answered {signed.status}")
    other = _other_server(staff, "/admin/", than=signed.served_by)
    check(
        other.status == 200 and cluster.DRILL_USER in other.body,
        f"session from {signed.served_by} not valid on {other.served_by} ({other.status})",
    )
    limit = int(cluster.settings_environment()["PUBLIC_FORM_RATE"].split("/")[0])
    visitor = Client(visitor_address())
    token = visitor.get("/outreach/request/").csrf_token()
    # Only saved submissions count (issue 16): an incomplete form is free, each saved
    # request (303) counts, and the one past the limit comes back as typed with a 429.
    day = next_weekday(40)
    # Contact emails and submission keys of this run only (3 open requests per email).
    tag = f"drill1-{random.randint(0, 10**6):06d}"
    incomplete = visitor.post_form("/outreach/request/", {"title": ""}, token=token)
    check(incomplete.status == 200, f"an incomplete form answered {incomplete.status}")
    answers = [
        visitor.post_form("/outreach/request/", request_fields(n, tag=tag, day=day), token=token)
        for n in range(limit + 1)
    ]
    counted = answers[:limit]
    servers = {answer.served_by for answer in counted}
    check(all(a.status == 303 for a in counted), f"{[a.status for a in counted]}")
    check(servers == set(cluster.APP_SERVERS), f"the {limit} posts went to {servers} only")
    check(answers[-1].status == 429, f"post {limit + 1} answered {answers[-1].status}, not 429")
    neighbour = Client(visitor_address())
    fresh = neighbour.post_form(
        "/outreach/request/",
        request_fields(limit + 1, tag=tag + "-neighbour", day=day),
        token=neighbour.get("/outreach/request/").csrf_token(),
    )
    check(fresh.status == 303, f"another address was limited too ({fresh.status})")
    spread = ", ".join(
        f"{sum(a.served_by == name for a in counted)} on {name}" for name in cluster.APP_SERVERS
    )
    return (
        f"signed in on {signed.served_by}, session valid on {other.served_by}; "
        f"{limit} saved requests allowed ({spread}), request {limit + 1} answered 429 "
        f"(served by {answers[-1].served_by}); another address still saves"
    )


def _event_with_places(reader: Client) -> tuple[str, int]:
    listing = reader.get("/events/")
    for slug in dict.fromkeys(re.findall(r'href="/events/([\w-]+)/"', listing.body)):
        page = reader.get(f"/events/{slug}/")
        found = PLACES_LEFT.search(page.body)
        if page.status == 200 and found and int(found.group(1)) >= 2:
            return f"/events/{slug}/", int(found.group(1))
    raise AssertionError("no upcoming event with places left to register for")


def drill_2_page_cache_across_servers():
    """(page-cache invalidation across servers):"""
    reader = Client(visitor_address())
    path, places = _event_with_places(reader)
    # Cached on both servers first.
    seen = {}
    for _ in range(6):
        answer = reader.get(path)
        seen[answer.served_by] = answer.headers.get("x-page-cache", "")
    check(set(seen) == set(cluster.APP_SERVERS), f"pages came from {set(seen)} only")
    writer = Client(visitor_address())
    token = writer.get(path).csrf_token()
    number = int(time.time() * 1000) % 10**9
    saved = writer.post_form(
        path + "register/",
        {
            "name": "Drill Visitor",
            "email": f"drill2-{number}@example.org",
            "phone": "626-555-0100",
            "party_size": "1",
            "website": "",
        },
        token=token,
    )
    check(saved.status == 302, f"the registration answered {saved.status}")
    saved_at = saved.ended
    while True:
        answer = _other_server(reader, path, than=saved.served_by)
        now = PLACES_LEFT.search(answer.body)
        if answer.status == 200 and now and int(now.group(1)) < places:
            break
        check(time.monotonic() - saved_at < 1.0, f"{path} still showed {places} places after 1 s")
    delay = (answer.ended - saved_at) * 1000
    check(delay <= 1000, f"the change showed after {delay:.0f} ms")
    return (
        f"registered on {saved.served_by} for {path} ({places} places, cached on both: "
        f"{seen}); {answer.served_by} showed {now.group(1)} places "
        f"{delay:.0f} ms later (x-page-cache: {answer.headers.get('x-page-cache', '-')})"
    )


def _failed(answers) -> list:
    return [a for a in answers if a.status == 0 or a.status >= 500]


def drill_3_app_server_killed():
    """(app server SIGKILLed under load):"""
    staff = signed_in_staff()
    with Load(PUBLIC_PAGES, threads=6, signed_in=staff) as load:
        time.sleep(2)
        killed_at = time.monotonic()
        cluster.kill("app2", signal.SIGKILL, group=True)
        cluster.wait_for_server_state("app2", "DOWN", seconds=15)
        down_at = time.monotonic()
        time.sleep(3)
    answers = load.answers
    in_flight = _failed(load.between(0, killed_at))
    before_down = _failed(load.between(killed_at, down_at))
    after_down = _failed(load.between(down_at))
    check(not after_down, f"{len(after_down)} answers of 5xx after app2 was marked down")
    statuses = sorted({a.status for a in in_flight + before_down})
    statuses = f" (statuses {statuses})" if statuses else ""
    return (
        f"{len(answers)} requests, app2 marked down {(down_at - killed_at) * 1000:.0f} ms after "
        f"the kill; 5xx/no answer: {len(in_flight)} in flight at the kill, "
        f"{len(before_down)} before the proxy marked it down{statuses}, "
        f"0 after; p95 {p95_ms(answers):.0f} ms"
    )


def drill_4_redis_stopped():
    """(Redis stopped under load):"""
    staff = signed_in_staff()
    with Load(PUBLIC_PAGES, threads=4, signed_in=staff) as load:
        time.sleep(1.5)
        stopped_at = time.monotonic()
        cluster.stop("redis")
        time.sleep(0.5)
        newcomer = Client(visitor_address())
        signed = newcomer.sign_in(cluster.DRILL_USER, cluster._state()["password"])
        admin = newcomer.get("/admin/")
        time.sleep(2)
        restarted_at = time.monotonic()
        cluster.start_redis()
        time.sleep(1)
    during = load.between(stopped_at, restarted_at)
    not_ok = [a for a in during if a.status != 200]
    hits = sum(a.headers.get("x-page-cache") == "hit" for a in during)
    statuses = {}
    for answer in not_ok:
        statuses[answer.status] = statuses.get(answer.status, 0) + 1
    check(signed.status == 302, f"sign-in without Redis answered {signed.status}")
    check(
        admin.status == 200 and cluster.DRILL_USER in admin.body,
        f"the staff page after signing in without Redis answered {admin.status}",
    )
    check(not not_ok, f"{len(not_ok)} of {len(during)} answers without Redis not 200: {statuses}")
    return (
        f"{len(during)} answers while Redis was down, all 200 ({hits} from a process's own "
        f"copy of the page cache), p95 {p95_ms(during):.0f} ms; sign-in 302, staff page 200"
    )
