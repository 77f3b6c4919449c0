import os

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# Property tests judge behaviour, not speed: a busy CI machine must not fail them.
hypothesis_settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("suite")

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by tests
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config):
    """The compiled catalogues, from the .po files, as `make test` builds them: a bare
    `pytest` in a fresh work tree tests the Spanish site too."""
    from pasadena_pd.translations import compile_catalogues

    compile_catalogues()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright's own browser download is not reachable here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _email_in_memory(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# --- Hardening: staff sign-in past the two-factor step (tests/security/otp.py) ---------------
@pytest.fixture
def admin_client(db, admin_user, client):
    """pytest-django's admin_client, with the OTP-verified session superusers now need."""
    from tests.security.otp import verify_client

    return verify_client(client, admin_user)


@pytest.fixture
def verified_client(db, client):
    """`verified_client(user)`: the test client signed in as `user`, two-factor verified."""
    from tests.security.otp import verify_client

    return lambda user: verify_client(client, user)


@pytest.fixture
def verified_admin_login(live_server, page):
    """`verified_admin_login(user)`: a Playwright sign-in through the admin and the TOTP step."""
    from tests.security.otp import verified_admin_login as login

    def sign_in(user, password=None, next_url="/admin/"):
        return login(page, live_server.url, user, password or FACTORY_PASSWORD, next_url)

    from tests.security.otp import FACTORY_PASSWORD

    return sign_in


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """Transactional tests flush django_content_type; forget ids cached before the flush."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


@pytest.fixture
def staff_roles(db):
    """The role groups with their permissions (pasadena_pd.roles keeps them after a flush;
    this makes a test independent of that). Never sync_roles() here: it is for migrations'
    historical apps and would unset the real apps' models modules."""
    from django.apps import apps

    from pasadena_pd.roles import sync_roles_after_migrate

    sync_roles_after_migrate(list(apps.get_app_configs())[-1])


@pytest.fixture(autouse=True)
def _site_language_after_each_test():
    """A request answered in Spanish leaves Spanish active in this thread (LocaleMiddleware
    activates, nothing deactivates): the next test starts in the site's language again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _emails_leave_when_asked(monkeypatch):
    """A test's database never commits (each test is one transaction, rolled back), so an
    email waiting for the commit (pasadena_pd.mail) would never leave: here it leaves when
    asked. tests/pasadena_pd/test_mail.py tests the waiting itself."""
    monkeypatch.setattr("pasadena_pd.mail._in_a_transaction", lambda: False)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff factories set passwords in many tests; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """The whole-page cache and the kept parts of pages are tested on their own
    (tests/pasadena_pd/test_page_cache.py, test_kept_until_change.py)."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 0


@pytest.fixture
def kept(settings):
    """Kept parts of pages and lists on, as in production ({% kept_until_change %}, the admin's
    kept lists), with nothing kept yet."""
    from django.core.cache import cache

    settings.FRAGMENT_CACHE_SECONDS = 60  # also forgets every kept part (setting_changed)
    cache.clear()


# --- The clock (tests/clock.py): every test runs on a pinned day ------------------------------
@pytest.fixture(scope="session", autouse=True)
def _suite_day():
    """Session fixtures (the database, module data) are made on the suite's day too."""
    from tests.clock import suite_moment, travel

    with travel(suite_moment()):
        yield


@pytest.fixture(autouse=True)
def _test_day(settings):
    """Each test starts at the suite's moment, whatever ran before it.

    Chromium keeps the machine's real clock: cookies are made to outlive any pinned day,
    so that a session set "in 2034" or "in 2026" is still sent by the browser."""
    from tests.clock import suite_moment, travel

    settings.SESSION_COOKIE_AGE = 20 * 365 * 24 * 3600
    settings.CSRF_COOKIE_AGE = 20 * 365 * 24 * 3600
    with travel(suite_moment()):
        yield


@pytest.fixture
def today():
    """`today("2027-08-03")` or `today("2027-08-03 19:00")`: the test runs from that moment
    (Pasadena time) and gets the date back."""
    from tests.clock import moment, travel

    travellers = []

    def pin(text: str):
        when = moment(text)
        traveller = travel(when)
        traveller.start()
        travellers.append(traveller)
        return when.date()

    yield pin
    for traveller in reversed(travellers):
        traveller.stop()


@pytest.fixture
def forms_open(today):
    """A Wednesday in May: every public form (requests, registrations, block parties before
    National Night Out) is open, whatever day the suite runs on."""
    today("2027-05-12 10:00")
