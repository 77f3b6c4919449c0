"""Settings, read from the environment (and an optional .env) in this one place.

Defaults are for development only. With DEBUG off the site refuses to start without a
SECRET_KEY. See .env.example for every variable.
"""

from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from pasadena_pd.cache_settings import cache_settings

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
    # Widget templates for the project's form renderer (pasadena_pd.form_rendering).
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Enrollment proof only (pasadena_pd.security.otp): an emailed or an issued code.
    "django_otp.plugins.otp_email",
    "django_otp.plugins.otp_static",
    # Template tags for permissions; each app imports its permissions.py in ready().
    "rules",
    "pasadena_pd",
    "outreach",
    "events",
    "pal",
]

MIDDLEWARE = [
    # Benchmarks only (bench/run.py): an X-Query-Count header on every response.
    *(
        ["pasadena_pd.query_count.QueryCountMiddleware"]
        if env.bool("QUERY_COUNT_HEADER", default=False)
        else []
    ),
    "django.middleware.security.SecurityMiddleware",
    # Outer, so that pages answered from the page cache get the header too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's CSPMiddleware, with the site's one policy built once (not per response).
    "pasadena_pd.security.csp.SitePolicyCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Emails written while answering a visitor link to the address they used (links.py).
    "pasadena_pd.links.VisitorSiteMiddleware",
    "pasadena_pd.security.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Whole pages for anonymous visitors (pasadena_pd/page_cache.py): hits are answered just
    # after CSRF, before authentication, two-factor, messages and axes, which an anonymous
    # cached page does not need.
    "pasadena_pd.page_cache.PageCacheHitMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Record-less permission answers kept for the request (pasadena_pd/permissions.py).
    "pasadena_pd.permissions.PermissionAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Innermost (see its docstring); only django-axes, which asks to be last, comes after it.
    "pasadena_pd.page_cache.PageCacheMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "pasadena_pd.page_cache.csrf_placeholder",
            ],
        },
    },
]

# PostgreSQL only. Without DATABASE_URL, the embedded server under var/: its engine starts it
# on the first connection (pasadena_pd/embedded_postgresql), never on importing settings.
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db_url("DATABASE_URL")}
else:
    from pasadena_pd import embedded_db

    DATABASES = {"default": embedded_db.settings()}
if DATABASES["default"]["ENGINE"] not in (
    "django.db.backends.postgresql",
    "pasadena_pd.embedded_postgresql",
):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
# A Unix-socket host arrives percent-encoded in the URL (postgres://user@%2Frun%2Fpg/name).
DATABASES["default"]["HOST"] = unquote(str(DATABASES["default"].get("HOST", "")))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared between processes by default (the database cache table), so that rate limits hold
# across several app processes; Redis in production.
# A cache that fails costs speed, never an answer (pasadena_pd/fail_soft_cache.py).
CACHES = {
    "default": cache_settings(
        env.cache_url("CACHE_URL", default="dbcache://django_cache"),
        redis_timeout=env.float("CACHE_TIMEOUT_SECONDS", default=0.5),
    )
}

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

# Email: console in development, SMTP (or anything EMAIL_URL names) in production. Without a
# real backend a production site would print every email (private links, children's names)
# to the server log, so with DEBUG off EMAIL_URL is required, as SECRET_KEY is.
if not DEBUG and not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "EMAIL_URL is not set. With DEBUG off the site needs a real email backend: set "
        "EMAIL_URL (for example smtp+tls://user:password@smtp.example.org:587) in the "
        "environment or in .env (see .env.example)."
    )
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
# The console backend, where chosen, writes through the log and its redaction.
if EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend":  # noqa: F821 (set above)
    EMAIL_BACKEND = "pasadena_pd.security.console_mail.RedactedConsoleEmailBackend"
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Pasadena PD Community Services <community-services@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Every email is a task (pasadena_pd.mail). "immediate" sends inside the request after the
# transaction commits; "database" queues it for `manage.py task_worker`.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND],
    }
}

# Public form submissions per client address ("20/h", "5/m"; "0" turns the limit off).
PUBLIC_FORM_RATE = env.str("PUBLIC_FORM_RATE", default="20/h")

# Retention of personal data, in months (`manage.py apply_retention`; docs/security.md,
# "Personal data"): a PAL member's record after their last term ends; a declined or
# withdrawn application after its decision; requesters', registrants' and block party
# hosts' contact details after the event.
RETENTION_PAL_MEMBER_MONTHS = env.int("RETENTION_PAL_MEMBER_MONTHS", default=24)
RETENTION_CLOSED_APPLICATION_MONTHS = env.int("RETENTION_CLOSED_APPLICATION_MONTHS", default=6)
RETENTION_CONTACT_MONTHS = env.int("RETENTION_CONTACT_MONTHS", default=12)
# A public submission is held (place, resource, waitlist) only once the link emailed to its
# address is opened and confirmed; unconfirmed ones expire after these hours and are deleted
# by `manage.py apply_retention` (issue 14).
UNCONFIRMED_EXPIRE_HOURS = env.int("UNCONFIRMED_EXPIRE_HOURS", default=24)

# Reminder emails (`manage.py send_reminders`, run from cron; README "Reminders") leave from
# this hour of the local morning, the day before (and a week before the Academy).
REMINDER_HOUR = env.int("REMINDER_HOUR", default=9)

# Caps against hoarding (issue 14): a presentation request's contact email may have this many
# open requests (waiting or scheduled); one family (its guardian's email) this many children's
# applications in one term. An event takes one active registration per email (a constraint).
OUTREACH_OPEN_REQUESTS_PER_EMAIL = env.int("OUTREACH_OPEN_REQUESTS_PER_EMAIL", default=3)
PAL_CHILDREN_PER_FAMILY = env.int("PAL_CHILDREN_PER_FAMILY", default=8)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Tokens of private links, e-mail addresses and phone numbers never reach a log line or
    # an error e-mail (pasadena_pd.security.logging).
    # Calendar feeds (issue 6): private links carry their secret token in the path; every
    # log line that could print a path goes through RedactTokensFilter (gunicorn:
    # gunicorn.conf.py).
    "filters": {
        "redact_personal_data": {"()": "pasadena_pd.security.logging.RedactPersonalDataFilter"},
        "redact_tokens": {"()": "pasadena_pd.log_filters.RedactTokensFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_personal_data", "redact_tokens"],
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "redact_personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Replaces Django's default "django" logger, whose e-mail handler has no redaction.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {
            "handlers": ["console"],
            "filters": ["redact_tokens"],
            "level": "INFO",
            "propagate": False,
        },
        "django.request": {"filters": ["redact_tokens"]},
        "axes": {"level": "WARNING"},  # failures and lockouts; not every success
        "pasadena_pd.security": {"level": "INFO"},
    },
}
ADMINS = [("Site administrators", address) for address in env.list("ADMINS", default=[])]

# Security: headers, cookies, login lockout, two-factor, error reports
# (docs/security.md lists each protection and the test that proves it).
# On when served over HTTPS behind a TLS proxy. Deliberately not tied to DEBUG: the tests run
# with DEBUG off over plain http, where secure cookies and redirects cannot work.
SECURE_DEPLOYMENT = env.bool("SECURE_DEPLOYMENT", default=False)
if SECURE_DEPLOYMENT:
    SECURE_SSL_REDIRECT = True
    # The TLS proxy sets X-Forwarded-Proto and strips it from clients (docs/security.md).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # Harmless on a subdomain (the preload list only takes registrable domains, submitted by
    # their owner); on an apex it lets the owner submit it. See docs/security.md.
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are only accepted over HTTPS, for the whole host, never a parent domain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions last one working shift.
SESSION_COOKIE_AGE = 10 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "pasadena_pd.security.errors.csrf_failure"

# Content-Security-Policy (django-csp 4). No inline script or style anywhere; Bootstrap's
# CSS draws a few icons from data: SVG images, hence data: for images only.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": [_NONE],
        "base-uri": [_NONE],
        "frame-ancestors": [_NONE],
        "form-action": [_SELF],
    },
}

# Staff login: django-axes locks a username *from one address* after repeated failures, so
# that nobody can lock a supervisor out from elsewhere. Lockouts are logged ("axes" logger).
AUTHENTICATION_BACKENDS = [
    "pasadena_pd.security.backends.LoginLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Object-level permissions: each app's permissions.py names its actions (django-rules).
    "rules.permissions.ObjectPermissionBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "pasadena_pd.security.errors.login_locked_out"
# The same client address as the public-form rate limit: REMOTE_ADDR, set by the proxy.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Failed passwords are never stored with the attempt.
AXES_SENSITIVE_PARAMETERS = ["password"]

# Two-factor sign-in (django-otp, TOTP): who must pass it is decided by role
# (roles.TWO_FACTOR_ROLES) and what a session may open by the permission predicates
# (pasadena_pd.security.otp). The emailed enrollment code is valid for 10 minutes.
OTP_TOTP_ISSUER = "Pasadena PD Community Services"
OTP_EMAIL_SUBJECT = "Your code to set up two-factor sign-in"
OTP_EMAIL_BODY_TEMPLATE_PATH = "security/mail/enrollment_code.txt"
OTP_EMAIL_TOKEN_VALIDITY = 600

# Error reports carry no request body, cookies or locals (the forms hold minors' data).
DEFAULT_EXCEPTION_REPORTER_FILTER = "pasadena_pd.security.reporting.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "pasadena_pd.security.reporting.RedactingExceptionReporter"

# Absolute address of the site, for links in emails sent without a request at hand
# (pasadena_pd/links.py); `make run` sets it from its HOST and PORT.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

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
# Whole pages for anonymous visitors, in the shared cache (pasadena_pd/page_cache.py); 0 is off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Parts of public pages kept until the data changes ({% kept_until_change %}); 0 is off.
FRAGMENT_CACHE_SECONDS = env.int("FRAGMENT_CACHE_SECONDS", default=60)
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
