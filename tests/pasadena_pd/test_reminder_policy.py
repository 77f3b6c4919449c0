"""Which reminder is due when (pasadena_pd/reminder_policy.py): pure, no database."""

import datetime

from pasadena_pd.reminder_policy import ACADEMY, EVERYTHING, PACIFIC, Kind, due


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PACIFIC)


BOOKED = at("2027-03-01 12:00")
STARTS = at("2027-03-10 18:30")  # a Wednesday evening


def reminder_at(now: str, kinds=EVERYTHING, starts=STARTS, booked=BOOKED):
    return due(kinds, starts_at=starts, booked_at=booked, now=at(now))


def test_the_day_before_reminder_is_due_from_nine_in_the_morning_local_time():
    assert reminder_at("2027-03-09 08:59") is None
    assert reminder_at("2027-03-09 09:00") == Kind.DAY_BEFORE
    assert reminder_at("2027-03-10 18:29") == Kind.DAY_BEFORE  # a late run still reminds


def test_nothing_is_due_once_it_has_started():
    assert reminder_at("2027-03-10 18:30") is None
    assert reminder_at("2027-03-11 09:00") is None


def test_the_academy_is_reminded_a_week_before_then_the_day_before():
    assert reminder_at("2027-03-03 08:59", ACADEMY) is None
    assert reminder_at("2027-03-03 09:00", ACADEMY) == Kind.WEEK_BEFORE
    assert reminder_at("2027-03-09 08:59", ACADEMY) == Kind.WEEK_BEFORE
    assert reminder_at("2027-03-09 09:00", ACADEMY) == Kind.DAY_BEFORE


def test_only_the_latest_reminder_is_due_so_a_missed_week_is_not_sent_late():
    assert reminder_at("2027-03-09 10:00", ACADEMY) == Kind.DAY_BEFORE


def test_nothing_is_due_for_a_booking_made_after_the_reminders_moment():
    late = at("2027-03-09 09:30")
    assert reminder_at("2027-03-09 10:00", booked=late) is None
    # Booked between the week-before and the day-before moments: the day before only.
    assert reminder_at("2027-03-05 10:00", ACADEMY, booked=at("2027-03-04 10:00")) is None
    assert reminder_at("2027-03-09 09:00", ACADEMY, booked=at("2027-03-04 10:00")) == (
        Kind.DAY_BEFORE
    )


def test_the_hour_is_local_across_a_daylight_saving_change():
    # Clocks go forward on Sunday, March 14, 2027: the reminder still leaves at 9:00 local.
    monday = at("2027-03-15 18:00")
    assert reminder_at("2027-03-14 08:59", starts=monday) is None
    assert reminder_at("2027-03-14 09:00", starts=monday) == Kind.DAY_BEFORE
    # An event given in UTC is reminded on the day before its *local* day.
    utc_evening = datetime.datetime(2027, 3, 11, 2, 30, tzinfo=datetime.UTC)  # 3/10 19:30 PDT
    assert reminder_at("2027-03-09 09:00", starts=utc_evening) == Kind.DAY_BEFORE
