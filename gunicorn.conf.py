"""Gunicorn settings for the app servers (read by `gunicorn` from the working directory).

Every value can be overridden on the command line or by the environment variables below;
see docs/deployment.md for the layout they fit into.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Synchronous workers: the pages are CPU-bound Django renders with short database calls.
# Two per core plus one keeps the cores busy while one worker waits on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the app once in the master: workers share its memory pages (copy on write) and start
# fast. Django opens no database connection at import, so nothing is shared by mistake.
preload_app = True
# Recycle a worker now and then, so that slow growth of memory never adds up.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 20
# Behind the TLS proxy, which keeps its own connections to the app servers alive.
keepalive = 5
# Trust X-Forwarded-Proto only from the proxy's address (see docs/deployment.md).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The proxy passes the client's address with the PROXY protocol ("v1", "v2"), so that
# REMOTE_ADDR (the public forms' rate limit) is the visitor's, not the proxy's.
proxy_protocol = os.environ.get("GUNICORN_PROXY_PROTOCOL", "off")
proxy_allow_ips = forwarded_allow_ips
# "-" is standard output; an empty value turns the access log off (the benchmark does).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
# Tokens in private URLs never reach the access log: see pasadena_pd/log_filters.py.
logger_class = "pasadena_pd.log_filters.RedactingGunicornLogger"


def when_ready(server):
    """The app is loaded (preload_app) and the workers are about to be forked: its objects,
    which live as long as the process, are moved out of the cyclic garbage collector's way.
    A worker's full collections then walk what its requests made, not Django's ~130,000
    objects (the requests change list: 2.5 -> 0.8 ms of collection per request), and the
    workers' copies of those pages stay shared, since a collection no longer writes to them."""
    gc.freeze()
