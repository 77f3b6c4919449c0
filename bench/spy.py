"""Where a worker's time goes under load: py-spy on one gunicorn worker while wrk runs.

    .venv/bin/python bench/spy.py /events/ [--uncached] [--bare] [--staff] [--seconds 10]

Serves the site as `make bench` does (production settings, the access log on, Redis when it
answers) with one worker, loads it with wrk (8 connections), samples that worker with py-spy
(`--native` off, 200 samples a second, idle time left out) and prints the functions with the
most samples: "own" where the sample was in the function itself, "total" where it was on the
stack. Unlike bench/cpu_profile.py (cProfile through Django's WSGI handler), this sees the
whole worker: gunicorn's HTTP parsing, the access log, the socket writes. Needs the data set
of the last `make bench` (bench/results/dataset.json) and py-spy (`pip install py-spy`;
sampling another process needs root or ptrace permission).
"""

import argparse
import collections
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, server  # noqa: E402


def read_collapsed(path: Path) -> tuple[collections.Counter, collections.Counter, int]:
    """Own and total samples per function from py-spy's collapsed ("raw") stacks."""
    own, total, samples = collections.Counter(), collections.Counter(), 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        count = int(count)
        samples += count
        frames = stack.split(";")
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    return own, total, samples


def short(frame: str) -> str:
    """`function (/long/path/site-packages/django/x.py:12)` -> `function (django/x.py:12)`."""
    for marker in ("site-packages/", "/work/", str(Path.cwd()) + "/"):
        if marker in frame:
            head, _, tail = frame.partition(marker)
            return head + tail
    return frame


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--uncached", action="store_true", help="with the page cache off")
    parser.add_argument("--bare", action="store_true", help="the bare Django app")
    parser.add_argument("--staff", action="store_true", help="with the staff session cookie")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--top", type=int, default=30)
    arguments = parser.parse_args(argv)
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        raise SystemExit("py-spy is not installed: .venv/bin/pip install py-spy")

    info, environment = server.last_run_environment(key_prefix="bench-spy")
    if arguments.uncached:
        environment["PAGE_CACHE_SECONDS"] = "0"
    port = server.free_port()
    gunicorn = (
        server.bare_app(port, 1, environment)
        if arguments.bare
        else server.Gunicorn(port, 1, environment)
    )
    cookie = info.get("staff_cookie", "") if arguments.staff else ""
    with gunicorn, tempfile.TemporaryDirectory() as scratch:
        load.run_wrk(port, arguments.path, seconds=2, connections=8, threads=1, cookie=cookie)
        (worker,) = gunicorn.worker_pids()
        collapsed = Path(scratch) / "stacks.txt"
        sampler = subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(worker),
                "--rate",
                "200",
                "--duration",
                str(arguments.seconds),
                "--format",
                "raw",
                "--output",
                str(collapsed),
                "--nonblocking",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        result = load.run_wrk(
            port,
            arguments.path,
            seconds=arguments.seconds,
            connections=8,
            threads=1,
            cookie=cookie,
        )
        sampler.wait()
        own, total, samples = read_collapsed(collapsed)
    print(
        f"{arguments.path}: {result.rps:,.0f} requests/s with one worker, p95 "
        f"{result.p95_ms:.1f} ms; {samples} samples of the busy worker"
    )
    print(f"{'own %':>6} {'total %':>7}  function")
    for frame, count in own.most_common(arguments.top):
        print(f"{100 * count / samples:6.1f} {100 * total[frame] / samples:7.1f}  {short(frame)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
