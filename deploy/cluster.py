"""The production layout of docs/deployment.md on this one machine, on loopback only.

    python -m deploy.cluster start     # make cluster
    python -m deploy.cluster status
    python -m deploy.cluster stop      # make cluster-stop

HAProxy (TLS, health checks on /healthz, PROXY protocol v2) in front of two gunicorn app
servers, a Redis and a PostgreSQL of the cluster's own (on their own ports, never the
machine's services), one task worker, and a local SMTP sink that counts every email. Every
process is started here, detached, and its process id kept in var/cluster/pids.json; `stop`
ends each one by that id. Production settings: DEBUG off, SECURE_DEPLOYMENT with
X-Forwarded-Proto set by the proxy, emails queued in PostgreSQL and sent over SMTP.
"""

import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

# Process bookkeeping (spawn, signal, wait) lives in deploy/processes.py; the drills use it
# through this module's names.
from deploy.processes import (
    BASE_DIR,
    CLUSTER_DIR,
    HOST,
    _spawn,
    alive,
    pid_of,
    port_open,
    stop,
    wait_until,
)
from deploy.processes import kill as kill  # the drills signal processes through this module

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


# --- the parts -----------------------------------------------------------------------------


def _pg_bin(name: str) -> str:
    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)


def _pg_user() -> str | None:
    return PG_SYSTEM_USER if os.geteuid() == 0 else None


def _init_postgres() -> None:
    if (PG_DATA / "PG_VERSION").exists():
        return
    PG_DATA.mkdir(parents=True, exist_ok=True)
    user = _pg_user()
    if user:
        from pgserver.utils import ensure_user_exists

        ensure_user_exists(user)
        entry = pwd.getpwnam(user)
        # The server's own user must reach its data folder and own it.
        for folder in (BASE_DIR / "var", CLUSTER_DIR):
            folder.chmod(folder.stat().st_mode | 0o011)
        os.chown(PG_DATA, entry.pw_uid, entry.pw_gid)
    PG_DATA.chmod(0o700)
    subprocess.run(
        [_pg_bin("initdb"), "-D", str(PG_DATA), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
        check=True,
        stdout=subprocess.DEVNULL,
        user=user,
        group=user,
        cwd="/",
    )


def postgres_answers() -> bool:
    import psycopg

    try:
        with psycopg.connect(
            host=HOST, port=PORTS["postgres"], user="postgres", dbname="postgres", connect_timeout=1
        ):
            return True
    except psycopg.Error:
        return False


def start_postgres() -> None:
    _init_postgres()
    _spawn(
        "postgres",
        [
            _pg_bin("postgres"),
            "-D",
            str(PG_DATA),
            "-c",
            f"listen_addresses={HOST}",
            "-p",
            str(PORTS["postgres"]),
            "-c",
            f"unix_socket_directories={PG_DATA}",
            "-c",
            "max_connections=60",
        ],
        user=_pg_user(),
    )
    wait_until(postgres_answers, seconds=60, what="PostgreSQL")


def stop_postgres() -> None:
    """Fast shutdown (SIGINT to the postmaster): sessions end, committed data stays."""
    stop("postgres", signal.SIGINT)


def _create_database() -> None:
    import psycopg

    with psycopg.connect(
        host=HOST, port=PORTS["postgres"], user="postgres", dbname="postgres", autocommit=True
    ) as connection:
        found = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not found:
            connection.execute(f"CREATE DATABASE {DATABASE_NAME}")


def redis_answers() -> bool:
    try:
        with socket.create_connection((HOST, PORTS["redis"]), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def start_redis() -> None:
    _spawn(
        "redis",
        [
            shutil.which("redis-server") or "redis-server",
            "--bind",
            HOST,
            "--port",
            str(PORTS["redis"]),
            # Everything in it can be lost (docs/deployment.md): no persistence.
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "128mb",
            "--maxmemory-policy",
            "allkeys-lru",
            "--dir",
            str(CLUSTER_DIR),
        ],
    )
    wait_until(redis_answers, seconds=20, what="Redis")


def start_smtp() -> None:
    _spawn(
        "smtp",
        [
            str(PYTHON),
            "-m",
            "deploy.smtp_sink",
            "--host",
            HOST,
            "--port",
            str(PORTS["smtp"]),
            "--file",
            str(MAIL_LOG),
        ],
    )
    wait_until(lambda: port_open(PORTS["smtp"]), seconds=20, what="the SMTP sink")


def start_app(name: str) -> None:
    environment = settings_environment()
    environment.update(
        GUNICORN_BIND=f"{HOST}:{PORTS[name]}",
        WEB_CONCURRENCY=str(WORKERS_PER_APP_SERVER),
        FORWARDED_ALLOW_IPS=HOST,
        GUNICORN_PROXY_PROTOCOL="v2",
    )
    _spawn(
        name,
        [str(PYTHON.with_name("gunicorn")), "pasadena_pd.wsgi", "--config=gunicorn.conf.py"],
        env=environment,
    )
    wait_until(lambda: port_open(PORTS[name]), seconds=60, what=f"app server {name}")


def start_worker() -> None:
    _spawn(
        "worker",
        [str(PYTHON), "manage.py", "task_worker", "--no-reload", "--interval=0.5"],
        env=settings_environment(),
    )
    wait_until(lambda: alive("worker"), seconds=5, what="the task worker")


def _certificate() -> Path:
    """A self-signed certificate for 127.0.0.1 and localhost, made once per cluster folder."""
    pem = CERTIFICATE.with_suffix(".pem")
    if not pem.exists():
        CERTIFICATE.parent.mkdir(parents=True, exist_ok=True)
        key = CERTIFICATE.with_suffix(".key")
        subprocess.run(
            [
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "30",
                "-subj",
                "/CN=localhost",
                "-addext",
                f"subjectAltName=DNS:localhost,IP:{HOST}",
                "-keyout",
                str(key),
                "-out",
                str(CERTIFICATE),
            ],
            check=True,
            capture_output=True,
        )
        pem.write_bytes(CERTIFICATE.read_bytes() + key.read_bytes())
        pem.chmod(0o600)
    return pem


def proxy_environment() -> dict:
    return {
        **os.environ,
        "CLUSTER_DIR": str(CLUSTER_DIR),
        "CLUSTER_HOST": HOST,
        "CLUSTER_HTTPS_PORT": str(PORTS["https"]),
        "CLUSTER_HTTP_PORT": str(PORTS["http"]),
        "CLUSTER_APP1_PORT": str(PORTS["app1"]),
        "CLUSTER_APP2_PORT": str(PORTS["app2"]),
    }


def start_proxy() -> None:
    _certificate()
    haproxy = shutil.which("haproxy") or "/usr/sbin/haproxy"
    config = str(BASE_DIR / "deploy" / "haproxy.cfg")
    subprocess.run(
        [haproxy, "-c", "-q", "-f", config], env=proxy_environment(), check=True, cwd=BASE_DIR
    )
    _spawn("proxy", [haproxy, "-db", "-f", config], env=proxy_environment())
    wait_until(lambda: port_open(PORTS["https"]), seconds=20, what="HAProxy")


def proxy_command(command: str) -> str:
    """One command on HAProxy's runtime API (the stats socket)."""
    with socket.socket(socket.AF_UNIX) as connection:
        connection.settimeout(5)
        connection.connect(str(CLUSTER_DIR / "haproxy.sock"))
        connection.sendall(command.encode() + b"\n")
        chunks = []
        while chunk := connection.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks).decode()


def server_states() -> dict:
    """{"app1": "UP", "app2": "DOWN", ...} as the proxy's health checks see them."""
    lines = proxy_command("show stat").lstrip("# ").splitlines()
    header = lines[0].split(",")
    states = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split(","), strict=False))
        if row.get("pxname") == "app_servers" and row.get("svname") in APP_SERVERS:
            state = row["status"].split()[0]
            # Right after the proxy starts, a server is UP before any check has passed.
            if state == "UP" and "L7OK" not in row.get("check_status", ""):
                state = "UP-unchecked"
            states[row["svname"]] = state
    return states


def wait_for_server_state(name: str, state: str, seconds: float) -> None:
    wait_until(
        lambda: server_states().get(name) == state,
        seconds=seconds,
        what=f"{name} {state} at the proxy",
        interval=0.05,
    )


STARTERS = {
    "postgres": start_postgres,
    "redis": start_redis,
    "smtp": start_smtp,
    "app1": lambda: start_app("app1"),
    "app2": lambda: start_app("app2"),
    "worker": start_worker,
    "proxy": start_proxy,
}


def start_part(name: str) -> None:
    if not alive(name):
        STARTERS[name]()


def _prepare_database() -> None:
    _create_database()
    manage("migrate", "--noinput", "-v", "0")
    manage("collectstatic", "--noinput", "-v", "0")
    manage("seed_demo")
    # A staff account without a role that needs a second factor: the drills sign in with it.
    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; User = get_user_model(); "
        f"user, _ = User.objects.get_or_create(username={DRILL_USER!r}, "
        "defaults={'is_staff': True, 'email': 'drill@example.org'}); "
        f"user.set_password({_state()['password']!r}); user.save()",
    )


def start() -> None:
    CLUSTER_DIR.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    for name in START_ORDER:
        if name in APP_SERVERS and not alive("app1") and not alive("app2"):
            _prepare_database()
        start_part(name)
    for name in APP_SERVERS:
        wait_for_server_state(name, "UP", seconds=60)
    print(f"Cluster up in {time.monotonic() - began:.0f} s: {site_url()}/ (self-signed TLS)")
    status()


def status() -> None:
    states = server_states() if alive("proxy") else {}
    for name in START_ORDER:
        where = PORTS.get(name) or PORTS.get({"proxy": "https"}.get(name, ""), "")
        condition = "running" if alive(name) else "stopped"
        if name in states:
            condition += f", {states[name]} at the proxy"
        print(f"  {name:9} pid {pid_of(name) or '-':>7}  {HOST}:{where or '-':<6} {condition}")


def stop_all() -> None:
    for name in reversed(START_ORDER):
        if name == "postgres":
            stop_postgres()
        else:
            stop(name)
    print("Cluster stopped.")


def running() -> bool:
    return all(alive(name) for name in START_ORDER)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "status"
    {"start": start, "stop": stop_all, "status": status}[action]()
