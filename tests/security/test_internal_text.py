"""Issue 14, gap 6: staff's internal text never reaches a public page or feed, and the admin
says which fields are published. Before the fix a major event had one "notes" field, printed
in the public /calendar/major-events.ics ("INTERNAL: 40 officers...")."""

import datetime
import io

import pytest
from django.apps import apps
from django.core.management import call_command

from events.models import NationalNightOutDate
from pal.models import AdvisorNote, Enrollment
from tests.factories import MajorEventFactory
from tests.pal.factories import MemberFactory
from tests.security.privacy import ENTRY_POINTS, crawl_public_site

pytestmark = pytest.mark.django_db

MARKER = "INTERNAL-ONLY-7f3a"
# Every field where staff write text that is not published: "app_label.Model": [fields].
INTERNAL_TEXT = {
    "outreach.MajorEvent": ["internal_note"],
    "events.NationalNightOutDate": ["reason"],
    "pal.AdvisorNote": ["note"],
    "outreach.PresentationRequest": ["exception_reason", "decline_reason"],
    "pasadena_pd.StateChange": ["reason"],
}
PUBLIC_FEEDS = ["/calendar/", "/calendar/events.ics", "/calendar/major-events.ics"]


@pytest.fixture
def marked_site(settings, today):
    """The demo data, one major event with both notes, and the marker in every internal field."""
    settings.PUBLIC_FORM_RATE = "0"
    day = today("2027-05-12")
    call_command("seed_demo", stdout=io.StringIO())
    MajorEventFactory(
        name="Rose Parade rehearsal",
        start_date=day + datetime.timedelta(days=10),
        end_date=day + datetime.timedelta(days=10),
        public_note="Road closures on Colorado Blvd.",
        internal_note=f"{MARKER}: 40 officers on overtime",
    )
    # The demo data has none of these: one each, so that no internal field goes untested.
    NationalNightOutDate.objects.create(year=2031, date=datetime.date(2031, 8, 12), reason="x")
    member = Enrollment.objects.members().first() or MemberFactory()
    AdvisorNote.objects.create(enrollment=member, kind="tutoring", date=day, note="x")
    marked = {}
    for label, fields in INTERNAL_TEXT.items():
        model = apps.get_model(label)
        marked[label] = model.objects.update(**dict.fromkeys(fields, MARKER))
    return marked


def test_no_internal_field_reaches_a_public_page_or_feed(client, marked_site):
    assert all(count >= 1 for count in marked_site.values()), marked_site

    pages = crawl_public_site(client, [*ENTRY_POINTS, *PUBLIC_FEEDS])

    assert "Road closures on Colorado Blvd." in pages["/calendar/major-events.ics"]
    assert sum(path.endswith(".ics") for path in pages) >= 3
    assert [path for path, body in pages.items() if MARKER in body] == []


def test_the_admin_says_which_fields_are_shown_to_the_public(admin_client):
    page = admin_client.get("/admin/outreach/majorevent/add/").content.decode()

    public_note = page.split('id="id_public_note"', 1)[1].split('id="id_internal_note"', 1)[0]
    internal_note = page.split('id="id_internal_note"', 1)[1]
    assert "Shown to the public" in public_note
    assert "Staff only: never shown on a public page or feed" in internal_note
    assert "Shown to the public" in admin_client.get("/admin/events/event/add/").content.decode()
