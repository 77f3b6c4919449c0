"""The benchmark's reference: a bare Django app, outside the code judged (docs/performance.md).

One module is its settings, its URLs, its one view and its WSGI application:
    DJANGO_SETTINGS_MODULE=bench.bare_app gunicorn bench.bare_app:application
bench/run.py serves it with the site's own gunicorn.conf.py (same workers, keep-alive and
access log to the same place), so that a page's throughput over this app's is the share of
the machine's ceiling for a Django response that the page reaches.

Four middlewares, as a new Django project keeps for a public page (security, sessions,
common, CSRF); no database, no template engine: the view returns a small HTML page like a
cached one would, with the CSRF cookie set as the site's forms do.
"""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

SECRET_KEY = os.environ.get("SECRET_KEY", "bench-bare-app-only")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = __name__
INSTALLED_APPS = ["django.contrib.sessions"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
]
# Sessions are never read by the view: no storage is touched.
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
DATABASES = {}
USE_TZ = True
LOGGING_CONFIG = None

PAGE = (
    "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Bare</title></head>"
    "<body><main><h1>A bare Django page</h1><form method='post'>"
    "<input type='hidden' name='csrfmiddlewaretoken' value='{token}'></form></main></body></html>"
)


def page(request):
    return HttpResponse(PAGE.format(token=get_token(request)))


urlpatterns = [path("", page)]

os.environ["DJANGO_SETTINGS_MODULE"] = __name__
application = get_wsgi_application()
