"""A submission keeps the language it was sent in, and every email about it is written in
that language, even when staff working in English trigger it (pasadena_pd/languages.py,
pasadena_pd/mail.py)."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from events.models import BlockParty, Registration
from events.services.block_parties import decide_block_party
from events.services.events import cancel_event
from events.services.registrations import cancel_registration
from outreach.services import decisions
from pal.models import Enrollment
from pal.services.enrollments import accept_enrollment, withdraw_enrollment
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, PAL_STAFF
from tests.events.factories import BlockPartyFactory, EventFactory, RegistrationFactory, verified
from tests.factories import AreaFactory, SpecialistFactory, UserFactory
from tests.mail_links import confirm_by_email
from tests.outreach.factories import PresentationRequestFactory, request_form_data
from tests.pal.factories import EnrollmentFactory, SummerTermFactory
from tests.pasadena_pd.spanish import untranslated

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned_day(today, settings):
    today("2027-05-12")
    settings.PUBLIC_FORM_RATE = "0"


def reads_in_spanish(message) -> bool:
    return untranslated([message.subject, *message.body.splitlines()]) == []


def test_a_request_sent_in_spanish_is_answered_in_spanish_by_english_staff():
    area = AreaFactory(name="Noroeste", slug="noroeste")
    SpecialistFactory(area=area, name="Agente Rosa Méndez")
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    response = client.post(
        "/outreach/request/",
        request_form_data(
            datetime.date(2027, 6, 9),
            title="Reunión de vecinos",
            area="noroeste",
            organization="",
            contact_name="Rosa",
            submission_key="c" * 32,
        ),
    )
    assert response.status_code == 303
    request = area.requests.get()
    assert request.language == "es"
    assert mail.outbox[-1].subject == "Confirme su solicitud"
    assert "miércoles 9 de junio de 2027" in mail.outbox[-1].body
    confirm_by_email(client, "rosa@example.org")
    assert mail.outbox[-1].subject == "Recibimos su solicitud: Reunión de vecinos"
    assert "miércoles 9 de junio de 2027" in mail.outbox[-1].body

    staff = verified(UserFactory(roles=[NEIGHBORHOOD_SERVICES]))
    with translation.override("en"):
        decisions.decline_request(request, by=staff, reason="Todos los agentes están ocupados.")

    declined = mail.outbox[-1]
    assert declined.subject == "Su solicitud “Reunión de vecinos”: Rechazado"
    assert "No podemos aceptar esta solicitud." in declined.body
    assert all(reads_in_spanish(message) for message in mail.outbox)


def test_an_english_request_stays_english_when_staff_work_in_spanish():
    request = PresentationRequestFactory(title="Watch meeting", language="en")
    staff = verified(UserFactory(roles=[NEIGHBORHOOD_SERVICES]))

    with translation.override("es"):
        decisions.decline_request(request, by=staff, reason="Every officer is busy.")

    assert mail.outbox[-1].subject == 'Your request "Watch meeting": Declined'


def test_registrations_keep_their_language_through_cancellation_and_promotion():
    event = EventFactory(title="Foro vecinal", capacity=1)
    confirmed = RegistrationFactory(event=event, language="es")
    waiting = RegistrationFactory(event=event, language="es", status=Registration.Status.WAITLISTED)
    staff = verified(UserFactory(roles=[EVENT_COORDINATORS]))

    with translation.override("en"):
        cancel_registration(confirmed, by=staff)

    cancelled, promoted = mail.outbox[-2:]
    assert (cancelled.to, promoted.to) == ([confirmed.email], [waiting.email])
    assert cancelled.subject == "Inscripción cancelada: Foro vecinal"
    assert promoted.subject == "Se abrió un lugar para usted: Foro vecinal"
    assert reads_in_spanish(cancelled) and reads_in_spanish(promoted)


def test_each_registrant_hears_of_a_cancelled_event_in_their_own_language():
    event = EventFactory(title="Foro vecinal")
    RegistrationFactory(event=event, language="es", email="ana@example.org")
    RegistrationFactory(event=event, language="en", email="joe@example.org")
    staff = verified(UserFactory(roles=[EVENT_COORDINATORS]))

    with translation.override("en"):
        cancel_event(event, reason="Lluvia", by=staff)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Lo sentimos: este evento se canceló." in by_address["ana@example.org"].body
    assert "We are sorry: this event is cancelled." in by_address["joe@example.org"].body
    assert reads_in_spanish(by_address["ana@example.org"])


def test_a_block_party_host_hears_the_decision_in_spanish():
    party = BlockPartyFactory(language="es", year=2027, date=datetime.date(2027, 8, 3))
    staff = verified(UserFactory(roles=[EVENT_COORDINATORS]))

    with translation.override("en"):
        decide_block_party(party, BlockParty.Status.APPROVED, by=staff)

    assert mail.outbox[-1].subject == "Su fiesta vecinal está aprobada"
    assert "martes 3 de agosto de 2027" in mail.outbox[-1].body
    assert reads_in_spanish(mail.outbox[-1])


def test_a_pal_family_hears_the_waitlist_promotion_and_the_decision_in_spanish():
    term = SummerTermFactory(name="Verano 2027", capacity=1)
    first = EnrollmentFactory(term=term, language="es")
    waiting = EnrollmentFactory(term=term, language="es", status=Enrollment.Status.WAITLISTED)
    staff = verified(UserFactory(roles=[PAL_STAFF]))

    with translation.override("en"):
        withdraw_enrollment(first, by=staff)
        waiting.refresh_from_db()
        accept_enrollment(waiting, by=staff)

    promoted, accepted = mail.outbox[-2:]
    assert promoted.to == accepted.to == [waiting.guardian.email]
    assert promoted.subject == "PAL: se abrió un lugar para su hijo o hija"
    assert accepted.subject == f"PAL aceptó a {waiting.first_name}"
    assert reads_in_spanish(promoted) and reads_in_spanish(accepted)
