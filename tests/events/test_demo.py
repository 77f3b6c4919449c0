import pytest
from django.core import mail
from django.utils import timezone

from events import demo
from events.models import BlockParty, Event, EventSession, Registration
from outreach import demo as outreach_demo

pytestmark = pytest.mark.django_db


def counts():
    return (
        Event.objects.count(),
        EventSession.objects.count(),
        Registration.objects.count(),
        BlockParty.objects.count(),
    )


def test_the_demo_has_what_the_issue_asks_for_and_is_idempotent():
    outreach_demo.seed()
    demo.seed()
    first = counts()
    demo.seed()
    assert counts() == first
    assert mail.outbox == []

    this_year = timezone.localdate().year
    kickoffs = Event.objects.of_kind(Event.Kind.NNO_KICKOFF)
    assert sorted(e.starts_at.year for e in kickoffs) == [this_year, this_year + 1]
    night_in = Event.objects.get(kind=Event.Kind.NATIONAL_NIGHT_IN)
    assert night_in.capacity <= 10 and night_in.webinar_id
    meetings = Event.objects.of_kind(Event.Kind.NEIGHBORHOOD_WATCH).exclude(join_url="")
    assert meetings.count() == 2
    academy = Event.objects.get(kind=Event.Kind.ACADEMY)
    assert academy.sessions.count() == 8
    assert BlockParty.objects.approved().filter(year=this_year + 1).count() >= 3
