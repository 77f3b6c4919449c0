"""Item 5 of issue 14: staff searches never reach the access log (the real gunicorn one)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _get(url: str, **headers) -> None:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (loopback http)
    # The redirect to the login page (an HTTPError here) is logged all the same.
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.build_opener(_NoRedirect).open(request, timeout=10)


def _serve_and_read_access_log(tmp_path, paths: list[tuple[str, dict]]) -> str:
    port = _free_port()
    access_log = tmp_path / "access.log"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DEBUG": "false",
        "SECRET_KEY": "s" * 50,
        "EMAIL_URL": "smtp://127.0.0.1:2525",
        "ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": str(access_log),
        "WEB_CONCURRENCY": "1",
        "WHITENOISE_USE_FINDERS": "true",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "pasadena_pd.wsgi"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        for path, headers in paths:
            _get(f"http://127.0.0.1:{port}{path}", **headers)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return access_log.read_text()


def test_gunicorn_access_log_holds_no_staff_search_terms(tmp_path):
    log = _serve_and_read_access_log(
        tmp_path,
        [
            ("/admin/pal/enrollment/?q=Chen", {}),
            ("/admin/pal/member/?q=Avery+Chen&o=2", {}),
            (
                "/admin/outreach/presentationrequest/42/change/",
                {
                    "Referer": "http://127.0.0.1/admin/outreach/presentationrequest/?q=Okafor",
                },
            ),
        ],
    )

    lines = log.splitlines()
    assert len(lines) == 3, log
    assert '"GET /admin/pal/enrollment/?q=[redacted] HTTP/1.1"' in lines[0]
    assert '"GET /admin/pal/member/?q=[redacted]&o=[redacted] HTTP/1.1"' in lines[1]
    assert "/admin/outreach/presentationrequest/?q=[redacted]" in lines[2]
    for term in ("Chen", "Avery", "Okafor"):
        assert term not in log
