"""Drills 5-7: queued emails when the task worker is killed, PostgreSQL restarted under load,
concurrent requests for overlapping special resources."""

import contextlib
import itertools
import json
import random
import signal
import socket
import threading
import time
from collections import Counter

from deploy import cluster
from deploy.client import Load
from deploy.drill_kit import (
    PUBLIC_PAGES,
    check,
    django,
    next_weekday,
    request_fields,
    submit_request,
)


def _mail_counts(prefix: str, event: str = "accepted") -> Counter:
    """Emails to addresses starting with `prefix` that the SMTP sink accepted (or began)."""
    counts = Counter()
    if cluster.MAIL_LOG.exists():
        for line in cluster.MAIL_LOG.read_text().splitlines():
            record = json.loads(line)
            if record.get("event", "accepted") != event:
                continue
            for address in record["to"]:
                if address.startswith(prefix):
                    counts[address] += 1
    return counts


def _mid_send(tag: str) -> bool:
    """At least two emails out, and the worker in the middle of sending another."""
    accepted = _mail_counts(tag)
    return sum(accepted.values()) >= 2 and _mail_counts(tag, "receiving") - accepted


def _task_states() -> dict:
    return django(
        "import json; from django.db.models import Count; "
        "from django_tasks_db.models import DBTaskResult; "
        "print(json.dumps({row['status']: row['n'] for row in "
        "DBTaskResult.objects.values('status').annotate(n=Count('id'))}))"
    )


def drill_5_worker_killed():
    """(task worker killed with queued emails):"""
    tag = f"drill5-{random.randint(0, 10**6):06d}"
    total = 24
    cluster.stop("worker", signal.SIGKILL)
    day = next_weekday(45)
    for number in range(total):
        answer = submit_request(request_fields(number, tag=tag, day=day))
        check(answer.status == 303, f"request {number} answered {answer.status}")
    check(not _mail_counts(tag), "emails left while no worker ran")
    cluster.start_worker()
    # Killed in the middle of its work: while it sends an email (after the first ones).
    cluster.wait_until(lambda: _mid_send(tag), seconds=60, what="an email under way", interval=0.02)
    cluster.stop("worker", signal.SIGKILL)
    sent_before = sum(_mail_counts(tag).values())
    stuck = _task_states().get("RUNNING", 0)
    cluster.start_worker()
    with contextlib.suppress(RuntimeError):
        cluster.wait_until(
            lambda: len(_mail_counts(tag)) >= total, seconds=60, what="every email", interval=0.5
        )
    time.sleep(1.5)  # a duplicate would arrive now
    counts = _mail_counts(tag)
    missing = total - len(counts)
    twice = sum(1 for count in counts.values() if count > 1)
    states = _task_states()
    check(
        not missing and not twice,
        f"{total} emails queued; {sent_before} sent before the kill, {stuck} left RUNNING by "
        f"the killed worker; afterwards {missing} never sent, {twice} sent twice (tasks: {states})",
    )
    return (
        f"{total} emails queued, worker killed after {sent_before} ({stuck} task RUNNING at "
        f"the kill), started again: {total} sent, each exactly once (tasks: {states})"
    )


def _healthz_direct(port: int) -> int:
    """GET /healthz on one app server, with the PROXY protocol v2 header of a health check."""
    local = b"\r\n\r\n\x00\r\nQUIT\n" + b"\x20\x00\x00\x00"
    request = (
        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Forwarded-Proto: https\r\n"
        b"Connection: close\r\n\r\n"
    )
    try:
        with socket.create_connection((cluster.HOST, port), timeout=5) as connection:
            connection.sendall(local + request)
            status_line = connection.recv(64).split(b"\r\n")[0]
        return int(status_line.split()[1])
    except (OSError, IndexError, ValueError):
        return 0


def drill_6_postgres_restarted():
    """(PostgreSQL restarted under load):"""
    tag = f"drill6-{random.randint(0, 10**6):06d}"
    processes = ("app1", "app2", "worker")
    before = {name: cluster.pid_of(name) for name in processes}
    day = next_weekday(50)
    outcomes: list[tuple[int, int]] = []
    stopping = threading.Event()

    def submitter():
        number = 0
        while not stopping.is_set():
            outcomes.append((number, submit_request(request_fields(number, tag=tag, day=day))))
            number += 1

    thread = threading.Thread(target=submitter, daemon=True)
    with Load(PUBLIC_PAGES, threads=4) as load:
        thread.start()
        time.sleep(2)
        down_at = time.monotonic()
        cluster.stop_postgres()
        time.sleep(1)
        healthz = [_healthz_direct(cluster.PORTS[name]) for name in cluster.APP_SERVERS]
        time.sleep(2)
        restart_at = time.monotonic()
        cluster.start_postgres()
        for name in cluster.APP_SERVERS:
            cluster.wait_for_server_state(name, "UP", seconds=30)
        recovered_at = time.monotonic()
        time.sleep(2)
        stopping.set()
        thread.join(timeout=30)
    accepted = {f"{tag} {number}" for number, answer in outcomes if answer.status == 303}
    stored = set(
        django(
            "import json; from outreach.models import PresentationRequest; print(json.dumps("
            f"list(PresentationRequest.objects.filter(title__startswith={tag + ' '!r})"
            ".values_list('title', flat=True))))"
        )
    )
    lost = accepted - stored
    during = Counter(a.status for a in load.between(down_at, recovered_at))
    after = Counter(a.status for a in load.between(recovered_at))
    posts = Counter(answer.status for _number, answer in outcomes)
    # Each accepted request's confirmation, queued in PostgreSQL, is sent once.
    emailed = {f"{tag}-{number}@example.org" for number, a in outcomes if a.status == 303}
    with contextlib.suppress(RuntimeError):
        cluster.wait_until(lambda: len(_mail_counts(tag)) >= len(emailed), seconds=30, what="")
    mails = _mail_counts(tag)
    restarted = [
        name
        for name in processes
        if not cluster.alive(name) or cluster.pid_of(name) != before[name]
    ]
    errors = during[500] + after[500] + posts[500]
    check(all(status == 503 for status in healthz), f"/healthz while down answered {healthz}")
    check(not restarted, f"{restarted} stopped or restarted")
    check(not lost, f"{len(lost)} accepted requests missing after the restart")
    check(set(after) == {200}, f"after recovery: {dict(after)}")
    check(not errors, f"{errors} answers of 500")
    check(
        set(mails) == emailed and set(mails.values()) <= {1},
        f"{len(emailed)} accepted, {len(mails)} emailed, {sum(mails.values())} emails",
    )
    return (
        f"PostgreSQL down {restart_at - down_at:.1f} s, /healthz {healthz} meanwhile; both servers "
        f"UP at the proxy {recovered_at - restart_at:.1f} s after its restart began, app servers "
        f"and worker not restarted; pages while "
        f"down or recovering: {dict(during)}, after: {dict(after)}; form posts {dict(posts)}: "
        f"{len(accepted)} accepted, all stored, each emailed once"
    )


def drill_7_overlapping_bookings():
    """(concurrent requests for overlapping special resources):"""
    codes = ["k9", "motor_officer", "mobile_substation", "helicopter"]
    combinations = [
        list(c) for size in range(1, len(codes) + 1) for c in itertools.combinations(codes, size)
    ]
    wanted = combinations + [list(reversed(c)) for c in combinations]
    day = next_weekday(random.randint(90, 300))
    tag = f"drill7-{random.randint(0, 10**6):06d}"
    windows = [(10, 14), (11, 15), (12, 16)]
    barrier = threading.Barrier(len(wanted))
    answers = {}

    def submit(number, asked):
        fields = request_fields(
            number, tag=tag, day=day, resources=asked, hours=windows[number % len(windows)]
        )
        barrier.wait(timeout=60)
        answers[number] = submit_request(fields)

    threads = [threading.Thread(target=submit, args=item) for item in enumerate(wanted)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    statuses = Counter(answer.status for answer in answers.values())
    refused = [a for a in answers.values() if a.status == 200]
    booked = django(
        "import json; from outreach.models import ResourceBooking as B; "
        "rows = B.objects.filter(state__in=B.ACTIVE_STATES, "
        f"request__title__startswith={tag + ' '!r}); print(json.dumps("
        "[[b.resource.code, b.resource.units, b.unit_number] for b in rows]))"
    )
    overbooked = []
    for code in codes:
        units = [row for row in booked if row[0] == code]
        if units and (len(units) > units[0][1] or len({row[2] for row in units}) < len(units)):
            overbooked.append(code)
    check(set(statuses) <= {303, 200}, f"answers {dict(statuses)}")
    check(len(answers) == len(wanted), f"{len(wanted) - len(answers)} requests got no answer")
    check(not overbooked, f"overbooked: {overbooked}")
    check(
        all("already booked" in a.body for a in refused),
        "a refusal that does not say the resource is taken",
    )
    return (
        f"{len(wanted)} parallel requests (every combination of {len(codes)} resources, both "
        f"orders) on {day}: {statuses[303]} accepted, {statuses[200]} answered as already "
        f"booked, no 5xx; {len(booked)} bookings, none beyond a resource's units"
    )
