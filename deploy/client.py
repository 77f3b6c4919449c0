"""The drills' visitors: HTTPS through the proxy, with cookies, from a chosen loopback address.

Every address of 127.0.0.0/8 is this machine's; the proxy passes the one a visitor uses to
the app servers with the PROXY protocol, so each client can be a different visitor for the
rate limits. A `Load` keeps several clients busy in threads and records every answer.
"""

import http.client
import re
import ssl
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from deploy import cluster

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int  # 0: no answer (connection refused, reset, timed out)
    body: str = ""
    headers: dict = field(default_factory=dict)
    started: float = 0.0
    ended: float = 0.0

    @property
    def served_by(self) -> str:
        return self.headers.get("x-served-by", "")

    def csrf_token(self) -> str:
        match = CSRF_INPUT.search(self.body)
        if not match:
            raise AssertionError(f"no CSRF token in the page (status {self.status})")
        return match.group(1)


def _tls() -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cluster.CERTIFICATE))


class Client:
    """One visitor: keeps its cookies and one kept-alive connection to the proxy."""

    # Generous: a sign-in hashes a password, which takes seconds on a machine under load.
    def __init__(self, source: str = "127.0.0.1", timeout: float = 60):
        self.source = source
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.connection = None
        self.context = _tls()

    def _connect(self):
        self.connection = http.client.HTTPSConnection(
            cluster.HOST,
            cluster.PORTS["https"],
            timeout=self.timeout,
            context=self.context,
            source_address=(self.source, 0),
        )

    def request(self, method: str, path: str, fields: dict | None = None) -> Answer:
        origin = cluster.site_url()
        headers = {"Origin": origin, "Referer": origin + path, "User-Agent": "cluster-drill"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.monotonic()
        try:
            if self.connection is None:
                self._connect()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.close()
            return Answer(0, started=started, ended=time.monotonic())
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        for name, morsel in cookies.items():
            if morsel.value:
                self.cookies[name] = morsel.value
            else:
                self.cookies.pop(name, None)
        if response.will_close:
            self.close()
        return Answer(
            response.status,
            content,
            {name.lower(): value for name, value in response.getheaders()},
            started,
            time.monotonic(),
        )

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post_form(self, path: str, fields: dict, *, token: str) -> Answer:
        return self.request("POST", path, {**fields, "csrfmiddlewaretoken": token})

    def sign_in(self, username: str, password: str) -> Answer:
        page = self.get("/admin/login/")
        return self.post_form(
            "/admin/login/?next=/admin/",
            {"username": username, "password": password, "next": "/admin/"},
            token=page.csrf_token(),
        )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Load:
    """Threads that request `paths` in turn until stopped, recording every answer."""

    def __init__(self, paths: list[str], *, threads: int = 6, signed_in: Client | None = None):
        self.paths = paths
        self.threads = threads
        self.signed_in = signed_in
        self.answers: list[Answer] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.workers: list[threading.Thread] = []

    def _run(self, number: int) -> None:
        client = Client(f"127.0.9.{number + 1}")
        paths = self.paths
        if self.signed_in is not None and number == 0:
            # One staff member among the visitors: a page that is never cached.
            client.cookies = dict(self.signed_in.cookies)
            paths = ["/admin/"]
        step = number
        while not self.stopping.is_set():
            answer = client.get(paths[step % len(paths)])
            with self.lock:
                self.answers.append(answer)
            step += 1
        client.close()

    def __enter__(self) -> "Load":
        for number in range(self.threads):
            worker = threading.Thread(target=self._run, args=(number,), daemon=True)
            worker.start()
            self.workers.append(worker)
        return self

    def __exit__(self, *exc_info) -> None:
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=30)

    def between(self, start: float, end: float = float("inf")) -> list[Answer]:
        with self.lock:
            return [a for a in self.answers if start <= a.started < end]


def p95_ms(answers: list[Answer]) -> float:
    times = sorted(a.ended - a.started for a in answers)
    return times[int(len(times) * 0.95)] * 1000 if times else 0.0
