"""The events list in the admin: its rows and its places and waitlist counts."""

import pytest
from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import items_for_result

from events.models import Event
from pasadena_pd.admin_rows import quick_rows
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def test_the_events_list_counts_confirmed_people_and_the_waitlist(coordinator_client):
    event = EventFactory(title="Coffee with a cop", capacity=5)
    RegistrationFactory(event=event, party_size=3)
    RegistrationFactory(event=event, party_size=2)
    RegistrationFactory.create_batch(2, event=event, party_size=4, status="waitlisted")
    RegistrationFactory(event=event, party_size=1, status="cancelled")
    EventFactory(title="Quiet meeting")

    page = coordinator_client.get("/admin/events/event/").content.decode()
    by_title = {
        row.title: row
        for row in coordinator_client.get("/admin/events/event/").context["cl"].result_list
    }

    assert (
        by_title["Coffee with a cop"].confirmed_people,
        by_title["Coffee with a cop"].waitlist_count,
    ) == (5, 2)
    assert (
        by_title["Quiet meeting"].confirmed_people,
        by_title["Quiet meeting"].waitlist_count,
    ) == (0, 0)
    assert '<td class="field-confirmed_people">5</td><td class="field-waitlisted">2</td>' in page


def test_the_events_list_sorts_by_confirmed_people(coordinator_client):
    EventFactory(title="Quiet")
    RegistrationFactory(event=EventFactory(title="Busy"), party_size=4)

    by_date = coordinator_client.get("/admin/events/event/").content.decode()
    by_people = coordinator_client.get("/admin/events/event/?o=-6").content.decode()

    assert by_date.index(">Quiet</a>") < by_date.index(">Busy</a>")
    assert by_people.index(">Busy</a>") < by_people.index(">Quiet</a>")


@pytest.mark.parametrize("query", ["", "?o=-6", "?published__exact=1"])
def test_the_events_lists_rows_are_the_html_django_writes(rf, admin_user, query):
    event = EventFactory(title="<b>Academy</b> & friends", capacity=1)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status="waitlisted")
    EventFactory(title="Unpublished", published=False)
    model_admin = admin.site._registry[Event]
    request = rf.get("/admin/events/event/" + query)
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)

    quick = ["".join(row) for row in quick_rows(changelist)]
    django = ["".join(items_for_result(changelist, row, None)) for row in changelist.result_list]

    assert quick == django
    assert len(quick) == (1 if query == "?published__exact=1" else 2)
