"""Issue 16: the request form shows which days work before you send: the date's help and
a month view marking closed days, computed by the rules module (outreach.rules)."""

import datetime
import re

import pytest

from outreach import closed_days, rules
from tests.factories import MajorEventFactory

TODAY = datetime.date(2027, 3, 10)  # a Wednesday


def context(today=TODAY, blackouts=()):
    horizon = today + datetime.timedelta(days=400)
    return rules.Context(today, rules.Policy(), rules.merge_blackouts(blackouts, today, horizon))


def marks(view):
    return {day.date: day.mark for week in view.weeks for day in week if day.in_month}


def test_past_too_soon_and_open_days_are_marked_by_the_rules():
    view = closed_days.month_view(datetime.date(2027, 3, 1), context())
    got = marks(view)
    assert got[datetime.date(2027, 3, 9)] == closed_days.PASSED
    assert got[datetime.date(2027, 3, 23)] == closed_days.TOO_SOON  # 13 days' notice
    assert got[datetime.date(2027, 3, 24)] == ""  # 14 days: open
    # A weekend needs 30 days: the last Saturday of March is still too soon.
    assert got[datetime.date(2027, 3, 27)] == closed_days.TOO_SOON
    day = next(d for w in view.weeks for d in w if d.date == datetime.date(2027, 3, 9))
    assert "has passed" in day.why


def test_major_events_and_the_year_limit_close_days():
    parade = rules.Blackout(datetime.date(2027, 4, 20), datetime.date(2027, 4, 20), "Big Parade")
    view = closed_days.month_view(datetime.date(2027, 4, 1), context(blackouts=[parade]))
    assert marks(view)[datetime.date(2027, 4, 20)] == closed_days.MAJOR_EVENT
    late = closed_days.month_view(datetime.date(2028, 3, 1), context())
    assert marks(late)[datetime.date(2028, 3, 9)] == ""  # 365 days ahead: still taken
    assert marks(late)[datetime.date(2028, 3, 10)] == closed_days.TOO_FAR
    assert late.next is None and view.previous == "2027-03"


def test_the_month_shown_stays_within_the_bookable_range():
    assert closed_days.month_view(datetime.date(2020, 1, 1), context()).first_day == (
        datetime.date(2027, 3, 1)
    )
    assert closed_days.month_view(datetime.date(2031, 1, 1), context()).first_day == (
        datetime.date(2028, 3, 1)
    )
    assert closed_days.month_view(datetime.date(2027, 3, 1), context()).previous is None
    assert closed_days.month_param("garbage", TODAY) == datetime.date(2027, 3, 1)
    assert closed_days.month_param("2027-13", TODAY) == datetime.date(2027, 3, 1)
    assert closed_days.month_param("2027-06", TODAY) == datetime.date(2027, 6, 1)


def test_the_month_view_agrees_with_the_rules_on_every_day():
    ctx = context()
    for first in (datetime.date(2027, 3, 1), datetime.date(2027, 12, 1)):
        for week in closed_days.month_view(first, ctx).weeks:
            for day in week:
                weekday_request = rules.ProposedRequest(
                    "neighborhood_watch", day.date, datetime.time(10), datetime.time(16)
                )
                if day.closed:
                    assert not rules.passes(weekday_request, ctx), day.date


@pytest.mark.django_db
def test_the_request_form_shows_the_month_without_javascript(client, today):
    today("2027-03-10 09:00")
    MajorEventFactory(
        name="Citywide Parade",
        start_date=datetime.date(2027, 4, 20),
        end_date=datetime.date(2027, 4, 20),
    )
    html = client.get("/outreach/request/?month=2027-04").content.decode()
    assert "Closed: past days, the next 14 days (30 for a Saturday or Sunday)" in html
    assert re.search(r'<details class="closed-days mb-3" id="closed-days" open>', html)
    assert "April 2027" in html
    cell = re.search(r'<td class="day-closed day-major-event" data-date="2027-04-20"[^>]*>', html)
    assert cell and "Citywide Parade" in cell.group(0)
    assert 'data-date="2027-04-21"' in html and 'class="day-open" data-date="2027-04-21"' in html
    assert 'href="?month=2027-03#closed-days"' in html
    assert 'href="?month=2027-05#closed-days"' in html


@pytest.mark.django_db
def test_the_month_follows_the_date_asked(client, today):
    today("2027-03-10 09:00")
    html = client.get("/outreach/request/?date=2027-07-14").content.decode()
    assert "July 2027" in html
