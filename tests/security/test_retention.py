"""Issue 14, gap 7: `manage.py apply_retention` over three years of data (June 2024 to May
2027, run on 12 May 2027 with the default settings: 24, 6 and 12 months)."""

import datetime
import io

import pytest
from django.core.management import call_command

from events.models import BlockParty, Registration
from outreach.models import PresentationRequest
from pal.models import EmergencyContact, Enrollment, GradeRecord, Guardian, PickUpPerson
from pasadena_pd.models import RetentionRun
from tests.clock import moment
from tests.events.factories import BlockPartyFactory, EventFactory, RegistrationFactory
from tests.outreach.factories import PresentationRequestFactory
from tests.pal.factories import (
    EnrollmentFactory,
    GradingPeriodFactory,
    GuardianFactory,
    ProgramTermFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _term(name, start, end):
    opens = start - datetime.timedelta(days=60)
    return ProgramTermFactory(
        name=name, start_date=start, end_date=end, enrollment_opens=opens, enrollment_closes=start
    )


def _child(term, first_name, guardian, status="accepted", decided=None):
    enrollment = EnrollmentFactory(
        term=term,
        guardian=guardian,
        first_name=first_name,
        last_name="Rivera",
        date_of_birth=D(2013, 4, 9),
        status=status,
        allergies_medical="Peanuts",
    )
    EmergencyContact.objects.create(
        enrollment=enrollment, name=f"Contact of {first_name}", relationship="Aunt", phone="1"
    )
    PickUpPerson.objects.create(
        enrollment=enrollment, name=f"Collector of {first_name}", relationship="Aunt", phone="2"
    )
    if decided:
        Enrollment.objects.filter(pk=enrollment.pk).update(updated_at=moment(decided))
    return enrollment


@pytest.fixture
def three_years(today):
    today("2027-05-12")
    summer_2024 = _term("Summer 2024", D(2024, 6, 17), D(2024, 8, 9))
    year_2024 = _term("School year 2024-2025", D(2024, 8, 26), D(2025, 5, 23))
    year_2025 = _term("School year 2025-2026", D(2025, 8, 25), D(2026, 5, 22))
    year_2026 = _term("School year 2026-2027", D(2026, 8, 24), D(2027, 5, 21))
    ada_family, ben_family, cruz_family, dee_family = (GuardianFactory() for _ in range(4))
    data = {
        # Ada's only term ended in Aug 2024: more than 24 months ago.
        "ada": _child(summer_2024, "Ada", ada_family),
        # Ben was a member in 2024 and is one again now: his old record stays too.
        "ben_2024": _child(summer_2024, "Ben", ben_family),
        "ben_now": _child(year_2026, "Ben", ben_family),
        # Cruz's last term ended 23 May 2025: not yet 24 months.
        "cruz": _child(year_2024, "Cruz", cruz_family),
        # Dee was declined in Sept 2025 (> 6 months), Eve withdrew in Dec 2026 (< 6 months).
        "dee": _child(year_2025, "Dee", dee_family, "declined", "2025-09-01"),
        "eve": _child(year_2026, "Eve", ben_family, "withdrawn", "2026-12-01"),
    }
    period = GradingPeriodFactory(term=summer_2024, starts_on=D(2024, 6, 17))
    GradeRecord.objects.create(enrollment=data["ada"], period=period, gpa="3.40")
    old_event = EventFactory(
        starts_at=moment("2025-06-01 18:00"), ends_at=moment("2025-06-01 19:00")
    )
    new_event = EventFactory(
        starts_at=moment("2026-08-04 18:00"), ends_at=moment("2026-08-04 19:00")
    )
    data["old_registration"] = RegistrationFactory(event=old_event, party_size=3)
    data["new_registration"] = RegistrationFactory(event=new_event)
    data["old_party"] = BlockPartyFactory(year=2025)
    data["new_party"] = BlockPartyFactory(year=2026)
    data["old_request"] = PresentationRequestFactory(date=D(2025, 3, 10))
    data["new_request"] = PresentationRequestFactory(date=D(2026, 9, 15))
    return data


def _run(*args):
    out = io.StringIO()
    call_command("apply_retention", *args, stdout=out)
    return out.getvalue()


def test_dry_run_prints_the_counts_and_changes_nothing(three_years):
    printed = _run("--dry-run")

    assert "pal.members_anonymised: 1" in printed
    assert "events.hosts_anonymised: 1" in printed
    assert Enrollment.objects.filter(anonymised_at__isnull=False).count() == 0
    assert Enrollment.objects.filter(first_name="Ada").exists()
    assert RetentionRun.objects.count() == 0


def test_what_is_anonymised_and_what_is_kept_over_three_years(three_years):
    data = three_years
    gpas_before = list(GradeRecord.objects.values_list("enrollment_id", "gpa"))

    _run()

    anonymised = {
        name for name, obj in data.items() if type(obj).objects.get(pk=obj.pk).anonymised_at
    }
    assert anonymised == {"ada", "dee", "old_registration", "old_party", "old_request"}

    ada = Enrollment.objects.get(pk=data["ada"].pk)
    assert (ada.first_name, ada.school, ada.allergies_medical, ada.signature) == (
        "Anonymised",
        "",
        "",
        "",
    )
    assert ada.date_of_birth == D(2013, 1, 1)  # the year stays, for age bands
    assert ada.token != data["ada"].token  # the old private link is dead
    assert (ada.term_id, ada.status, ada.grade) == (data["ada"].term_id, "accepted", 6)
    assert list(GradeRecord.objects.values_list("enrollment_id", "gpa")) == gpas_before
    assert not EmergencyContact.objects.filter(enrollment__in=[data["ada"], data["dee"]]).exists()
    assert EmergencyContact.objects.filter(enrollment=data["ben_2024"]).exists()
    assert not PickUpPerson.objects.filter(enrollment__in=[data["ada"], data["dee"]]).exists()
    assert PickUpPerson.objects.filter(enrollment=data["ben_now"]).exists()

    # Ada's and Dee's families are gone; Ben's (also Eve's) and Cruz's stay.
    guardians = {g.pk: g for g in Guardian.objects.all()}
    assert guardians[data["ada"].guardian_id].name == "Anonymised"
    assert guardians[data["ada"].guardian_id].email.endswith("@example.invalid")
    assert guardians[data["dee"].guardian_id].phone == ""
    assert guardians[data["ben_now"].guardian_id].anonymised_at is None
    assert guardians[data["cruz"].guardian_id].anonymised_at is None

    old = Registration.objects.get(pk=data["old_registration"].pk)
    assert (old.name, old.phone, old.party_size) == ("Anonymised", "", 3)
    party = BlockParty.objects.get(pk=data["old_party"].pk)
    assert (party.host_name, party.host_phone, party.street_address) == (
        "Anonymised",
        "",
        "Navarro Ave",
    )
    request = PresentationRequest.objects.get(pk=data["old_request"].pk)
    assert (request.contact_name, request.contact_phone) == ("Anonymised", "")
    assert request.date == D(2025, 3, 10) and request.expected_attendance == 30

    run = RetentionRun.objects.get()
    assert run.counts == {
        "pal.unconfirmed_applications_deleted": 0,
        "pal.members_anonymised": 1,
        "pal.closed_applications_anonymised": 1,
        "pal.guardians_anonymised": 2,
        "outreach.unconfirmed_requests_deleted": 0,
        "outreach.requesters_anonymised": 1,
        "events.unconfirmed_registrations_deleted": 0,
        "events.unconfirmed_block_parties_deleted": 0,
        "events.registrants_anonymised": 1,
        "events.hosts_anonymised": 1,
    }


def test_a_second_run_the_same_day_changes_nothing(three_years):
    _run()
    printed = _run()

    assert "pal.members_anonymised: 0" in printed
    assert sum(RetentionRun.objects.first().counts.values()) == 0
    assert RetentionRun.objects.count() == 2
