"""Every public form of the site, with a valid submission, for the cross-app security tests.

Each builder makes what the form needs in the database and returns a PublicForm. Add a
builder here when an app adds a public form: the fuzzing, honeypot, rate-limit and history
tests then cover it.
"""

import re
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class PublicForm:
    name: str
    url: str
    valid: dict
    model: type  # the record a successful submission creates
    extra_fields: tuple[str, ...] = ()
    # Path of the created record's cancel/withdraw POST, from its private page's path.
    cancel_suffix: str = "cancel/"
    # The private page's link comes by email only (the answer must not reveal it).
    private_link_by_email: bool = False

    def private_page(self, response) -> str:
        """The path of the private page of what `response`'s submission created."""
        if not self.private_link_by_email:
            return response["Location"]
        from django.core import mail

        return re.search(r"https?://[^/\s]+(/\S+/)", mail.outbox[-1].body).group(1)

    @property
    def fields(self) -> tuple[str, ...]:
        return (*self.valid, *self.extra_fields, "website")


def presentation_request() -> PublicForm:
    from outreach.models import PresentationRequest
    from tests.factories import AreaFactory, SpecialistFactory
    from tests.outreach.factories import next_weekday, request_form_data

    SpecialistFactory(area=AreaFactory(name="Central", slug="central"))
    valid = request_form_data(next_weekday(25))
    return PublicForm(
        "presentation request",
        "/outreach/request/",
        valid,
        PresentationRequest,
        ("resources",),
        private_link_by_email=True,
    )


def event_registration() -> PublicForm:
    from events.models import Registration
    from tests.events.factories import EventFactory

    event = EventFactory(slug="watch-meeting", capacity=3)
    valid = {"name": "Sam Resident", "email": "sam@example.org", "phone": "", "party_size": "1"}
    return PublicForm(
        "event registration",
        f"/events/{event.slug}/register/",
        valid,
        Registration,
        private_link_by_email=True,
    )


def block_party() -> PublicForm:
    from events.models import BlockParty
    from events.selectors import national_night_out, upcoming_nno_year
    from tests.factories import AreaFactory

    area = AreaFactory(name="Northwest", slug="northwest")
    night = national_night_out(upcoming_nno_year(timezone.localdate()))
    valid = {
        "host_name": "Grace Kim",
        "host_email": "grace@example.org",
        "host_phone": "626-555-0142",
        "street_address": "1220 Navarro Ave",
        "street_name": "Navarro Ave",
        "area": str(area.pk),
        "date": night.isoformat(),
        "start_time": "17:00",
        "end_time": "21:00",
        "expected_attendance": "40",
        "wants_officer_visit": "on",
    }
    return PublicForm(
        "block party",
        "/events/national-night-out/block-party/",
        valid,
        BlockParty,
        ("wants_fire_engine", "wants_bicycle_registration", "notes"),
        private_link_by_email=True,
    )


def pal_enrollment() -> PublicForm:
    from pal.models import Enrollment
    from tests.pal.factories import ProgramTermFactory, enrollment_post_data

    valid = enrollment_post_data(ProgramTermFactory())
    valid.pop("website")
    return PublicForm(
        "PAL enrollment",
        "/pal/enroll/",
        valid,
        Enrollment,
        ("activities", "needs_transportation", "campus", "consent_transportation"),
        cancel_suffix="withdraw/",
        private_link_by_email=True,
    )


ALL = [presentation_request, event_registration, block_party, pal_enrollment]
