"""What the drills share: checks, new visitors, form data, the cluster's own Django shell."""

import datetime
import json
import random
import subprocess

from deploy import cluster
from deploy.client import Client
from pasadena_pd.rules import is_weekend

# Anonymous public pages (the page cache serves them) for the background load.
PUBLIC_PAGES = [
    "/",
    "/events/",
    "/outreach/request/",
    "/outreach/areas/",
    "/pal/",
    "/events/calendar/",
]


class DrillFailed(AssertionError):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise DrillFailed(message)


def visitor_address() -> str:
    """A loopback address no earlier run used: a new visitor for the rate limits."""
    return f"127.{random.randint(10, 250)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def django(code: str):
    """Run `code` (which prints one JSON line) in manage.py shell against the cluster."""
    output = subprocess.run(
        [str(cluster.PYTHON), "manage.py", "shell", "-c", code],
        cwd=cluster.BASE_DIR,
        env={**cluster.settings_environment(), "LOG_LEVEL": "WARNING"},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def signed_in_staff() -> Client:
    staff = Client(visitor_address())
    answer = staff.sign_in(cluster.DRILL_USER, cluster._state()["password"])
    check(answer.status == 302, f"staff sign-in answered {answer.status}")
    return staff


def next_weekday(days_ahead: int) -> datetime.date:
    day = datetime.date.today() + datetime.timedelta(days=days_ahead)
    while is_weekend(day):
        day += datetime.timedelta(days=1)
    return day


def request_fields(number: int, *, tag: str, day: datetime.date, resources=(), hours=(18, 19)):
    """A valid public presentation request (outreach/forms.py)."""
    return {
        "kind": "community_event" if resources else "neighborhood_watch",
        "title": f"{tag} {number}",
        "date": day.isoformat(),
        "start_time": f"{hours[0]:02d}:00",
        "end_time": f"{hours[1]:02d}:00",
        "area": "central",
        "location": "100 N Garfield Ave",
        "expected_attendance": "40",
        "resources": list(resources),
        "contact_name": "Drill Visitor",
        "contact_email": f"{tag}-{number}@example.org",
        "contact_phone": "626-555-0100",
        "website": "",
        "submission_key": f"{tag}-{number}-key-xxxxxxxxxxxxxxxxxxxx"[:64],
    }


def submit_request(fields: dict):
    """GET the form for its CSRF token and POST `fields`, as a new visitor would."""
    visitor = Client(visitor_address())
    page = visitor.get("/outreach/request/")
    if page.status != 200:
        return page
    answer = visitor.post_form("/outreach/request/", fields, token=page.csrf_token())
    visitor.close()
    return answer


def restore() -> None:
    """Start again whatever a drill stopped, and wait until the proxy sees both servers."""
    for name in cluster.START_ORDER:
        if not cluster.alive(name):
            cluster.stop(name)  # forget the dead id
            cluster.start_part(name)
    for name in cluster.APP_SERVERS:
        cluster.proxy_command(f"enable server app_servers/{name}")
        cluster.wait_for_server_state(name, "UP", seconds=60)
