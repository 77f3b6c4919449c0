"""The registrations list in the admin: its event filter and its rows."""

import re

import pytest
from django.contrib import admin

from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory, in_days, local_datetime

pytestmark = pytest.mark.django_db


def test_the_registration_lists_event_filter_offers_the_events_with_registrations(
    coordinator_client,
):
    first = EventFactory(title="Coffee with a cop", starts_at=local_datetime(in_days(3), 9))
    later = EventFactory(title="Academy <night>", starts_at=local_datetime(in_days(9), 18))
    nobody = EventFactory(title="Empty meeting")
    RegistrationFactory(event=later, name="Ana Ruiz")
    RegistrationFactory(event=first, name="Ben Ode")

    page = coordinator_client.get("/admin/events/registration/").content.decode()

    offered = re.findall(r'<a href="\?event__id__exact=(\d+)">([^<]*)</a>', page)
    assert offered == [
        (str(first.pk), "Coffee with a cop"),
        (str(later.pk), "Academy &lt;night&gt;"),
    ]
    assert "Empty meeting" not in page
    assert str(nobody) == "Empty meeting"  # the filter's label is the event's str()


def test_filtering_registrations_by_event_lists_that_events_registrations(coordinator_client):
    event, other = EventFactory(), EventFactory()
    RegistrationFactory(event=event, name="Ana Ruiz")
    RegistrationFactory(event=other, name="Ben Ode")

    page = coordinator_client.get(
        f"/admin/events/registration/?event__id__exact={event.pk}"
    ).content.decode()

    assert "Ana Ruiz" in page
    assert "Ben Ode" not in page
    assert f'<li class="selected">\n    <a href="?event__id__exact={event.pk}">' in page


def test_an_event_asked_for_without_registrations_stays_offered_and_marked(coordinator_client):
    RegistrationFactory(event=EventFactory(title="Busy meeting"))
    quiet = EventFactory(title="Quiet meeting")

    page = coordinator_client.get(
        f"/admin/events/registration/?event__id__exact={quiet.pk}"
    ).content.decode()

    assert (
        f'<li class="selected">\n    <a href="?event__id__exact={quiet.pk}">Quiet meeting</a>'
        in page
    )
    assert "0 registrations" in page


@pytest.mark.parametrize("query", ["", "?status=waitlisted", "?o=-3.1"])
def test_the_registration_lists_rows_are_the_html_django_writes(rf, admin_user, query):

    from django.contrib.admin.templatetags.admin_list import items_for_result

    from pasadena_pd.admin_rows import quick_rows

    event = EventFactory(title="<b>Academy</b> & friends", capacity=1)
    RegistrationFactory(event=event, name="Ana <Ruiz>")
    RegistrationFactory.create_batch(2, event=event, status="waitlisted")
    model_admin = admin.site._registry[Registration]
    request = rf.get("/admin/events/registration/" + query)
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)

    quick = ["".join(row) for row in quick_rows(changelist)]
    django = ["".join(items_for_result(changelist, row, None)) for row in changelist.result_list]

    assert quick == django
    assert len(quick) == (2 if query == "?status=waitlisted" else 3)


def test_the_registration_lists_checkbox_is_the_one_django_renders():

    model_admin = admin.site._registry[Registration]
    registration = RegistrationFactory(name="Ana <Ruiz>", event=EventFactory(title="A & B"))

    quick = model_admin.action_checkbox(registration)

    assert quick == admin.ModelAdmin.action_checkbox(model_admin, registration)
