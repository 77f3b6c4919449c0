"""Where a request's time goes: CPU per request in one process, and its cProfile.

    .venv/bin/python bench/cpu_profile.py /events/ [--staff] [--count 300] [--top 25]
    .venv/bin/python bench/cpu_profile.py / --bare          # the reference app
    .venv/bin/python bench/cpu_profile.py /outreach/request/ --post   # the accepted form POST

Runs against the benchmark database of the last `make bench` (bench/results/dataset.json),
with the benchmark's production settings and the Redis cache when one answers, through
Django's WSGI handler (gunicorn's HTTP parsing and access log excluded: see py-spy in
docs/performance.md for a whole worker). CPU time is the process's own, so other work on a
shared machine moves it much less than throughput.
"""

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import server  # noqa: E402


def environ_for(path: str, cookie: str, body: bytes = b"") -> dict:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "POST" if body else "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_ENCODING": "gzip, deflate",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
    }
    if body:
        environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
        environ["CONTENT_LENGTH"] = str(len(body))
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    return environ


def post_bodies(info: dict, count: int) -> list[tuple[str, bytes]]:
    """(cookie, urlencoded body) for `count` new submissions of the benchmark's form, each
    from a new visitor (CSRF cookie and masked token made here, outside the timing)."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret

    run = f"profile-{time.time_ns()}"
    bodies = []
    for number in range(count):
        secret = _get_new_csrf_string()
        fields = {
            name: value.replace("__N__", f"{run}-{number}")
            for name, value in info["request_form"].items()
        }
        fields["csrfmiddlewaretoken"] = _mask_cipher_secret(secret)
        body = urlencode(fields, doseq=True).encode()
        bodies.append((f"{settings.CSRF_COOKIE_NAME}={secret}", body))
    return bodies


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--staff", action="store_true", help="with the staff session cookie")
    parser.add_argument("--bare", action="store_true", help="the bare Django app")
    parser.add_argument("--uncached", action="store_true", help="with the page cache off")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="with the page cache and the kept parts of pages ({% kept_until_change %}) off",
    )
    parser.add_argument(
        "--post",
        action="store_true",
        help="POST the benchmark's request form answers (bench/results/dataset.json), each "
        "with a new title, email, one-time key and CSRF cookie and token (made beforehand)",
    )
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime")
    arguments = parser.parse_args(argv)

    info, environment = server.last_run_environment(key_prefix="bench-profile")
    os.environ.update(environment)
    if arguments.uncached or arguments.cold:
        os.environ["PAGE_CACHE_SECONDS"] = "0"
    if arguments.cold:
        os.environ["FRAGMENT_CACHE_SECONDS"] = "0"
    if arguments.bare:
        from bench.bare_app import application
    else:
        os.environ["DJANGO_SETTINGS_MODULE"] = "pasadena_pd.settings"
        from django.core.wsgi import get_wsgi_application

        application = get_wsgi_application()
    cookie = info.get("staff_cookie", "") if arguments.staff else ""
    posts = iter(post_bodies(info, 5 + 2 * arguments.count) if arguments.post else ())

    def one() -> int:
        status = []
        post_cookie, body = next(posts, (cookie, b""))
        body = application(
            environ_for(arguments.path, post_cookie, body), lambda s, h, e=None: status.append(s)
        )
        b"".join(body)
        getattr(body, "close", lambda: None)()
        return int(status[0].split()[0])

    for _warm in range(5):
        status = one()
    started_cpu, started = time.process_time(), time.perf_counter()
    for _request in range(arguments.count):
        one()
    cpu_ms = (time.process_time() - started_cpu) * 1000 / arguments.count
    wall_ms = (time.perf_counter() - started) * 1000 / arguments.count
    print(
        f"{arguments.path}: status {status}, {cpu_ms:.2f} ms CPU, {wall_ms:.2f} ms wall per request"
    )

    profile = cProfile.Profile(time.process_time)  # CPU time: waits for other work excluded
    profile.enable()
    for _request in range(arguments.count):
        one()
    profile.disable()
    if os.environ.get("PROFILE_OUT"):
        profile.dump_stats(os.environ["PROFILE_OUT"])
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(arguments.sort).print_stats(arguments.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
