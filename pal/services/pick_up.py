"""The family's pick-up list: who may collect the child (status link)."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from pal.errors import EnrollmentError
from pal.models import Enrollment, PickUpPerson
from pasadena_pd.models import RecordActivity
from pasadena_pd.workflow import record_activity


def _check_pick_up_list_open(enrollment: Enrollment) -> None:
    if enrollment.anonymised_at or enrollment.status in (
        Enrollment.Status.DECLINED,
        Enrollment.Status.WITHDRAWN,
    ):
        raise EnrollmentError(_("This application is closed: its pick-up list cannot change."))


@sensitive_variables("name", "relationship", "phone")
def add_pick_up_person(
    enrollment: Enrollment, *, name: str, relationship: str, phone: str
) -> PickUpPerson:
    """The family (status link) allows someone to collect the child; dated in the record's
    activity (staff see it in the admin)."""
    _check_pick_up_list_open(enrollment)
    with transaction.atomic():
        person = PickUpPerson.objects.create(
            enrollment=enrollment, name=name, relationship=relationship, phone=phone
        )
        record_activity(
            enrollment,
            RecordActivity.Kind.NOTE,
            actor_label="guardian",
            detail=_("Pick-up list: added %(person)s, %(phone)s")
            % {"person": person, "phone": phone},
        )
    return person


def remove_pick_up_person(enrollment: Enrollment, person_pk: int) -> None:
    """The family takes someone off the list; dated in the record's activity."""
    _check_pick_up_list_open(enrollment)
    with transaction.atomic():
        person = enrollment.pick_up_people.select_for_update().filter(pk=person_pk).first()
        if person is None:
            return  # already removed (a second click)
        person.delete()
        record_activity(
            enrollment,
            RecordActivity.Kind.NOTE,
            actor_label="guardian",
            detail=_("Pick-up list: removed %(person)s") % {"person": person},
        )
