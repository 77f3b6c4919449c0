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

import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

from deploy.layout import (
    APP_SERVERS,
    CERTIFICATE,
    DATABASE_NAME,
    DRILL_USER,
    MAIL_LOG,
    PG_DATA,
    PG_SYSTEM_USER,
    PORTS,
    PYTHON,
    START_ORDER,
    WORKERS_PER_APP_SERVER,
    _state,
    manage,
    settings_environment,
    site_url,
)
from deploy.processes import (
    BASE_DIR,
    CLUSTER_DIR,
    HOST,
    _spawn,
    alive,
    kill,
    pid_of,
    port_open,
    stop,
    wait_until,
)
from deploy.proxy import proxy_command, server_states, start_proxy, wait_for_server_state

# The drills reach the layout (deploy/layout.py), the process bookkeeping
# (deploy/processes.py) and the proxy (deploy/proxy.py) through this module.
__all__ = [
    "APP_SERVERS",
    "BASE_DIR",
    "CERTIFICATE",
    "DRILL_USER",
    "HOST",
    "MAIL_LOG",
    "PORTS",
    "PYTHON",
    "START_ORDER",
    "alive",
    "kill",
    "pid_of",
    "proxy_command",
    "running",
    "settings_environment",
    "site_url",
    "start",
    "start_part",
    "start_postgres",
    "start_redis",
    "start_worker",
    "stop",
    "stop_all",
    "stop_postgres",
    "wait_for_server_state",
    "wait_until",
]

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
