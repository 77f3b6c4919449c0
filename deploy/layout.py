"""The cluster's layout on this machine (paths, ports, names) and the settings every one of
its processes gets (deploy/cluster.py starts them)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from deploy.processes import BASE_DIR, CLUSTER_DIR, HOST

STATE = CLUSTER_DIR / "state.json"
MAIL_LOG = CLUSTER_DIR / "mail.jsonl"
PG_DATA = CLUSTER_DIR / "postgres"
CERTIFICATE = CLUSTER_DIR / "tls" / "site.crt"
_BASE = int(os.environ.get("CLUSTER_PORT_BASE", "47400"))
PORTS = {
    "https": _BASE + 43,
    "http": _BASE + 80,
    "app1": _BASE + 1,
    "app2": _BASE + 2,
    "redis": _BASE + 79,
    "postgres": _BASE + 32,
    "smtp": _BASE + 25,
}
APP_SERVERS = ("app1", "app2")
WORKERS_PER_APP_SERVER = int(os.environ.get("CLUSTER_WEB_CONCURRENCY", "3"))
DATABASE_NAME = "pasadena"
DRILL_USER = "drill-staff"
# PostgreSQL refuses to run as root; pgserver (the embedded database) made this user.
PG_SYSTEM_USER = "pgserver"
PYTHON = Path(sys.executable)
START_ORDER = ("postgres", "redis", "smtp", "app1", "app2", "worker", "proxy")


# --- settings ------------------------------------------------------------------------------


def _state() -> dict:
    if not STATE.exists():
        CLUSTER_DIR.mkdir(parents=True, exist_ok=True)
        STATE.write_text(
            json.dumps(
                {"secret_key": secrets.token_urlsafe(50), "password": secrets.token_urlsafe(16)}
            )
        )
        STATE.chmod(0o600)
    return json.loads(STATE.read_text())


def site_url() -> str:
    return f"https://{HOST}:{PORTS['https']}"


def database_url() -> str:
    return f"postgres://postgres@{HOST}:{PORTS['postgres']}/{DATABASE_NAME}"


def settings_environment() -> dict:
    """The production environment shared by the app servers, the worker and manage.py."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "GUNICORN_"))
        and key not in {"DEBUG", "SESSION_ENGINE", "QUERY_COUNT_HEADER", "WEB_CONCURRENCY"}
    }
    environment.update(
        DEBUG="false",
        SECRET_KEY=_state()["secret_key"],
        ALLOWED_HOSTS=f"{HOST},localhost",
        CSRF_TRUSTED_ORIGINS=site_url(),
        SECURE_DEPLOYMENT="true",
        SITE_URL=site_url(),
        DATABASE_URL=database_url(),
        CONN_MAX_AGE="60",
        CACHE_URL=f"redis://{HOST}:{PORTS['redis']}/1",
        PAGE_CACHE_SECONDS="60",
        TASKS_BACKEND="database",
        EMAIL_URL=f"smtp://{HOST}:{PORTS['smtp']}",
        PUBLIC_FORM_RATE="20/h",
        LOG_LEVEL="INFO",
        PYTHONPATH=str(BASE_DIR),
        PYTHONUNBUFFERED="1",
    )
    return environment


def manage(*arguments: str) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *arguments],
        cwd=BASE_DIR,
        env=settings_environment(),
        check=True,
        stdout=subprocess.DEVNULL,
    )
