import pytest
from django.core.management import call_command

from outreach.models import PresentationRequest

pytestmark = pytest.mark.django_db


def test_demo_has_requests_in_every_state_and_is_idempotent():
    call_command("seed_demo")
    states = set(PresentationRequest.objects.values_list("status", flat=True))
    count = PresentationRequest.objects.count()
    call_command("seed_demo")
    assert states == set(PresentationRequest.Status.values)
    assert PresentationRequest.objects.count() == count


def test_demo_weekend_requests_that_are_scheduled_were_approved():
    call_command("seed_demo")
    for request in PresentationRequest.objects.filter(status__in=["scheduled", "completed"]):
        assert not request.is_weekend or request.supervisor_approved_at is not None
