"""The site under test: gunicorn with gunicorn.conf.py and production settings."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench import BASE_DIR, RESULTS_DIR


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers(host="127.0.0.1", port=6379) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def manage(*arguments: str, environment: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=BASE_DIR, env=environment, check=True
    )


class Gunicorn:
    """One gunicorn master with gunicorn.conf.py: the site (`pasadena_pd.wsgi`) or the bare
    reference app. The access log is on, as shipped, written to a file of its own."""

    def __init__(
        self,
        port: int,
        workers: int,
        environment: dict,
        *,
        name: str = "site",
        app: str = "pasadena_pd.wsgi",
        options: tuple[str, ...] = (),
    ):
        self.port = port
        self.workers = workers
        self.environment = environment
        self.name = name
        self.app = app
        self.options = options
        self.process: subprocess.Popen | None = None
        self.log_path = RESULTS_DIR / f"gunicorn-{name}.log"
        self.access_log_path = RESULTS_DIR / f"access-{name}.log"

    def __enter__(self) -> "Gunicorn":
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                self.app,
                "--config=gunicorn.conf.py",
                f"--bind=127.0.0.1:{self.port}",
                f"--workers={self.workers}",
                *self.options,
            ],
            cwd=BASE_DIR,
            env={**self.environment, "GUNICORN_ACCESS_LOG": str(self.access_log_path)},
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped; see {self.log_path}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    if len(self.worker_pids()) >= self.workers:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn ({self.name}) did not answer within {seconds} s; see {self.log_path}"
        )

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of each worker (VmRSS: shared pages included), in MB."""
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def __exit__(self, *exc_info) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        # Hundreds of thousands of lines: written during the run (that is their cost),
        # not kept.
        self.access_log_path.unlink(missing_ok=True)


def site_environment(database_url: str, *, cache_url: str, workers: int, secret_key: str) -> dict:
    """Production settings for the site under test, on plain HTTP over loopback."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "CACHE_URL", "SESSION_ENGINE"}
    }
    environment.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY=secret_key,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        CACHE_URL=cache_url,
        PUBLIC_FORM_RATE="0",
        TASKS_BACKEND="database",
        EMAIL_URL="consolemail://",
        SECURE_DEPLOYMENT="false",
        QUERY_COUNT_HEADER="true",
        LOG_LEVEL="WARNING",
        WEB_CONCURRENCY=str(workers),
        # Workers live through the whole run: their memory afterwards is the run's, and no
        # restart in the middle of a page adds a cold start to its latencies.
        GUNICORN_MAX_REQUESTS="0",
        PYTHONPATH=str(BASE_DIR),
    )
    return environment


def last_run_environment(*, key_prefix: str) -> tuple[dict, dict]:
    """The data set of the last `make bench` (bench/results/dataset.json) and the site's
    environment on its database, one worker, for the profilers (cpu_profile.py, spy.py)."""
    from bench import database

    info = json.loads((RESULTS_DIR / "dataset.json").read_text())
    url, _created = database.bench_database_url(database.project_server(), recreate=False)
    cache_url = f"redis://127.0.0.1:6379/2?key_prefix={key_prefix}"
    if not redis_answers():
        cache_url = "dbcache://django_cache"
    secret = (RESULTS_DIR / "secret_key").read_text().strip()
    environment = site_environment(url, cache_url=cache_url, workers=1, secret_key=secret)
    environment["QUERY_COUNT_HEADER"] = "false"
    return info, environment


def bare_app(port: int, workers: int, environment: dict) -> Gunicorn:
    """The reference (bench/bare_app.py) with the same gunicorn settings, and gunicorn's own
    access logger: the site's redaction of log lines is part of the cost being judged."""
    return Gunicorn(
        port,
        workers,
        {**environment, "DJANGO_SETTINGS_MODULE": "bench.bare_app"},
        name="bare",
        app="bench.bare_app:application",
        options=("--logger-class=gunicorn.glogging.Logger",),
    )
