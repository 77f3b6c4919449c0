"""A project-local PostgreSQL for development and tests when DATABASE_URL is not set.

The PyPI package `pgserver` ships PostgreSQL 16 binaries. The server keeps running after the
command that started it (so a second `make run` is fast) and listens on a Unix socket in its
data folder only, so it never takes a port of the machine.
"""

import logging
import sys
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / "var" / "postgres"
DATABASE_NAME = "pasadena"


def _server(cleanup_mode=None):
    warnings.filterwarnings("ignore", module="platformdirs")
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    import pgserver

    DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: leave the server running when this process exits.
    return pgserver.get_server(DATA_DIR, cleanup_mode=cleanup_mode)


def settings() -> dict:
    """Django's settings for the embedded database, read without starting anything: the
    engine (pasadena_pd.embedded_postgresql) starts the server on first connection."""
    return {
        "ENGINE": "pasadena_pd.embedded_postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
    }


def ensure_running() -> dict:
    """Start the server if needed, create the project database, return its address."""
    server = _server()
    created_marker = DATA_DIR / f".created-{DATABASE_NAME}"
    if not created_marker.exists():
        exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608 (constant)
        if "(1 row)" not in exists:
            server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        created_marker.touch()
    info = server.get_postmaster_info()
    return {"HOST": str(info.socket_dir or DATA_DIR), "PORT": str(info.port or "")}


def stop() -> None:
    if (DATA_DIR / "postmaster.pid").exists():
        _server(cleanup_mode="stop").cleanup()


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "start"
    if command == "stop":
        stop()
    else:
        print(ensure_running())
