import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]


def _import_settings(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", "import pasadena_pd.settings"],
        cwd="/",  # away from the project's .env
        env={**env, "PYTHONPATH": str(BASE_DIR)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_missing_secret_key_with_debug_off_is_a_clear_startup_error():
    # The .env of the checkout is read by path, so blank the key explicitly.
    result = _import_settings(DEBUG="false", SECRET_KEY="", DATABASE_URL="postgres://x@localhost/x")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_sqlite_is_refused():
    result = _import_settings(DEBUG="true", DATABASE_URL="sqlite:////tmp/x.db")
    assert result.returncode != 0
    assert "must point at PostgreSQL" in result.stderr


def test_policy_time_is_los_angeles_and_aware():
    assert settings.TIME_ZONE == "America/Los_Angeles"
    assert settings.USE_TZ is True


def test_importing_settings_starts_no_database_server():
    # The embedded PostgreSQL starts on the first connection (pasadena_pd/embedded_postgresql),
    # so pure tests and tools that only read settings need no database.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, pasadena_pd.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], 'pgserver' in sys.modules)",
        ],
        cwd="/",
        env={**env, "DEBUG": "true", "PYTHONPATH": str(BASE_DIR)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.split() == ["pasadena_pd.embedded_postgresql", "False"]
