import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from outreach.models import PresentationRequest, ResourceBooking
from tests.factories import MajorEventFactory
from tests.mail_links import confirm_by_email, emailed_link
from tests.outreach.factories import next_weekday, request_form_data

pytestmark = pytest.mark.django_db
URL = "/outreach/request/"


def rules_shown(response):
    return re.findall(r'data-rule="([a-z_]+)"', response.content.decode())


def test_form_shows_the_rules_and_coming_blackout_days(client, area, special_resources):
    response = client.get(URL, {"area": "central"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "14 days ahead" in page
    assert "Helicopter flyover" in page
    assert re.search(r'<option value="central" selected', page)
    assert "no-store" in response["Cache-Control"]
    assert response.context["blackouts"] == sorted(
        response.context["blackouts"], key=lambda b: b.first_day
    )


def test_notice_too_short_is_refused_with_next_dates(client, area, special_resources):
    day = next_weekday(5)
    response = client.post(URL, request_form_data(day))
    assert response.status_code == 200
    assert rules_shown(response) == ["min_notice"]
    offered = re.findall(r'name="refill_date" value="([0-9-]+)"', response.content.decode())
    assert len(offered) == 3
    assert datetime.date.fromisoformat(offered[0]) >= timezone.localdate() + datetime.timedelta(
        days=14
    )
    assert PresentationRequest.objects.count() == 0
    assert mail.outbox == []


def test_major_event_conflict_names_the_event(client, area, special_resources):
    day = next_weekday(40)
    MajorEventFactory(name="Rose Bowl concert", start_date=day, end_date=day)
    response = client.post(URL, request_form_data(day))
    assert rules_shown(response) == ["major_event_conflict"]
    assert "Rose Bowl concert" in response.content.decode()


def test_weekend_too_soon_and_too_short_shows_both_rules(client, area, special_resources):
    day = next_weekday(20, weekend=True)
    response = client.post(URL, request_form_data(day, kind="block_party"))
    assert sorted(rules_shown(response)) == [
        "weekend_min_duration",
        "weekend_min_notice",
        "weekend_supervisor_approval",
    ]


def test_picking_an_offered_date_refills_the_form(client, area, special_resources):
    day, offered = next_weekday(5), next_weekday(20)
    response = client.post(URL, {**request_form_data(day), "refill_date": offered.isoformat()})
    assert response.status_code == 200
    assert f'value="{offered.isoformat()}"' in response.content.decode()
    assert 'value="Orange Grove Neighborhood Watch"' in response.content.decode()
    assert PresentationRequest.objects.count() == 0


def test_accepted_weekday_request_is_held_once_its_address_confirms(
    client, area, special_resources
):
    day = next_weekday(25)
    response = client.post(URL, request_form_data(day, resources=["k9"]))
    request = PresentationRequest.objects.get()
    assert response.status_code == 303
    assert response["Location"] == "/outreach/request/sent/"
    assert request.token not in client.get(response["Location"]).text
    assert request.status == "unconfirmed"
    assert not request.bookings.exists()  # nothing held before the address confirms
    assert len(mail.outbox) == 1
    assert request.token in mail.outbox[0].body
    assert mail.outbox[0].to == ["rosa@example.org"]

    confirm_by_email(client, "rosa@example.org")

    request.refresh_from_db()
    assert request.status == "pending_review"
    assert request.date == day
    assert [b.state for b in request.bookings.all()] == ["pending_preplanning"]
    assert "We received your request" in mail.outbox[-1].subject


def test_accepted_weekend_request_awaits_supervisor_approval(client, area, special_resources):
    day = next_weekday(35, weekend=True)
    client.post(
        URL, request_form_data(day, kind="block_party", start_time="12:00", end_time="16:00")
    )
    confirm_by_email(client, "rosa@example.org")
    assert PresentationRequest.objects.get().status == "awaiting_supervisor_approval"


def test_same_form_twice_makes_one_request(client, area, special_resources):
    data = request_form_data(next_weekday(25))
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert PresentationRequest.objects.count() == 1
    assert second.status_code == 303
    assert second["Location"] == first["Location"]
    assert len(mail.outbox) == 1


def test_last_unit_taken_is_refused_as_unavailable(client, area, special_resources):
    day = next_weekday(50)
    client.post(URL, request_form_data(day, resources=["helicopter"], submission_key="b" * 32))
    confirm_by_email(client, "rosa@example.org")
    response = client.post(
        URL, request_form_data(day, resources=["helicopter"], submission_key="c" * 32)
    )
    assert rules_shown(response) == ["resource_unavailable"]
    assert "Helicopter flyover" in response.content.decode()
    assert PresentationRequest.objects.count() == 1
    assert ResourceBooking.objects.count() == 1


def test_the_unit_goes_to_the_first_address_to_confirm(client, area, special_resources):
    day = next_weekday(50)
    client.post(URL, request_form_data(day, resources=["helicopter"], submission_key="b" * 32))
    client.post(
        URL,
        request_form_data(
            day, resources=["helicopter"], submission_key="c" * 32, contact_email="ben@example.org"
        ),
    )
    confirm_by_email(client, "ben@example.org")
    late = confirm_by_email(client, "rosa@example.org")

    page = client.get(late).text
    assert "Helicopter flyover" in page  # the reason, on the request's own page
    assert ResourceBooking.objects.get().request.contact_email == "ben@example.org"
    assert PresentationRequest.objects.get(contact_email="rosa@example.org").status == (
        "unconfirmed"
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"date": "2026-13-45"}, "date"),
        ({"date": "next tuesday"}, "date"),
        ({"date": "0001-01-01"}, "date"),
        ({"date": "9999-12-31"}, "date"),
        ({"start_time": "25:00"}, "start_time"),
        ({"end_time": "17:00"}, "end_time"),
        ({"end_time": "18:30"}, "end_time"),
        ({"expected_attendance": "0"}, "expected_attendance"),
        ({"expected_attendance": "1000000000"}, "expected_attendance"),
        ({"expected_attendance": "lots"}, "expected_attendance"),
        ({"title": "x" * 201}, "title"),
        ({"notes": "x" * 4001}, "notes"),
        ({"kind": "rodeo"}, "kind"),
        ({"resources": ["submarine"]}, "resources"),
        ({"area": "atlantis"}, "area"),
        ({"area": "999999"}, "area"),
        ({"contact_email": "not-an-email"}, "contact_email"),
        ({"contact_phone": "<script>"}, "contact_phone"),
        ({"title": "nul\x00byte"}, "title"),
        ({"website": "http://spam.example"}, "website"),
    ],
)
def test_bad_input_is_refused_without_saving(client, area, special_resources, overrides, field):
    response = client.post(URL, request_form_data(next_weekday(25), **overrides))
    if any("\x00" in str(value) for value in overrides.values()):
        # Refused before any view by pasadena_pd.security.middleware (the 400 page).
        assert response.status_code == 400
    else:
        assert response.status_code == 200
        assert field in response.context["form"].errors
    assert PresentationRequest.objects.count() == 0


def test_empty_post_is_refused_without_a_500(client, area):
    response = client.post(URL, {})
    assert response.status_code == 200
    assert "kind" in response.context["form"].errors


def test_malformed_submission_key_is_ignored(client, area, special_resources):
    response = client.post(URL, request_form_data(next_weekday(25), submission_key="../../etc"))
    assert response.status_code == 303
    assert PresentationRequest.objects.get().submission_key is None


def test_script_in_text_is_shown_escaped(client, area, special_resources):
    title = '<script>alert("x")</script>'
    client.post(URL, request_form_data(next_weekday(25), title=title))
    page = client.get(emailed_link("rosa@example.org")).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_at_the_limit_the_typed_form_comes_back_and_nothing_is_saved(
    client, area, special_resources, settings
):
    settings.PUBLIC_FORM_RATE = "1/h"
    client.post(URL, request_form_data(next_weekday(25), submission_key="d" * 32))

    response = client.post(URL, request_form_data(next_weekday(26), title="Second meeting"))

    page = response.content.decode()
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "please send them again in about" in page
    assert 'value="Second meeting"' in page
    assert PresentationRequest.objects.count() == 1


def test_refusals_and_offered_dates_do_not_count_towards_the_limit(
    client, area, special_resources, settings
):
    settings.PUBLIC_FORM_RATE = "1/h"
    too_soon = request_form_data(next_weekday(3))
    for _ in range(3):
        assert client.post(URL, too_soon).status_code == 200  # refused by a rule
        client.post(URL, {**too_soon, "refill_date": next_weekday(20).isoformat()})
        client.post(URL, {"title": ""})  # incomplete

    response = client.post(URL, request_form_data(next_weekday(25)))

    assert response.status_code == 303
    assert PresentationRequest.objects.count() == 1


def test_garbage_in_the_query_string_still_shows_the_form(client, area, special_resources):
    response = client.get(
        URL,
        {"area": "<x>", "date": "yesterday", "resources": ["nope"], "kind": "'; drop", "x": "1"},
    )
    assert response.status_code == 200
    assert "Send my request" in response.content.decode()


def test_garbage_refill_date_keeps_the_answers(client, area, special_resources):
    data = {**request_form_data(next_weekday(5)), "refill_date": "31/02/2027"}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert 'value="Orange Grove Neighborhood Watch"' in response.content.decode()
    assert PresentationRequest.objects.count() == 0


def test_a_request_no_date_can_fix_says_so(client, area, special_resources):
    day = next_weekday(40, weekend=True)
    response = client.post(URL, request_form_data(day, start_time="12:00", end_time="13:00"))
    assert sorted(rules_shown(response)) == ["weekend_min_duration", "weekend_supervisor_approval"]
    assert "No date in the coming year works" in response.content.decode()


def test_the_emailed_link_uses_the_address_and_port_the_resident_used(
    client, area, special_resources, settings
):
    settings.SITE_URL = "http://127.0.0.1:8000"  # as written once into .env
    client.post(URL, request_form_data(next_weekday(25)), HTTP_HOST="localhost:8801")
    request = PresentationRequest.objects.get()
    assert f"http://localhost:8801{request.get_absolute_url()}" in mail.outbox[0].body


def test_a_new_form_carries_its_own_one_time_key_as_its_hidden_field_renders_it(
    client, area, special_resources
):
    """The new form's page writes its one-time key without building the form (issue 20): the
    input must be what the form's own hidden field renders, and each response's own."""
    from outreach.forms import PresentationRequestForm

    keys = []
    for _ in range(2):
        page = client.get(URL).content.decode()
        key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
        form = PresentationRequestForm(initial={"submission_key": key}, today=timezone.localdate())
        assert str(form["submission_key"]) in page
        assert "Error:" not in page.split("</title>")[0]
        keys.append(key)
    assert keys[0] != keys[1]
    # Sent twice with its key (a double click), the request counts once.
    for _ in range(2):
        answer = client.post(URL, request_form_data(next_weekday(25), submission_key=keys[0]))
        assert answer.status_code == 303
    assert PresentationRequest.objects.count() == 1
