"""Every page, form error, error page and feed the public meets, read in Spanish: no sentence
of the English catalogue and nothing that reads as English (tests/pasadena_pd/spanish.py).

The data is Spanish too (staff-entered titles and descriptions are not translated)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import get_resolver

from events.models import BlockParty, Event
from outreach.models import DEFAULT_SPECIAL_RESOURCES, SpecialResource
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    OnlineEventFactory,
    RegistrationFactory,
    local_datetime,
)
from tests.factories import AreaFactory, MajorEventFactory, SpecialistFactory, UserFactory
from tests.feeds.factories import ScheduledRequestFactory
from tests.outreach.factories import request_form_data
from tests.pal.factories import (
    EnrollmentFactory,
    GuardianFactory,
    SummerActivityFactory,
    SummerTermFactory,
)
from tests.pasadena_pd.spanish import page_text, untranslated
from tests.security.otp import totp_device_for

pytestmark = pytest.mark.django_db

# Pages that are not the public's: staff pages, the admin, actions that only redirect.
NOT_PUBLIC = {
    "healthz",
    "staff_home",  # staff only (the access matrix covers it)
    "set_language",
    "calendar:private",
    "events:visit_plan",
    "outreach:request_cancel",
    "outreach:request_confirm",
    "events:registration_cancel",
    "events:registration_confirm",
    "events:block_party_confirm",
    "events:block_party_cancel",
    "pal:application_withdraw",
    "pal:application_confirm",
    "pal:pick_up_add",
    "pal:consent_again",
    "pal:pick_up_remove",
}


@pytest.fixture
def spanish():
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    client.cookies["django_language"] = "es"
    return client


@pytest.fixture
def site(today):
    """One of everything a resident can reach, on a pinned day before National Night Out."""
    day = today("2027-05-12")
    area = AreaFactory(name="Noroeste", slug="noroeste")
    SpecialistFactory(area=area, name="Agente Rosa Méndez")
    for code, (lead, units) in DEFAULT_SPECIAL_RESOURCES.items():
        SpecialResource.objects.get_or_create(
            code=code, defaults={"name": code.label, "lead_time_days": lead, "units": units}
        )
    MajorEventFactory(name="Partido de UCLA", start_date=day + datetime.timedelta(days=40))
    spanish_text = {"description": "Reunión de vecinos.", "venue": "Centro Villa Parke"}
    event = EventFactory(title="Reunión vecinal", slug="reunion", capacity=1, **spanish_text)
    RegistrationFactory(event=event, name="Ana")
    waiting = RegistrationFactory(event=event, name="Luis", status="waitlisted")
    OnlineEventFactory(title="Foro virtual", slug="foro", description="Foro en línea.")
    past = EventFactory(title="Reunión pasada", slug="pasada", **spanish_text)
    Event.objects.filter(pk=past.pk).update(
        starts_at=local_datetime(day - datetime.timedelta(days=30), 18),
        ends_at=local_datetime(day - datetime.timedelta(days=30), 19),
    )
    EventFactory(
        kind=Event.Kind.NNO_KICKOFF,
        title="Inauguración 2027",
        slug="inauguracion-2027",
        starts_at=local_datetime(datetime.date(2027, 8, 3), 17),
        ends_at=local_datetime(datetime.date(2027, 8, 3), 18),
        **spanish_text,
    )
    party = BlockPartyFactory(area=area, year=2027, status=BlockParty.Status.APPROVED)
    request = ScheduledRequestFactory(area=area, title="Reunión de Vigilancia Vecinal")
    term = SummerTermFactory(name="Verano 2027")
    SummerActivityFactory(term=term, name="Clase de arte")
    enrollment = EnrollmentFactory(term=term, guardian=GuardianFactory(name="Rosa López"))
    return {
        "area": area,
        "event": event,
        "waiting": waiting,
        "party": party,
        "request": request,
        "enrollment": enrollment,
    }


def pages(site) -> dict[str, str]:
    """Each public page by URL name, at an address with real data."""
    return {
        "home": "/",
        "find_requests": "/find-my-requests/",
        "calendar:index": "/calendar/",
        "calendar:events": "/calendar/events.ics",
        "calendar:area": "/calendar/areas/noroeste.ics",
        "calendar:major_events": "/calendar/major-events.ics",
        "event_calendar": "/events/reunion.ics",
        "request_calendar": f"/outreach/requests/{site['request'].token}.ics",
        "outreach:areas": "/outreach/areas/",
        "outreach:request": "/outreach/request/?area=noroeste",
        "outreach:request_sent": "/outreach/request/sent/",
        "outreach:request_status": site["request"].get_absolute_url(),
        "events:list": "/events/",
        "events:archive": "/events/archive/",
        "events:calendar": "/events/calendar/?month=2027-08",
        "events:nno": "/events/national-night-out/",
        "events:block_party_register": "/events/national-night-out/block-party/",
        "events:block_party_sent": "/events/national-night-out/block-party/sent/",
        "events:registration": site["waiting"].get_absolute_url(),
        "events:block_party": site["party"].get_absolute_url(),
        "events:detail": "/events/reunion/",
        "events:register": "/events/foro/",
        "events:register_sent": "/events/foro/register/sent/",
        "pal:index": "/pal/",
        "pal:enroll": "/pal/enroll/",
        "pal:enrollment_sent": "/pal/enroll/sent/",
        "pal:application_status": site["enrollment"].get_status_url(),
        "two_factor:verify": "/account/two-factor/verify/",
        "two_factor:enroll": "/account/two-factor/enroll/",
    }


def public_url_names() -> set[str]:
    names = set()

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if hasattr(pattern, "url_patterns"):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern, inner)
            elif pattern.name:
                names.add(namespace + pattern.name)

    walk(get_resolver())
    return {
        name
        for name in names
        if not name.startswith("admin:") and ":staff" not in name and name not in NOT_PUBLIC
    }


def test_every_public_page_is_crawled(site):
    assert public_url_names() - set(pages(site)) == set()


def test_every_public_page_reads_in_spanish(spanish, site):
    # The two-factor pages are the first thing staff meet: enrolling an authenticator app,
    # then (once one is set up) verifying its code.
    spanish.force_login(UserFactory(username="nueva"))
    verifying = Client(HTTP_ACCEPT_LANGUAGE="es")
    verifying.force_login(UserFactory(username="supervisora"))
    totp_device_for(User.objects.get(username="supervisora"))
    left = {}
    for name, url in pages(site).items():
        response = (verifying if name == "two_factor:verify" else spanish).get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        if response["Content-Type"].startswith("text/calendar"):
            lines = response.content.decode().replace("\r\n ", "").splitlines()
            chunks = [line.partition(":")[2] for line in lines if _is_text_property(line)]
        else:
            assert '<html lang="es">' in response.text, name
            chunks = page_text(response.text)
        if found := untranslated(chunks):
            left[name] = found

    assert left == {}


def _is_text_property(line: str) -> bool:
    return line.split(":", 1)[0].split(";")[0] in {
        "X-WR-CALNAME",
        "X-WR-CALDESC",
        "NAME",
        "DESCRIPTION",
        "SUMMARY",
        "LOCATION",
    }


@pytest.mark.parametrize(
    "url",
    [
        "/outreach/request/",
        "/events/national-night-out/block-party/",
        "/events/foro/register/",
        "/pal/enroll/",
        "/find-my-requests/",
    ],
)
def test_form_errors_read_in_spanish(spanish, site, url):
    response = spanish.post(url, {"website": ""})

    assert response.status_code in (200, 400)  # the events forms answer 400, as they should
    assert "Este campo es obligatorio." in response.text
    assert untranslated(page_text(response.text)) == []


def accepted_request(key: str, **changes) -> dict:
    """The request form's answers, for a request every rule accepts on the pinned day."""
    return request_form_data(
        datetime.date(2027, 6, 9),
        title="Reunión de vecinos",
        area="noroeste",
        organization="",
        contact_name="Rosa",
        contact_email=f"rosa-{key}@example.org",
        submission_key=key * 32,
        **changes,
    )


def test_a_refused_request_reads_in_spanish(spanish, site):
    response = spanish.post(
        "/outreach/request/",
        accepted_request("b", date="2027-05-14", resources=["helicopter"]),
    )

    text = page_text(response.text)
    assert "Necesitamos al menos 14 días de aviso para planear una presentación." in text
    assert "Sobrevuelo del helicóptero necesita 45 días de planificación previa." in text
    assert untranslated(text) == []


def test_error_pages_read_in_spanish(spanish, site, settings):
    client = Client(HTTP_ACCEPT_LANGUAGE="es", raise_request_exception=False)
    not_found = client.get("/events/no-existe/")
    bad_host = client.get("/", HTTP_HOST="otro.example")
    expired = Client(HTTP_ACCEPT_LANGUAGE="es", enforce_csrf_checks=True).post(
        "/i18n/setlang/", {"language": "es"}
    )
    settings.PUBLIC_FORM_RATE = "1/h"
    client.post("/outreach/request/", accepted_request("d"))
    too_many = client.post("/outreach/request/", accepted_request("e"))

    assert [not_found.status_code, bad_host.status_code, expired.status_code] == [404, 400, 403]
    assert too_many.status_code == 429
    for response in (not_found, bad_host, expired, too_many):
        assert '<html lang="es">' in response.text
        assert untranslated(page_text(response.text)) == []
    assert "Página no encontrada" in not_found.text
    assert "Recibimos muchos envíos desde su conexión" in too_many.text


@pytest.mark.urls("tests.security.urls")
def test_server_error_page_reads_in_spanish():
    client = Client(HTTP_ACCEPT_LANGUAGE="es", raise_request_exception=False)

    response = client.get("/test-explode/")

    assert response.status_code == 500
    assert "Algo salió mal de nuestro lado" in response.text
    assert untranslated(page_text(response.text)) == []


def test_english_pages_are_still_english(site):
    """The crawl's own check: the same page in English is found to be English."""
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/outreach/request/").text

    assert untranslated(page_text(html, language="en"))
