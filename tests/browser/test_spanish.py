"""Residents who read Spanish: a refused request, an event registration and a PAL enrollment
walked in Chromium, and the emails they get are in Spanish (issue 17).

The first resident's browser asks for Spanish (Accept-Language); the second chooses it with
the language switch at the foot of the page, which works without JavaScript."""

import datetime
import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from events.models import Registration
from outreach.models import PresentationRequest
from pal.models import Enrollment
from tests.events.factories import EventFactory, local_datetime
from tests.factories import AreaFactory, SpecialistFactory
from tests.mail_links import confirm_in_browser
from tests.pal.factories import ProgramTermFactory, birth_date_for_age
from tests.pasadena_pd.spanish import untranslated

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _pinned_day(today, settings):
    today("2027-05-12 09:00")
    settings.PUBLIC_FORM_RATE = "0"


@pytest.fixture
def spanish_page(browser, live_server):
    """A browser whose first visit asks for Spanish, as a phone set to Spanish does."""
    context = browser.new_context(locale="es-US", base_url=live_server.url)
    yield context.new_page()
    context.close()


def reads_in_spanish(message) -> bool:
    return untranslated([message.subject, *message.body.splitlines()]) == []


def test_a_refused_request_then_an_offered_date_in_spanish(spanish_page: Page):
    area = AreaFactory(name="Noroeste", slug="noroeste")
    SpecialistFactory(area=area, name="Agente Rosa Méndez")
    page = spanish_page

    page.goto("/outreach/request/?area=noroeste")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("¿Qué solicita?").select_option("neighborhood_watch")
    page.get_by_label("Título de su reunión o evento").fill("Vecinos de Orange Grove")
    page.locator("#id_date").fill("2027-05-17")  # five days ahead: too soon
    page.get_by_label("Hora de inicio").fill("18:30")
    page.get_by_label("Hora de finalización").fill("20:00")
    page.get_by_label("Dirección").fill("300 E Orange Grove Blvd")
    page.get_by_label("Asistencia prevista").fill("30")
    page.get_by_label("Su nombre").fill("Rosa Vecina")
    page.get_by_label("Correo electrónico").fill("rosa@example.org")
    page.get_by_label("Teléfono").fill("626-555-0100")
    page.get_by_role("button", name="Enviar mi solicitud").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator('[data-rule="min_notice"]')).to_contain_text(
        "Necesitamos al menos 14 días de aviso para planear una presentación."
    )
    assert mail.outbox == []  # a refusal sends nothing
    offered = page.locator("[data-refill-date]").first
    expect(offered).to_contain_text("de 2027")  # "miércoles 26 de mayo de 2027"
    offered.click()
    page.get_by_role("button", name="Enviar mi solicitud").click()

    # Held once the address confirms through the emailed link (issue 14).
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gracias: revise su correo electrónico"
    )
    confirm_in_browser(page, "", "rosa@example.org")
    expect(page.locator(".request-status")).to_have_text("En espera de revisión")
    request = PresentationRequest.objects.get()
    assert request.language == "es"
    to_confirm, received = mail.outbox
    assert to_confirm.subject == "Confirme su solicitud"
    assert received.subject == "Recibimos su solicitud: Vecinos de Orange Grove"
    assert reads_in_spanish(to_confirm) and reads_in_spanish(received)


def test_an_event_registration_after_choosing_spanish_with_the_switch(page: Page, live_server):
    EventFactory(
        title="Reunión de Vigilancia Vecinal",
        slug="vigilancia",
        description="Conozca a sus vecinos.",
        starts_at=local_datetime(datetime.date(2027, 6, 2), 18, 30),
        ends_at=local_datetime(datetime.date(2027, 6, 2), 20),
    )

    page.goto(f"{live_server.url}/events/vigilancia/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Change").click()

    expect(page).to_have_url(f"{live_server.url}/events/vigilancia/")  # the same page
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_label("Su nombre").fill("Ana López")
    page.get_by_label("Correo electrónico").fill("ana@example.org")
    page.get_by_label("Número de personas en su grupo").fill("2")
    page.get_by_role("button", name="Inscribirse").click()

    # The answer is the same for every address (issue 14); the private link comes by email.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gracias: revise su correo electrónico"
    )
    confirm_in_browser(page, live_server.url, "ana@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Su inscripción")
    expect(page.get_by_text("Ana López, sus 2 lugares están confirmados.")).to_be_visible()
    assert Registration.objects.get().language == "es"
    to_confirm, confirmed = mail.outbox
    assert reads_in_spanish(to_confirm)
    assert confirmed.subject == "Está inscrito: Reunión de Vigilancia Vecinal"
    assert "miércoles 2 de junio de 2027, 18:30" in confirmed.body
    assert reads_in_spanish(confirmed)


def test_a_pal_enrollment_in_spanish(spanish_page: Page):
    term = ProgramTermFactory(name="Año escolar 2027-28")
    page = spanish_page

    page.goto("/pal/")
    page.get_by_role("link", name="Inscribir a un niño o niña").click()
    page.get_by_label("Nombre del niño o la niña").fill("Maya")
    page.get_by_label("Apellido del niño o la niña").fill("López")
    page.get_by_label("Fecha de nacimiento").fill(
        birth_date_for_age(11, term.start_date).isoformat()
    )
    page.locator("#id_school").fill("Washington Middle School")
    page.locator("#id_grade").select_option(label="6.º grado")
    page.get_by_label("Nombre del padre, la madre o el tutor").fill("Rosa López")
    page.get_by_label("Parentesco con el niño o la niña").fill("Madre")
    page.locator("#id_guardian_phone").fill("626-555-0123")
    page.locator("#id_guardian_email").fill("rosa@example.org")
    page.get_by_label("Domicilio").fill("12 Orange Grove Blvd, Pasadena")
    for number, name in ((1, "Luis López"), (2, "Ana Díaz")):
        page.locator(f"#id_contact{number}_name").fill(name)
        page.locator(f"#id_contact{number}_relationship").fill("Familia")
        page.locator(f"#id_contact{number}_phone").fill("626-555-0124")
    page.get_by_label("Autorizo a mi hijo o hija a participar").check()
    page.locator("#id_media_consent_1").check()  # no photos
    page.get_by_label("Firma: escriba su nombre completo").fill("Rosa López")
    page.get_by_role("button", name="Enviar la solicitud").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gracias: revise su correo electrónico"
    )
    assert Enrollment.objects.get().language == "es"
    (to_confirm,) = mail.outbox
    assert to_confirm.subject == "PAL: confirme su solicitud"
    assert reads_in_spanish(to_confirm) and "Maya" not in to_confirm.body
    page.goto(re.search(r"http://\S+/pal/applications/\S+/", to_confirm.body).group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirme su solicitud a PAL")
    page.get_by_role("button", name="Confirmar mi solicitud").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Gracias: revise su correo electrónico"
    )
    received = mail.outbox[1]
    assert received.subject == "PAL: recibimos su solicitud"
    assert "Año escolar 2027-28" in received.body
    assert reads_in_spanish(received)

    link = re.search(r"http://\S+/pal/applications/\S+/", received.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Solicitud de Maya a PAL")
    expect(page.get_by_test_id("status")).to_contain_text("Recibida, en espera de revisión")
