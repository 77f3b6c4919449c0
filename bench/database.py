"""The benchmark's own database, beside the project's: `<name>_sitebench` on the same server.

The server is the one DATABASE_URL (environment or .env) names, or the embedded PostgreSQL
that `make run` uses when it is not set. The database is dropped and created again for each
run (unless asked to keep it), so that "upcoming" means upcoming on the day of the run.
"""

import os
from dataclasses import dataclass
from urllib.parse import quote

import environ
import psycopg
from psycopg import sql

from bench import BASE_DIR


@dataclass(frozen=True)
class Server:
    host: str
    port: str
    user: str
    password: str
    name: str
    embedded: bool = False

    def connect(self, dbname: str) -> psycopg.Connection:
        return psycopg.connect(
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
            dbname=dbname,
            autocommit=True,
        )

    def url(self, dbname: str) -> str:
        credentials = quote(self.user, safe="")
        if self.password:
            credentials += ":" + quote(self.password, safe="")
        host = quote(self.host, safe="")  # a Unix socket directory is a path
        port = f":{self.port}" if self.port else ""
        return f"postgres://{credentials}@{host}{port}/{dbname}"


def project_server() -> Server:
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
    url = os.environ.get("DATABASE_URL", "")
    if url:
        config = environ.Env.db_url_config(url)
    else:
        from pasadena_pd import embedded_db

        config = {**embedded_db.settings(), **embedded_db.ensure_running()}
        config["EMBEDDED"] = True
    return Server(
        host=str(config.get("HOST") or ""),
        port=str(config.get("PORT") or ""),
        user=str(config.get("USER") or ""),
        password=str(config.get("PASSWORD") or ""),
        name=str(config["NAME"]),
        embedded=bool(config.get("EMBEDDED")),
    )


def bench_database_url(server: Server, *, recreate: bool) -> tuple[str, bool]:
    """The URL of the benchmark database; (url, created_now)."""
    name = f"{server.name}_sitebench"  # bench/feeds.py keeps its own `<name>_bench`
    with server.connect("postgres") as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists and recreate:
            connection.execute(
                sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name))
            )
            exists = None
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return server.url(name), not exists


def vacuum_analyze(server: Server, name: str) -> None:
    """After the bulk inserts: fresh planner statistics and a visibility map, as a database
    in service has, and no autovacuum starting in the middle of the measures."""
    with server.connect(name) as connection:
        connection.execute("VACUUM (ANALYZE)")
