"""Settings, read from the environment (and an optional .env) in this one place.

Defaults are for development only. With DEBUG off the site refuses to start without a
SECRET_KEY. See .env.example for every variable.
"""

from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the site needs a real secret key: set "
            "SECRET_KEY in the environment or in .env (see .env.example)."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 (only ever with DEBUG on)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    "pasadena_pd",
    "outreach",
    "events",
    "pal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "pasadena_pd.urls"
WSGI_APPLICATION = "pasadena_pd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL only. Without DATABASE_URL the embedded server under var/ is started.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from pasadena_pd import embedded_db

    DATABASES = {"default": embedded_db.ensure_running()}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
# A Unix-socket host arrives percent-encoded in the URL (postgres://user@%2Frun%2Fpg/name).
DATABASES["default"]["HOST"] = unquote(str(DATABASES["default"].get("HOST", "")))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared between processes by default (the database cache table), so that rate limits hold
# across several app processes; Redis in production.
CACHES = {"default": env.cache_url("CACHE_URL", default="dbcache://django_cache")}
# django-environ lower-cases KEY_PREFIX/TIMEOUT for Django's own RedisCache; Django reads them
# upper-case only.
for _option in ("key_prefix", "timeout", "version"):
    if _option in CACHES["default"]:
        CACHES["default"][_option.upper()] = CACHES["default"].pop(_option)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests run with DEBUG off but without collectstatic: let whitenoise find files in place.
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Email: console in development, SMTP (or anything EMAIL_URL names) in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Pasadena PD Community Services <community-services@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Every email is a task (pasadena_pd.mail). "immediate" sends inside the request after the
# transaction commits; "database" queues it for `manage.py db_worker`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
    }
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Public form submissions per client address ("20/h", "5/m"; "0" turns the limit off).
PUBLIC_FORM_RATE = env.str("PUBLIC_FORM_RATE", default="20/h")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
    },
}

# Absolute address of the site, for links in emails (private status links of requests).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Calendar feeds (issue 6): private links carry their secret token in the path; every log
# line that could print a path goes through RedactTokensFilter (gunicorn: gunicorn.conf.py).
LOGGING.setdefault("filters", {})["redact_tokens"] = {
    "()": "pasadena_pd.log_filters.RedactTokensFilter"
}
LOGGING["handlers"]["console"].setdefault("filters", []).append("redact_tokens")
LOGGING["loggers"]["django.server"] = {
    "handlers": ["console"],
    "filters": ["redact_tokens"],
    "level": "INFO",
    "propagate": False,
}
LOGGING["loggers"].setdefault("django.request", {})["filters"] = ["redact_tokens"]

# --- Scale-out and measurement (docs/deployment.md, docs/performance.md) ---
# Sessions live in the database, shared by every app server; with a cache server (CACHE_URL)
# they are read through it, so a logged-in page does not query the session table.
SESSION_ENGINE = env.str(
    "SESSION_ENGINE",
    default=(
        "django.contrib.sessions.backends.cached_db"
        if env.str("CACHE_URL", default="")
        else "django.contrib.sessions.backends.db"
    ),
)
# Benchmarks only (bench/run.py): an X-Query-Count header on every response.
if env.bool("QUERY_COUNT_HEADER", default=False):
    MIDDLEWARE.insert(0, "pasadena_pd.query_count.QueryCountMiddleware")
# Whole pages for anonymous visitors, in the shared cache (pasadena_pd/page_cache.py); 0 is off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Public pages without personal data, by URL name. Never a page behind a login or a token.
PAGE_CACHE_VIEWS = frozenset(
    {
        "home",
        "outreach:areas",
        "outreach:request",
        "events:list",
        "events:archive",
        "events:calendar",
        "events:detail",
        "events:nno",
        "events:block_party_register",
        "pal:index",
        # The public calendar feeds (their conditional GET is answered from the cache too).
        "calendar:events",
        "calendar:area",
        "calendar:major_events",
        "event_calendar",
    }
)
MIDDLEWARE.append("pasadena_pd.page_cache.PageCacheMiddleware")  # last: see its docstring
TEMPLATES[0]["OPTIONS"]["context_processors"].append("pasadena_pd.page_cache.csrf_placeholder")
