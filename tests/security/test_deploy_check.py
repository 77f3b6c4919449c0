import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def _production_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_URL="smtp+tls://mailer:secret@smtp.example.org:587",
        SECURE_DEPLOYMENT="true",
        ALLOWED_HOSTS="community.example.org",
        CSRF_TRUSTED_ORIGINS="https://community.example.org",
        DJANGO_SETTINGS_MODULE="pasadena_pd.settings",
    )
    return env


def test_check_deploy_reports_no_warning_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_settings_turn_on_https_only_protections():
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_NAME, "
        "s.CSRF_COOKIE_NAME, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=_production_environment(),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.split("\n")[-2] == (
        "True 31536000 True True True __Host-sessionid __Host-csrftoken "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )
