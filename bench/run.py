"""The benchmark: `make bench` (or `.venv/bin/python bench/run.py --help`).

1. Creates the benchmark database `<your database>_sitebench` on the project's PostgreSQL
   (DATABASE_URL, or the embedded server), migrates it and builds a busy year of data
   (bench/dataset.py).
2. Serves the site with gunicorn (gunicorn.conf.py, access log on as shipped) and
   production settings: DEBUG off, a fresh SECRET_KEY, the Redis cache when one answers on
   127.0.0.1:6379 (else the database cache), emails queued as database tasks, the public
   form rate limit off; a second copy with the page cache off; and the reference, a bare
   Django app (bench/bare_app.py) with the same gunicorn settings.
3. Loads each page with wrk (16 connections, a fixed time, after a short warm-up), each run
   right after a run of the bare app, reads the queries per request from an X-Query-Count
   header, and the workers' memory afterwards.
4. Prints the table, writes it to bench/results/latest.md (with results.json) and plots the
   throughput per page to bench/results/throughput.png.
"""

import argparse
import contextlib
import datetime
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import RESULTS_DIR, database, load, report, server  # noqa: E402
from bench.pages import (  # noqa: E402
    BARE,
    BASELINE,
    FORM_POST,
    SITE,
    SITE_UNCACHED,
    STACK,
    pages,
)

REDIS_URL = "redis://127.0.0.1:6379/2"


def parse_arguments(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="measured time per page")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured time per page")
    parser.add_argument(
        "--rounds", type=int, default=1, help="runs per page; the table shows their median"
    )
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument(
        "--workers", type=int, default=0, help="gunicorn workers (default: 2 x CPUs + 1)"
    )
    parser.add_argument("--only", default="", help="run only pages whose name contains this")
    parser.add_argument("--keep-data", action="store_true", help="reuse the last data set")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    return parser.parse_args(argv)


def _secret_key(reuse: bool) -> str:
    """A key of the benchmark's own; the data set's staff session is signed with it."""
    path = RESULTS_DIR / "secret_key"
    if not (reuse and path.exists()):
        path.write_text("bench-" + os.urandom(24).hex())
    return path.read_text().strip()


def prepare_data(environment: dict, *, reuse: bool, created: bool, project) -> dict:
    info_path = RESULTS_DIR / "dataset.json"
    # Also a kept data set: the code under test may have brought new migrations.
    print("Migrating the benchmark database...")
    server.manage("migrate", "--noinput", "-v", "0", environment=environment)
    if reuse and not created and info_path.exists():
        print("Reusing the data set of the last run.")
        return json.loads(info_path.read_text())
    print("Building the data set...")
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "bench.dataset", str(info_path)],
        cwd=database.BASE_DIR,
        env=environment,
        check=True,
    )
    database.vacuum_analyze(project, environment["DATABASE_URL"].rsplit("/", 1)[1])
    print(f"    built and analysed in {time.monotonic() - started:.1f} s")
    return json.loads(info_path.read_text())


def measure(page, sites, arguments, baseline_runs: list) -> report.Row:
    """Warm up, then load the page, each run right after a run of the bare app.

    The machine may be shared (load from other work moves every figure), so each page's
    ratio is taken against the bare app measured just before it, in the same conditions.
    """
    row = report.Row(page=page)
    site = sites[page.server]
    body = ""
    cookie = page.cookie
    if page.kind == FORM_POST:
        body, cookie = load.form_post_body(site.port, page.path, page.post_fields)
    try:
        first = _probe(site.port, page, body, cookie, "cold")
    except OSError:  # a machine so busy that the server did not answer in 30 s
        row.skipped = "no answer within 30 s"
        print(f"!!! SKIPPED {page.name}: {page.path} {row.skipped}", file=sys.stderr)
        return row
    if first.status != page.expect:
        row.skipped = f"answers {first.status}" + (
            " (not built yet)" if first.status == 404 else ""
        )
        print(f"!!! SKIPPED {page.name}: {page.path} {row.skipped}", file=sys.stderr)
        return row
    options = {
        "connections": arguments.connections,
        "threads": arguments.threads,
        "expect": page.expect,
        "cookie": cookie,
        "post_body": body,
    }
    if arguments.warmup:
        load.run_wrk(site.port, page.path, seconds=arguments.warmup, **options)
    results, ratios = [], []
    bare = sites[BARE]
    for _round in range(arguments.rounds):
        paired = None
        if page.kind != BASELINE:
            paired = load.run_wrk(
                bare.port,
                "/",
                seconds=arguments.seconds,
                connections=arguments.connections,
                threads=arguments.threads,
            )
            baseline_runs.append(paired)
        result = load.run_wrk(site.port, page.path, seconds=arguments.seconds, **options)
        results.append(result)
        if paired and paired.rps:
            ratios.append(result.rps / paired.rps)
    row.result = load.median_of(results)
    try:
        last = _probe(site.port, page, body, cookie, "warm")
    except OSError as error:  # a machine so busy that the server did not answer in 30 s
        last = load.Probe(status=0, queries=None, body=b"", cookies={}, location=str(error))
    if last.status != page.expect:
        row.result.errors += 1
        print(f"!!! {page.name} answered {last.status} after the run", file=sys.stderr)
    row.queries_cold, row.queries_warm = first.queries, last.queries
    if page.kind == BASELINE:
        baseline_runs.extend(results)
    elif ratios:
        row.ratio = sorted(ratios)[len(ratios) // 2]
    print(
        f"    {page.name:<40} {row.result.rps:8.0f} rps  p95 {row.result.p95_ms:7.1f} ms  "
        f"errors {row.result.errors}  queries {row.queries_cold}/{row.queries_warm}"
        + (f"  ({row.ratio:.2f} of the bare app)" if row.ratio else "")
    )
    return row


def _probe(port, page, body, cookie, label):
    if page.kind == FORM_POST:
        return load.probe(
            port,
            page.path,
            method="POST",
            body=body.replace("__N__", f"probe-{label}-{time.time_ns()}").encode(),
            cookie=cookie,
        )
    return load.probe(port, page.path, cookie=cookie)


def main(argv=None) -> int:
    arguments = parse_arguments(argv)
    # Stopped with SIGTERM, still stop the gunicorn servers (the `with` blocks' exits).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    load.wrk_path()  # before anything slow: says how to install it
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    project = database.project_server()
    url, created = database.bench_database_url(project, recreate=not arguments.keep_data)
    use_redis = server.redis_answers()
    cache_url = (
        f"{REDIS_URL}?key_prefix=bench-{int(time.time())}"
        if use_redis
        else "dbcache://django_cache"
    )
    workers = arguments.workers or (2 * (os.cpu_count() or 1) + 1)
    environment = server.site_environment(
        url, cache_url=cache_url, workers=workers, secret_key=_secret_key(arguments.keep_data)
    )
    info = prepare_data(environment, reuse=arguments.keep_data, created=created, project=project)
    for part, why in info.get("skipped", {}).items():
        print(f"!!! data part '{part}' skipped: {why}", file=sys.stderr)
    server.manage("collectstatic", "--noinput", "-v", "0", environment=environment)

    print(
        f"Serving with gunicorn ({workers} workers each: the bare app, the site, the site with "
        f"the page cache off), cache: {cache_url.split('?')[0]}; wrk {arguments.connections} "
        f"connections, {arguments.seconds} s per run."
    )
    rows: list[report.Row] = []
    baseline_runs: list = []
    load_before = report.machine_load()
    uncached = {**environment, "PAGE_CACHE_SECONDS": "0"}
    with contextlib.ExitStack() as servers:
        sites = {
            BARE: servers.enter_context(server.bare_app(server.free_port(), workers, environment)),
            SITE: servers.enter_context(server.Gunicorn(server.free_port(), workers, environment)),
            SITE_UNCACHED: servers.enter_context(
                server.Gunicorn(server.free_port(), workers, uncached, name="uncached")
            ),
        }
        for page in pages(info):
            always = page.kind in (BASELINE, STACK)
            if arguments.only and arguments.only not in page.name and not always:
                continue
            if page.needs and page.needs in info.get("skipped", {}):
                rows.append(report.Row(page=page, skipped=f"no {page.needs} data"))
                print(f"!!! SKIPPED {page.name}: no {page.needs} data", file=sys.stderr)
                continue
            rows.append(measure(page, sites, arguments, baseline_runs))
        rss = sites[SITE].worker_rss_mb()
    if len(baseline_runs) > 1:  # the bare app's row: the median of all its runs
        rows[0].result = load.median_of(baseline_runs)
    load_after = report.machine_load()

    lines = report.table(rows)
    header = (
        f"Run finished {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, commit "
        f"{report.commit()}, "
        f"on {report.machine()}; before the run: {load_before}; after: {load_after}.\n"
        f"gunicorn {workers} sync workers per server (gunicorn.conf.py, access log on), cache "
        f"{cache_url.split('?')[0]}, PostgreSQL "
        f"({'embedded' if project.embedded else 'DATABASE_URL'}); wrk {arguments.threads} threads, "
        f"{arguments.connections} connections, {arguments.rounds} x {arguments.seconds} s per "
        f"page after {arguments.warmup} s of warm-up, each run right after a run of the bare "
        f"Django app (bench/bare_app.py); a page's figures are the medians of its runs, its "
        f"ratio the median of its run/bare-app ratios (the bare app's row: the median of all "
        f"its runs). Queries: first request / after the run."
    )
    counts = ", ".join(f"{count:,} {name}" for name, count in info.get("counts", {}).items())
    memory = report.rss_verdict(rss)
    print()
    print(header)
    print(f"Data: {counts}")
    print()
    print(report.render_text(lines))
    print()
    print(memory)
    (RESULTS_DIR / "latest.md").write_text(
        f"{header}\n\nData: {counts}.\n\n{report.render_markdown(lines)}\n\n{memory}.\n"
    )
    (RESULTS_DIR / "results.json").write_text(
        json.dumps(
            [
                {
                    "page": r.page.name,
                    "path": r.page.path,
                    "kind": r.page.kind,
                    "skipped": r.skipped,
                    "result": vars(r.result) if r.result else None,
                    "rps": r.result.rps if r.result else None,
                    "ratio": r.ratio,
                    "queries_cold": r.queries_cold,
                    "queries_warm": r.queries_warm,
                    "verdict": r.verdict(),
                }
                for r in rows
            ]
            + [{"worker_rss_mb": rss}],
            indent=2,
        )
    )
    report.plot(rows, RESULTS_DIR / "throughput.png")
    print(f"Wrote {RESULTS_DIR / 'latest.md'} and {RESULTS_DIR / 'throughput.png'}.")
    missed = [r for r in rows if r.verdict().startswith("MISS")] or "MISS" in memory
    return 1 if arguments.strict and missed else 0


if __name__ == "__main__":
    sys.exit(main())
