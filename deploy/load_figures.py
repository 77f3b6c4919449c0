"""Load through the proxy with one and with two app servers: wrk (Debian), bench's report.

Two pages: the home page for anonymous visitors (page cache) and the staff's admin index
(signed in: never cached, sessions read through Redis). Printed as the table of
docs/deployment.md, with the machine's load average.
"""

import json
import os
import shutil
import subprocess

from deploy import cluster
from deploy.drill_kit import signed_in_staff

SECONDS = int(os.environ.get("CLUSTER_LOAD_SECONDS", "10"))
REPORT = cluster.BASE_DIR / "bench" / "wrk" / "report.lua"


def _wrk(path: str, cookie: str = "") -> dict:
    command = [
        shutil.which("wrk") or "wrk",
        "--threads=2",
        "--connections=16",
        f"--duration={SECONDS}s",
        "--timeout=10s",
        f"--script={REPORT}",
        "--header=Accept-Encoding: gzip",
    ]
    if cookie:
        command.append(f"--header=Cookie: {cookie}")
    command.append(cluster.site_url() + path)
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def load_figures() -> None:
    staff = signed_in_staff()
    cookie = "; ".join(f"{k}={v}" for k, v in staff.cookies.items())
    pages = [("/ (anonymous, page cache)", "/", ""), ("/admin/ (signed in)", "/admin/", cookie)]
    print(f"load through the proxy: wrk 2 threads x 16 connections, {SECONDS} s per run")
    for servers in (1, 2):
        if servers == 1:
            cluster.proxy_command("disable server app_servers/app2")
        try:
            for label, path, page_cookie in pages:
                result = _wrk(path, page_cookie)
                rate = result["requests"] / (result["duration_us"] / 1e6)
                errors = result["socket_errors"] + result["status_errors"]
                print(
                    f"  {servers} app server{'s' if servers > 1 else ' '}  {label:28} "
                    f"{rate:7.0f} req/s ({rate / servers:5.0f} per server)  "
                    f"p50 {result['p50_us'] / 1000:6.1f} ms  p95 {result['p95_us'] / 1000:6.1f} ms"
                    f"  errors {errors}",
                    flush=True,
                )
        finally:
            cluster.proxy_command("enable server app_servers/app2")
    print(f"  load average (1, 5, 15 min): {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
