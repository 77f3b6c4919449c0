import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event, Registration
from tests.events.factories import (
    EventFactory,
    EventSessionFactory,
    OnlineEventFactory,
    RegistrationFactory,
    in_days,
    local_datetime,
)
from tests.factories import AreaFactory
from tests.mail_links import confirm_by_email, emailed_link

pytestmark = pytest.mark.django_db


def test_the_list_shows_upcoming_published_events_soonest_first(client):
    later = EventFactory(title="Later meeting", starts_at=local_datetime(in_days(20), 18))
    sooner = EventFactory(title="Sooner meeting", starts_at=local_datetime(in_days(5), 18))
    EventFactory(title="Draft meeting", published=False)
    EventFactory(
        title="Old meeting",
        starts_at=local_datetime(in_days(-5), 18),
        ends_at=local_datetime(in_days(-5), 19),
    )
    response = client.get("/events/")
    assert list(response.context["events"]) == [sooner, later]
    assert "Draft meeting" not in response.content.decode()


def test_the_list_filters_by_kind_and_area(client):
    area = AreaFactory(slug="northwest", name="Northwest")
    wanted = EventFactory(kind=Event.Kind.BUSINESS_WATCH, area=area)
    EventFactory(kind=Event.Kind.BUSINESS_WATCH)
    EventFactory(kind=Event.Kind.ACADEMY, area=area)
    response = client.get("/events/", {"kind": "business_watch", "area": "northwest"})
    assert list(response.context["events"]) == [wanted]


@pytest.mark.parametrize(
    "query", ["?kind=nonsense", "?area=nowhere", "?page=abc", "?page=999", "?page=-1"]
)
def test_bad_filters_and_pages_never_fail(client, query):
    EventFactory(title="Still listed")
    response = client.get("/events/" + query)
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()


def test_the_list_paginates(client):
    EventFactory.create_batch(12)
    first = client.get("/events/")
    second = client.get("/events/?page=2")
    assert len(first.context["events"]) == 10
    assert len(second.context["events"]) == 2
    assert "Page 2 of 2" in second.content.decode()


def test_the_list_query_count_stays_flat(client, django_assert_max_num_queries):
    EventFactory.create_batch(3, area=AreaFactory())
    with django_assert_max_num_queries(6):
        client.get("/events/")


def test_the_archive_lists_past_events(client):
    past = EventFactory(
        starts_at=local_datetime(in_days(-5), 18), ends_at=local_datetime(in_days(-5), 19)
    )
    EventFactory()
    response = client.get("/events/archive/")
    assert list(response.context["events"]) == [past]


def test_the_calendar_shows_the_month(client):
    event = EventFactory(title="Night In", starts_at=local_datetime(datetime.date(2027, 3, 9), 17))
    response = client.get("/events/calendar/?month=2027-03")
    html = response.content.decode()
    assert "Events in March 2027" in html
    assert html.count("Night In") == 2  # the grid and the phone list
    assert response.context["days_with_events"][0][0] == datetime.date(2027, 3, 9)
    assert event.get_absolute_url() in html


def test_the_calendar_marks_a_cancelled_event_and_escapes_titles(client):
    day = datetime.date(2027, 3, 9)
    event = EventFactory(title="Tea & <talk>", starts_at=local_datetime(day, 17))
    EventFactory(
        title="Called off",
        starts_at=local_datetime(day, 19),
        status="cancelled",
        cancellation_reason="Rain",
    )

    html = client.get("/events/calendar/?month=2027-03").content.decode()

    url = event.get_absolute_url()
    assert (
        f'<a class="calendar-entry d-block" href="{url}">5 p.m. Tea &amp; &lt;talk&gt;</a>' in html
    )
    assert f'<li><a href="{url}">5 p.m. Tea &amp; &lt;talk&gt;</a></li>' in html
    assert 'class="calendar-entry d-block event-cancelled"' in html
    assert '7 p.m. Called off</a> <span class="badge text-bg-danger">Cancelled</span></li>' in html


def test_the_calendar_shows_each_session_of_a_series(client):
    first = datetime.date(2027, 3, 2)
    academy = EventFactory(
        kind=Event.Kind.ACADEMY,
        starts_at=local_datetime(first, 18),
        ends_at=local_datetime(first + datetime.timedelta(weeks=1), 21),
    )
    for week in range(2):
        day = first + datetime.timedelta(weeks=week)
        EventSessionFactory(
            event=academy, starts_at=local_datetime(day, 18), ends_at=local_datetime(day, 21)
        )
    response = client.get("/events/calendar/?month=2027-03")
    assert [day for day, _ in response.context["days_with_events"]] == [
        first,
        first + datetime.timedelta(weeks=1),
    ]


@pytest.mark.parametrize("month", ["2027-13", "abc", "0000-01", "2027-1", "9" * 50])
def test_a_bad_month_shows_the_current_month_with_a_message(client, month):
    response = client.get("/events/calendar/", {"month": month})
    assert response.status_code == 200
    assert "We could not read that month" in response.content.decode()
    today = timezone.localdate()
    assert (response.context["month"].year, response.context["month"].month) == (
        today.year,
        today.month,
    )


def test_the_event_page_hides_online_join_details(client):
    event = OnlineEventFactory(capacity=10, directions="Sign in ten minutes early.")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Sign in ten minutes early." in html
    assert "827 0000 0699" not in html
    assert "meet.example.org" not in html
    assert "(669) 555-0100" not in html
    assert f"/events/{event.slug}.ics" in html
    assert "10 places left." in html


def test_an_unpublished_event_is_not_found(client):
    event = EventFactory(published=False)
    assert client.get(event.get_absolute_url()).status_code == 404


def post_registration(client, event, **data):
    payload = {"name": "Ana Lopez", "email": "ana@example.org", "party_size": "1", **data}
    return client.post(f"/events/{event.slug}/register/", payload)


def test_registering_sends_the_private_link_by_email(client):
    event = OnlineEventFactory(capacity=10)
    response = post_registration(client, event, party_size="2")
    registration = Registration.objects.get()
    assert response.url == f"/events/{event.slug}/register/sent/"
    assert registration.party_size == 2
    assert emailed_link("ana@example.org") == f"/events/registrations/{registration.token}/"
    page = client.get(response.url).text
    assert "check your email" in page and registration.token not in page


def test_registering_twice_saves_nothing_new_and_emails_the_link_again(client):
    event = EventFactory()
    post_registration(client, event)
    response = post_registration(client, event, email="ANA@example.org")
    assert response.url == f"/events/{event.slug}/register/sent/"
    assert Registration.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["ana@example.org"], ["ana@example.org"]]
    page = client.get(response.url).text
    assert "already" not in page and Registration.objects.get().token not in page


def test_the_sent_page_of_an_unpublished_event_is_not_found(client):
    event = EventFactory(published=False)
    assert client.get(f"/events/{event.slug}/register/sent/").status_code == 404


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"party_size": "0"}, "greater than or equal to 1"),
        ({"party_size": "500"}, "less than or equal to 4"),
        ({"party_size": "lots"}, "Enter a whole number."),
        ({"name": ""}, "This field is required."),
        ({"phone": "call me maybe"}, "Enter a phone number"),
    ],
)
def test_bad_registration_input_shows_inline_errors(client, data, message):
    event = EventFactory(max_party_size=4)
    response = post_registration(client, event, **data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_the_honeypot_refuses_bots(client):
    event = EventFactory()
    response = post_registration(client, event, website="http://spam.example")
    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_registration_for_a_cancelled_event_says_so(client):
    event = EventFactory(status="cancelled", cancellation_reason="Storm warning")
    response = post_registration(client, event)
    assert response.url == event.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert "Storm warning" in page
    assert "This event has been cancelled." in page
    assert not Registration.objects.exists()


def test_registration_after_closing_says_so(client):
    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now - datetime.timedelta(days=5),
        registration_closes_at=now - datetime.timedelta(minutes=1),
    )
    response = post_registration(client, event)
    assert response.status_code == 302
    assert "Registration for this event has closed." in client.get(response.url).content.decode()


def test_registration_is_rate_limited(client, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    event = EventFactory()
    post_registration(client, event)
    response = post_registration(client, event, email="other@example.org")
    assert response.status_code == 429
    assert 'value="other@example.org"' in response.content.decode()
    assert Registration.objects.count() == 1


def test_an_incomplete_registration_does_not_count_towards_the_limit(client, settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    event = EventFactory()
    for _ in range(3):
        client.post(f"/events/{event.slug}/register/", {"name": "Ana"})
    assert post_registration(client, event).status_code == 302
    assert Registration.objects.count() == 1


def test_get_on_the_register_url_is_refused(client):
    event = EventFactory()
    assert client.get(f"/events/{event.slug}/register/").status_code == 405


def test_a_full_event_offers_the_waitlist(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event is full" in html
    assert "Join the waitlist" in html


def test_the_home_page_teases_the_next_events(client):
    EventFactory(title="Coffee with a Cop")
    EventFactory(title="Hidden draft", published=False)
    html = client.get("/").content.decode()
    assert "Coffee with a Cop" in html
    assert "Hidden draft" not in html


def test_a_party_too_large_for_the_places_left_is_told_and_offered_fewer(client):
    # Issue 16, item 7: 5 people, 3 places left: never silently waitlisted.
    event = EventFactory(capacity=10, max_party_size=6)
    RegistrationFactory(event=event, party_size=7)

    response = post_registration(client, event, party_size="5")

    html = response.content.decode()
    assert response.status_code == 400
    assert "Only 3 places are left and your party is 5 people." in html
    assert '<button type="submit" name="fewer" value="3"' in html
    assert "Join the waitlist for all 5" in html
    assert Registration.objects.count() == 1


def test_the_registrant_takes_the_places_left(client):
    event = EventFactory(capacity=10, max_party_size=6)
    RegistrationFactory(event=event, party_size=7)

    post_registration(client, event, party_size="5", fewer="3")
    confirm_by_email(client, "ana@example.org")

    mine = Registration.objects.get(email="ana@example.org")
    assert (mine.party_size, mine.status) == (3, Registration.Status.CONFIRMED)


def test_the_registrant_chooses_the_waitlist_for_the_whole_party(client):
    event = EventFactory(capacity=10, max_party_size=6)
    RegistrationFactory(event=event, party_size=7)

    post_registration(client, event, party_size="5", waitlist="all")
    confirm_by_email(client, "ana@example.org")

    mine = Registration.objects.get(email="ana@example.org")
    assert (mine.party_size, mine.status) == (5, Registration.Status.WAITLISTED)


def test_the_list_says_how_many_places_are_left(client):
    # Issue 16, item 8.
    some = EventFactory(title="Some room", capacity=5)
    RegistrationFactory(event=some, party_size=2)
    full = EventFactory(title="No room", capacity=1)
    RegistrationFactory(event=full)
    EventFactory(title="Open to all", capacity=None)

    html = client.get("/events/").content.decode()

    assert "3 places left" in html
    assert "Full — join the waitlist" in html
    assert html.count('class="mb-0 mt-1 fw-semibold places-left"') == 2


def test_one_person_per_registration_is_said_plainly(client):
    event = EventFactory(max_party_size=1)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Just you: one person per registration." in html
    assert "Up to 1 people" not in html
