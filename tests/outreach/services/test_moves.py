"""A move is a new proposal (issue 13, reproduction 6): moving a request re-runs the rules as
of the day of the move, sends a moved weekend request back to the supervisor, lets an
exception lapse with its day, and tells the requester the new day and times."""

import datetime

import pytest
from django.core import mail

from outreach.models import PresentationRequest
from outreach.services import decisions
from outreach.services.bookings import allocate_bookings
from pasadena_pd.workflow import TransitionError, activity_of, history_of
from tests.factories import MajorEventFactory
from tests.outreach.factories import NO_INLINE_ROWS, PresentationRequestFactory
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db
S = PresentationRequest.Status


def move(request, by, day, start="18:00", end="20:00", location=None):
    decisions.reschedule_request(
        request,
        by=by,
        date=day,
        start_time=datetime.time.fromisoformat(start),
        end_time=datetime.time.fromisoformat(end),
        location=location or request.location,
    )


@pytest.fixture
def scheduled_weekday(today, area, neighborhood_services):
    today("2026-11-02")
    request = PresentationRequestFactory(area=area, date=datetime.date(2026, 12, 9))
    decisions.schedule_request(request, by=neighborhood_services)
    return request


@pytest.fixture
def scheduled_weekend(today, area, supervisor, neighborhood_services, special_resources):
    today("2026-10-01")
    request = PresentationRequestFactory(
        area=area,
        kind="block_party",
        date=datetime.date(2026, 12, 12),  # a Saturday
        start_time=datetime.time(12),
        end_time=datetime.time(17),
        status=S.AWAITING_SUPERVISOR_APPROVAL,
        resources=[special_resources["k9"]],
    )
    allocate_bookings(request)
    decisions.approve_weekend_request(request, by=supervisor)
    decisions.schedule_request(request, by=neighborhood_services)
    return request


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 31), datetime.date(2027, 1, 1)])
def test_a_scheduled_request_is_never_moved_onto_new_years_eve_or_day(
    scheduled_weekday, neighborhood_services, day
):
    mail.outbox.clear()
    with pytest.raises(decisions.MoveRefused) as refused:
        move(scheduled_weekday, neighborhood_services, day)
    assert [f.code for f in refused.value.findings] == ["major_event_conflict"]
    scheduled_weekday.refresh_from_db()
    assert (scheduled_weekday.date, scheduled_weekday.sequence, scheduled_weekday.status) == (
        datetime.date(2026, 12, 9),
        0,
        S.SCHEDULED,
    )
    assert mail.outbox == []


def test_a_move_onto_another_major_event_is_refused(scheduled_weekday, neighborhood_services):
    MajorEventFactory(name="Rose Bowl concert", start_date=datetime.date(2026, 12, 10))
    with pytest.raises(decisions.MoveRefused, match="Rose Bowl concert"):
        move(scheduled_weekday, neighborhood_services, datetime.date(2026, 12, 10))


def test_an_approved_weekend_request_is_not_shortened_below_four_hours(
    scheduled_weekend, neighborhood_services
):
    with pytest.raises(decisions.MoveRefused) as refused:
        move(scheduled_weekend, neighborhood_services, scheduled_weekend.date, "12:00", "13:00")
    assert [f.code for f in refused.value.findings] == ["weekend_min_duration"]
    scheduled_weekend.refresh_from_db()
    assert (scheduled_weekend.end_time, scheduled_weekend.status) == (
        datetime.time(17),
        S.SCHEDULED,
    )


def test_a_weekend_request_moved_goes_back_to_the_supervisor(
    scheduled_weekend, neighborhood_services, supervisor
):
    move(scheduled_weekend, neighborhood_services, datetime.date(2026, 12, 19), "11:00", "16:00")
    scheduled_weekend.refresh_from_db()
    assert scheduled_weekend.status == S.AWAITING_SUPERVISOR_APPROVAL
    assert scheduled_weekend.supervisor_approved_by is None
    last = history_of(scheduled_weekend).last()
    assert (last.from_state, last.to_state, last.changed_by) == (
        S.SCHEDULED,
        S.AWAITING_SUPERVISOR_APPROVAL,
        neighborhood_services,
    )
    # Neighborhood Services cannot schedule it again before a supervisor approves the move.
    with pytest.raises(TransitionError):
        decisions.schedule_request(scheduled_weekend, by=neighborhood_services)
    decisions.approve_weekend_request(scheduled_weekend, by=supervisor)
    decisions.schedule_request(scheduled_weekend, by=neighborhood_services)
    scheduled_weekend.refresh_from_db()
    assert scheduled_weekend.status == S.SCHEDULED
    # The K-9 unit moved with it: the old booking released, a new one for the new day.
    bookings = sorted((b.window.lower.date(), b.state) for b in scheduled_weekend.bookings.all())
    assert bookings == [
        (datetime.date(2026, 12, 12), "released"),
        (datetime.date(2026, 12, 19), "pending_preplanning"),
    ]


def test_notice_after_a_move_counts_from_the_day_of_the_move(today, area, neighborhood_services):
    today("2026-11-02")
    request = PresentationRequestFactory(area=area, date=datetime.date(2026, 11, 25))
    today("2026-11-12")
    # 13 days after the move (23 after the submission): less than the 14 days' notice.
    with pytest.raises(decisions.MoveRefused) as refused:
        move(request, neighborhood_services, datetime.date(2026, 11, 25), "09:00", "10:00")
    assert [f.code for f in refused.value.findings] == ["min_notice"]
    move(request, neighborhood_services, datetime.date(2026, 11, 26), "09:00", "10:00")
    request.refresh_from_db()
    assert (request.date, request.proposed_on) == (
        datetime.date(2026, 11, 26),
        datetime.date(2026, 11, 12),
    )


def test_a_new_place_alone_is_not_a_new_proposal(today, area, neighborhood_services):
    today("2026-11-02")
    request = PresentationRequestFactory(area=area, date=datetime.date(2026, 11, 18))
    today("2026-11-12")  # 6 days before: too late for a new day, not for a new room
    move(request, neighborhood_services, request.date, location="Library hall")
    request.refresh_from_db()
    assert (request.location, request.sequence, request.proposed_on) == (
        "Library hall",
        1,
        datetime.date(2026, 11, 2),
    )


def test_an_exception_names_its_rules_and_day_and_lapses_with_a_move(
    today, area, supervisor, neighborhood_services
):
    today("2026-11-02")
    request = PresentationRequestFactory(area=area, date=datetime.date(2026, 12, 9))
    MajorEventFactory(name="Holiday parade", start_date=datetime.date(2026, 12, 9))
    decisions.accept_exception(request, by=supervisor, reason="Two officers, indoors.")
    request.refresh_from_db()
    assert (request.exception_date, request.exception_rule_codes) == (
        datetime.date(2026, 12, 9),
        ["major_event_conflict"],
    )
    assert request.exception_excuses("major_event_conflict")
    assert not request.exception_excuses("min_notice")
    # Other times on the same day: the exception still holds.
    move(request, neighborhood_services, request.date, "17:00", "19:00")
    decisions.schedule_request(request, by=neighborhood_services)
    # Another day: the exception lapses, and coming back needs a new one.
    move(request, neighborhood_services, datetime.date(2026, 12, 10), "17:00", "19:00")
    request.refresh_from_db()
    assert (request.exception_date, request.exception_rule_codes) == (None, [])
    assert "lapsed" in activity_of(request).filter(kind="exception").last().detail
    with pytest.raises(decisions.MoveRefused):
        move(request, neighborhood_services, datetime.date(2026, 12, 9), "17:00", "19:00")


def test_an_exception_is_refused_when_no_rule_is_broken(area, supervisor):
    request = PresentationRequestFactory(area=area)
    with pytest.raises(TransitionError, match="nothing to excuse"):
        decisions.accept_exception(request, by=supervisor, reason="Just in case.")


def test_the_requester_is_emailed_what_changed(scheduled_weekday, neighborhood_services):
    mail.outbox.clear()
    move(scheduled_weekday, neighborhood_services, datetime.date(2026, 12, 16), location="Hall B")
    [email] = mail.outbox
    assert email.to == [scheduled_weekday.contact_email]
    assert "Wednesday, December 16, 2026" in email.subject
    assert "New: Wednesday, December 16, 2026" in email.body
    assert "at Hall B" in email.body
    assert "Was: Wednesday, December 9, 2026" in email.body
    assert "100 N Garfield Ave" in email.body
    [moved] = activity_of(scheduled_weekday).filter(kind="moved")
    assert moved.detail.startswith("Was: Dec. 9, 2026")
    assert "Now: Dec. 16, 2026, 6 p.m. to 8 p.m., at Hall B." in moved.detail


def test_admin_shows_why_a_move_was_refused(client, scheduled_weekday, neighborhood_services):
    verify_client(client, neighborhood_services)
    response = client.post(
        f"/admin/outreach/presentationrequest/{scheduled_weekday.pk}/change/",
        {
            "date": "2026-12-31",
            "start_time": "18:00",
            "end_time": "20:00",
            "location": scheduled_weekday.location,
            "specialist": scheduled_weekday.specialist_id or "",
            **NO_INLINE_ROWS,
        },
        follow=True,
    )
    page = response.content.decode()
    assert "New Year" in page
    assert "was changed successfully" not in page
    scheduled_weekday.refresh_from_db()
    assert scheduled_weekday.date == datetime.date(2026, 12, 9)
