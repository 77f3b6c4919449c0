"""Database backups with PostgreSQL's own tools (docs/backup.md).

`pg_dump --format=custom` writes one compressed file of the whole database, schema and
data; `pg_restore` loads it into a *new, empty* database, never over a live one. The tools
must be of the server's major version: the embedded server's come with the `pgserver`
package (`.../site-packages/pgserver/pginstall/bin`), a system server's with its packages.
"""

import importlib.util
import os
import re
import shutil
import subprocess
from pathlib import Path

import psycopg
from psycopg import sql


class BackupToolMissing(RuntimeError):
    """No pg_dump/pg_restore of the server's major version is installed."""


def _candidate_bin_dirs() -> list[Path]:
    dirs = []
    # Located without importing it (importing pgserver sets up its own platform folders).
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.origin:
        dirs.append(Path(spec.origin).parent / "pginstall" / "bin")
    dirs += sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    on_path = shutil.which("pg_dump")
    if on_path:
        dirs.append(Path(on_path).resolve().parent)
    return dirs


def _major_version(executable: Path) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603 (argument list, no shell)
            [str(executable), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    return int(match.group(1)) if match else None


def server_major_version(database: dict) -> int:
    with psycopg.connect(**connection_kwargs(database, database["NAME"])) as connection:
        return connection.info.server_version // 10000


def find_tool(name: str, server_major: int) -> Path:
    """The `pg_dump`/`pg_restore` whose major version is the server's (pgserver's first)."""
    for directory in _candidate_bin_dirs():
        executable = directory / name
        if executable.exists() and _major_version(executable) == server_major:
            return executable
    raise BackupToolMissing(f"No {name} for PostgreSQL {server_major} is installed.")


def connection_kwargs(database: dict, name: str) -> dict:
    return {
        "dbname": name,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "autocommit": True,
    }


def _tool_arguments(database: dict) -> tuple[list[str], dict]:
    arguments = []
    if database.get("HOST"):
        arguments += ["--host", str(database["HOST"])]
    if database.get("PORT"):
        arguments += ["--port", str(database["PORT"])]
    if database.get("USER"):
        arguments += ["--username", database["USER"]]
    # The password goes through the environment, never the command line (`ps` shows that).
    environment = {**os.environ, "PGPASSWORD": database.get("PASSWORD") or ""}
    return arguments, environment


def dump(database: dict, output: Path) -> Path:
    """Write the whole database to `output` in pg_dump's custom format."""
    pg_dump = find_tool("pg_dump", server_major_version(database))
    arguments, environment = _tool_arguments(database)
    subprocess.run(  # noqa: S603 (argument list, no shell; tool from known folders)
        [str(pg_dump), *arguments, "--format=custom", "--no-owner", "--file", str(output)]
        + ["--dbname", database["NAME"]],
        env=environment,
        check=True,
        capture_output=True,
        timeout=3600,
    )
    return output


def restore(database: dict, archive: Path, new_name: str) -> None:
    """Create the empty database `new_name` and restore `archive` into it (all or nothing)."""
    pg_restore = find_tool("pg_restore", server_major_version(database))
    with psycopg.connect(**connection_kwargs(database, "postgres")) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(new_name)))
    arguments, environment = _tool_arguments(database)
    subprocess.run(  # noqa: S603 (argument list, no shell; tool from known folders)
        [str(pg_restore), *arguments, "--no-owner", "--exit-on-error", "--single-transaction"]
        + ["--dbname", new_name, str(archive)],
        env=environment,
        check=True,
        capture_output=True,
        timeout=3600,
    )


def drop(database: dict, name: str) -> None:
    with psycopg.connect(**connection_kwargs(database, "postgres")) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
