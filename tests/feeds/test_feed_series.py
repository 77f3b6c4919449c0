import datetime

from events.feeds.series import Session, weekly_series
from pasadena_pd.ical import LOS_ANGELES

HALL = "Police Department community room"


def at(month, day, hour, minute=0):
    return datetime.datetime(2027, month, day, hour, minute, tzinfo=LOS_ANGELES)


def sessions_on(days, hour=18):
    return [Session(start=at(m, d, hour), end=at(m, d, hour + 3)) for m, d in days]


def test_eight_regular_weeks_are_one_rule_without_exceptions():
    series = weekly_series(
        sessions_on([(2, 4), (2, 11), (2, 18), (2, 25), (3, 4), (3, 11), (3, 18), (3, 25)]),
        location=HALL,
    )

    assert series.count == 8
    assert series.start == at(2, 4, 18)
    assert series.excluded == ()
    assert series.overrides == ()


def test_weekly_slots_keep_wall_clock_time_across_the_dst_change():
    # DST starts on Sunday, March 14, 2027: 6 p.m. stays 6 p.m. local, not 7 p.m.
    series = weekly_series(sessions_on([(3, 4), (3, 11), (3, 18)]), location=HALL)
    assert series.overrides == ()


def test_a_week_without_a_session_is_excluded():
    series = weekly_series(sessions_on([(2, 4), (2, 11), (2, 25)]), location=HALL)

    assert series.count == 4
    assert series.excluded == (at(2, 18, 18),)


def test_a_session_at_another_time_or_place_overrides_its_week():
    sessions = sessions_on([(2, 4), (2, 11)]) + [
        Session(start=at(2, 19, 17), end=at(2, 19, 20), location="Jackie Robinson Center")
    ]

    series = weekly_series(sessions, location=HALL)

    [moved] = series.overrides
    assert series.count == 3
    assert moved.recurrence_id == at(2, 18, 18)
    assert moved.start == at(2, 19, 17)
    assert moved.location == "Jackie Robinson Center"


def test_a_second_session_in_one_week_is_an_added_date():
    sessions = sessions_on([(2, 4), (2, 11)]) + sessions_on([(2, 13)], hour=9)

    series = weekly_series(sessions, location=HALL)

    assert series.extra == (at(2, 13, 9),)
    assert series.count == 2


def test_fewer_than_two_sessions_are_no_series():
    assert weekly_series(sessions_on([(2, 4)]), location=HALL) is None
    assert weekly_series([], location=HALL) is None
