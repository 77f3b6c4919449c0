"""Load generation (wrk) and single probes (urllib) against the benchmark server."""

import http.client
import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench import BASE_DIR

WRK_DIR = BASE_DIR / "bench" / "wrk"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Probe:
    status: int
    queries: int | None
    body: bytes
    cookies: dict
    location: str


@dataclass
class LoadResult:
    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int
    rate: float | None = None  # set for a median of several runs

    @property
    def rps(self) -> float:
        if self.rate is not None:
            return self.rate
        return self.requests / self.seconds if self.seconds else 0.0


def wrk_path() -> str:
    path = shutil.which("wrk")
    if not path:
        raise SystemExit(
            "wrk is not installed. On Debian: sudo apt-get install -y wrk "
            "(the benchmark's load generator)."
        )
    return path


def probe(port: int, path: str, *, method="GET", body: bytes = b"", cookie: str = "") -> Probe:
    """One request, redirects not followed, with its X-Query-Count."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": "127.0.0.1"}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    content = response.read()
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    count = response.headers.get("X-Query-Count")
    connection.close()
    return Probe(
        status=response.status,
        queries=int(count) if count is not None else None,
        body=content,
        cookies={name: morsel.value for name, morsel in cookies.items()},
        location=response.headers.get("Location", ""),
    )


def form_post_body(port: int, path: str, fields: dict) -> tuple[str, str]:
    """GET the form for its CSRF cookie and token; return (urlencoded body, cookie header)."""
    page = probe(port, path)
    match = CSRF_INPUT.search(page.body)
    if page.status != 200 or not match:
        raise RuntimeError(f"GET {path} gave {page.status} without a CSRF token")
    cookie = "; ".join(f"{name}={value}" for name, value in page.cookies.items())
    body = urlencode({**fields, "csrfmiddlewaretoken": match.group(1).decode()}, doseq=True)
    return body, cookie


def run_wrk(
    port: int,
    path: str,
    *,
    seconds: int,
    connections: int,
    threads: int,
    expect: int = 200,
    cookie: str = "",
    post_body: str = "",
) -> LoadResult:
    script = WRK_DIR / ("post_form.lua" if post_body else "report.lua")
    command = [
        wrk_path(),
        f"--threads={threads}",
        f"--connections={connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={script}",
        "--header=Host: 127.0.0.1",
        # As browsers and calendar apps send it.
        "--header=Accept-Encoding: gzip, deflate",
    ]
    if cookie and not post_body:
        command.append(f"--header=Cookie: {cookie}")
    command.append(f"http://127.0.0.1:{port}{path}")
    environment = {**os.environ, "BENCH_BODY": post_body, "BENCH_COOKIE": cookie}
    environment.pop("BENCH_EXPECT", None)
    if post_body:  # a refused form answers 200: count every answer that is not `expect`
        environment["BENCH_EXPECT"] = str(expect)
    output = subprocess.run(
        command, capture_output=True, text=True, env=environment, check=True
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return LoadResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p95_ms=data["p95_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        # Socket errors, 4xx/5xx answers, and (POST) any answer that is not the expected one.
        errors=data["socket_errors"] + max(data["status_errors"], data["unexpected"]),
    )


def median_of(results: list[LoadResult]) -> LoadResult:
    """Each figure's median over several runs (errors: their sum)."""

    def middle(values):
        return sorted(values)[len(values) // 2]

    return LoadResult(
        requests=sum(result.requests for result in results),
        seconds=sum(result.seconds for result in results),
        rate=middle([result.rps for result in results]),
        p50_ms=middle([result.p50_ms for result in results]),
        p95_ms=middle([result.p95_ms for result in results]),
        p99_ms=middle([result.p99_ms for result in results]),
        errors=sum(result.errors for result in results),
    )
