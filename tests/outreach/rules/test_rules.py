import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach import rules

D = datetime.date
T = datetime.time
DAY = datetime.timedelta(days=1)

RESOURCES = {
    "k9": rules.ResourceRule("k9", "K-9 officer", 21, 2),
    "motor_officer": rules.ResourceRule("motor_officer", "Motor Officer", 21, 4),
    "mobile_substation": rules.ResourceRule("mobile_substation", "Mobile Substation", 30, 1),
    "helicopter": rules.ResourceRule("helicopter", "Helicopter flyover", 45, 1),
}
POLICY = rules.Policy(resources=RESOURCES)


def context(today, stored=(), availability=rules.always_available):
    blackouts = rules.merge_blackouts(stored, today, today + 400 * DAY)
    return rules.Context(today, POLICY, blackouts, availability)


EVENING = (T(18, 0), T(22, 0))


def proposal(day, start=EVENING[0], end=EVENING[1], resources=(), kind="community_event"):
    return rules.ProposedRequest(kind, day, start, end, tuple(resources))


def codes(findings, blocking=True):
    return sorted(f.code for f in findings if f.blocking == blocking)


@pytest.mark.parametrize(
    ("days_ahead", "expected"),
    [(13, ["min_notice"]), (14, [])],
)
def test_min_notice_13_and_14_days(days_ahead, expected):
    today = D(2027, 6, 2)  # a Wednesday; +13 and +14 are weekdays
    findings = rules.evaluate(proposal(today + days_ahead * DAY), context(today))
    assert codes(findings) == expected


def test_min_notice_gives_the_earliest_date_that_passes():
    today = D(2027, 6, 2)
    [finding] = rules.evaluate(proposal(today + 5 * DAY), context(today))
    assert finding.code == "min_notice"
    assert finding.field == "date"
    assert finding.earliest_date == D(2027, 6, 16)
    assert "14 days" in finding.message


@pytest.mark.parametrize(
    ("today", "expected"),
    [(D(2027, 8, 6), ["weekend_min_notice"]), (D(2027, 8, 5), [])],
    ids=["29 days", "30 days"],
)
def test_weekend_notice_29_and_30_days(today, expected):
    saturday = D(2027, 9, 4)
    findings = rules.evaluate(proposal(saturday, T(10), T(14)), context(today))
    assert codes(findings) == expected
    assert codes(findings, blocking=False) == ["weekend_supervisor_approval"]


def test_weekend_notice_earliest_date_is_a_weekend_day():
    today = D(2027, 8, 6)
    [finding] = [
        f
        for f in rules.evaluate(proposal(D(2027, 9, 4), T(10), T(14)), context(today))
        if f.blocking
    ]
    assert finding.earliest_date == D(2027, 9, 5)  # the first weekend day 30 days out


def test_friday_has_no_weekend_rules_but_saturday_does():
    today = D(2027, 8, 13)
    friday, saturday = D(2027, 9, 3), D(2027, 9, 4)  # 21 and 22 days' notice
    short = (T(18), T(20))
    assert rules.evaluate(proposal(friday, *short), context(today)) == []
    assert codes(rules.evaluate(proposal(saturday, *short), context(today))) == [
        "weekend_min_duration",
        "weekend_min_notice",
    ]


@pytest.mark.parametrize(
    ("day", "start", "end", "hours"),
    [
        (D(2027, 3, 14), T(0), T(4), 3),  # spring forward: 4 wall-clock hours are 3
        (D(2027, 11, 7), T(0), T(3), 4),  # fall back: 3 wall-clock hours are 4
        (D(2027, 3, 21), T(0), T(4), 4),
        (D(2027, 11, 14), T(0), T(3), 3),
    ],
)
def test_duration_is_real_elapsed_time_on_dst_sundays(day, start, end, hours):
    p = proposal(day, start, end)
    assert rules.elapsed(p.starts_at, p.ends_at) == datetime.timedelta(hours=hours)
    today = day - 60 * DAY
    blocking = codes(rules.evaluate(p, context(today)))
    assert blocking == ([] if hours >= 4 else ["weekend_min_duration"])


@pytest.mark.parametrize(
    ("day", "events"),
    [
        (D(2033, 12, 31), ["New Year's Eve"]),
        (D(2034, 1, 1), ["New Year's Day"]),  # a Sunday: no parade that day
        (D(2034, 1, 2), ["Tournament of Roses Parade and Rose Bowl Game"]),
        (D(2034, 1, 3), []),
    ],
)
def test_new_year_around_a_sunday(day, events):
    today = D(2033, 10, 15)
    findings = rules.evaluate(proposal(day, T(9), T(14)), context(today))
    conflicts = [f for f in findings if f.code == "major_event_conflict"]
    assert [event for event in events if any(event in f.message for f in conflicts)] == events
    assert len(conflicts) == (1 if events else 0)


@pytest.mark.parametrize(
    ("day", "events"),
    [
        (D(2033, 1, 1), ["New Year's Day", "Tournament of Roses Parade and Rose Bowl Game"]),
        (D(2033, 1, 2), []),  # Jan 1 was a Saturday: the parade did not move to the Sunday
    ],
)
def test_new_year_on_a_saturday_keeps_the_parade_on_new_years_day(day, events):
    today = D(2032, 10, 15)
    findings = rules.evaluate(proposal(day, T(9), T(14)), context(today))
    conflicts = [f for f in findings if f.code == "major_event_conflict"]
    assert [event for event in events if any(event in f.message for f in conflicts)] == events
    assert len(conflicts) == (1 if events else 0)


def test_new_years_day_on_a_weekday_names_both_events():
    today = D(2026, 11, 1)
    [finding] = rules.evaluate(proposal(D(2027, 1, 1)), context(today))
    assert finding.code == "major_event_conflict"
    assert "New Year's Day" in finding.message
    assert "Tournament of Roses" in finding.message


def test_stored_major_event_is_named_and_built_ins_count_once():
    today = D(2027, 8, 1)
    game = rules.Blackout(D(2027, 9, 18), D(2027, 9, 18), "UCLA home game")
    stored_builtin = rules.Blackout(D(2027, 10, 31), D(2027, 10, 31), "Halloween")
    ctx = context(today, [game, stored_builtin])
    assert [b.name for b in ctx.blackouts].count("Halloween") == 1
    [finding] = [
        f for f in rules.evaluate(proposal(D(2027, 9, 18), T(9), T(14)), ctx) if f.blocking
    ]
    assert finding.code == "major_event_conflict"
    assert "UCLA home game" in finding.message
    # The nearest weekend day after the game, also the first date offered under it.
    assert finding.earliest_date == D(2027, 9, 19)


def test_multi_day_major_event_covers_every_day():
    today = D(2027, 4, 1)
    festival = rules.Blackout(D(2027, 5, 10), D(2027, 5, 12), "Festival")
    ctx = context(today, [festival])
    for day in (D(2027, 5, 10), D(2027, 5, 11), D(2027, 5, 12)):
        assert codes(rules.evaluate(proposal(day), ctx)) == ["major_event_conflict"]
    assert rules.evaluate(proposal(D(2027, 5, 13)), ctx) == []


@pytest.mark.parametrize(
    ("today", "day", "expected"),
    [
        (D(2028, 2, 15), D(2028, 2, 29), []),  # 14 days across the leap day
        (D(2028, 2, 16), D(2028, 2, 29), ["min_notice"]),
        (D(2027, 3, 1), D(2028, 2, 29), []),  # exactly 365 days out, on the leap day
        (D(2027, 3, 1), D(2028, 3, 1), ["max_advance"]),  # 366 days out
    ],
)
def test_leap_day_and_the_365_day_limit(today, day, expected):
    assert codes(rules.evaluate(proposal(day), context(today))) == expected


def test_max_advance_offers_the_latest_dates_that_pass():
    today = D(2027, 3, 1)
    far = proposal(D(2028, 3, 1))
    dates = rules.next_passing_dates(far, today, 3, context(today))
    assert dates == [D(2028, 2, 25), D(2028, 2, 28), D(2028, 2, 29)]


def test_past_date_says_it_has_passed():
    today = D(2027, 6, 2)
    [finding] = rules.evaluate(proposal(D(2027, 5, 28)), context(today))
    assert finding.code == "min_notice"
    assert finding.message == "May 28, 2027 has passed. Please choose a coming date."


@pytest.mark.parametrize(
    ("today", "asked", "stored"),
    [
        # Issue 16: a weekend request beyond the one-year limit was told "January 2, 2027"
        # while it was offered July dates.
        (D(2026, 12, 2), D(2027, 12, 11), ()),
        # A major event: the text named an earlier date than any offered.
        (D(2027, 8, 1), D(2027, 9, 18), [rules.Blackout(D(2027, 9, 18), D(2027, 9, 18), "Game")]),
        (D(2026, 12, 2), D(2027, 1, 1), ()),  # New Year's Day, a Friday
    ],
)
def test_the_date_named_in_a_refusal_is_the_nearest_one_offered(today, asked, stored):
    ctx = context(today, stored)
    p = proposal(asked, T(10), T(15))
    blocking = [f for f in rules.evaluate(p, ctx) if f.blocking]
    suggestion = rules.suggest_dates(p, ctx, 3)
    assert blocking
    assert {f.earliest_date for f in blocking} == {suggestion.nearest}
    assert suggestion.nearest in suggestion.dates
    assert min(abs((day - asked).days) for day in suggestion.dates) == abs(
        (suggestion.nearest - asked).days
    )


def test_resource_lead_time_blocks_and_names_the_resource():
    today = D(2027, 6, 1)
    p = proposal(D(2027, 7, 13), resources=["helicopter", "k9"])  # 42 days
    [finding] = rules.evaluate(p, context(today))
    assert finding.code == "resource_lead_time"
    assert "Helicopter flyover" in finding.message
    assert finding.field == "resources"
    assert finding.earliest_date == D(2027, 7, 16)  # 45 days out, a Friday


def test_resource_unavailable_names_the_busy_resource():
    today = D(2027, 6, 1)
    busy_on = D(2027, 7, 20)

    def availability(code, start, end):
        return not (code == "k9" and start.date() == busy_on)

    [finding] = rules.evaluate(
        proposal(busy_on, resources=["k9"]), context(today, availability=availability)
    )
    assert finding.code == "resource_unavailable"
    assert "K-9 officer" in finding.message
    assert finding.earliest_date == D(2027, 7, 21)


def test_unknown_resource_is_unavailable():
    today = D(2027, 6, 1)
    findings = rules.evaluate(proposal(D(2027, 7, 20), resources=["submarine"]), context(today))
    assert codes(findings) == ["resource_unavailable"]


def test_weekend_request_that_passes_still_needs_approval():
    today = D(2027, 6, 1)
    [finding] = rules.evaluate(proposal(D(2027, 7, 17), T(10), T(15)), context(today))
    assert (finding.code, finding.blocking, finding.earliest_date) == (
        "weekend_supervisor_approval",
        False,
        None,
    )


def test_next_passing_dates_skip_major_events_and_keep_the_weekday_type():
    today = D(2027, 8, 1)
    game = rules.Blackout(D(2027, 9, 18), D(2027, 9, 18), "UCLA home game")
    dates = rules.next_passing_dates(
        proposal(D(2027, 9, 18), T(9), T(14)), today, 3, context(today, [game])
    )
    assert dates == [D(2027, 9, 19), D(2027, 9, 25), D(2027, 9, 26)]


def test_every_code_of_the_domain_is_covered():
    assert set(rules.ALL_CODES) == {
        "min_notice",
        "weekend_min_notice",
        "weekend_min_duration",
        "weekend_supervisor_approval",
        "major_event_conflict",
        "resource_lead_time",
        "resource_unavailable",
        "max_advance",
    }


# Property-based tests ------------------------------------------------------------------

todays = st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
resource_sets = st.lists(st.sampled_from(sorted(RESOURCES)), unique=True, max_size=2)


@st.composite
def proposals(draw):
    today = draw(todays)
    day = today + draw(st.integers(min_value=-30, max_value=420)) * DAY
    start = draw(times)
    end = draw(times.filter(lambda t: t > start))
    return today, proposal(day, start, end, draw(resource_sets))


@settings(max_examples=60, deadline=None)
@given(proposals())
def test_property_offered_dates_pass_and_keep_the_weekday_type(case):
    today, p = case
    ctx = context(today)
    dates = rules.next_passing_dates(p, today, 3, ctx)
    assert dates == sorted(set(dates))
    assert len(dates) <= 3
    for day in dates:
        assert rules.is_weekend(day) == rules.is_weekend(p.date)
        assert rules.passes(p.on(day), ctx)


@settings(max_examples=60, deadline=None)
@given(proposals())
def test_property_blocking_findings_carry_an_earliest_date_that_passes(case):
    today, p = case
    ctx = context(today)
    findings = rules.evaluate(p, ctx)
    assert all(f.code in rules.ALL_CODES for f in findings)
    assert rules.passes(p, ctx) == (not any(f.blocking for f in findings))
    for finding in findings:
        if finding.blocking and finding.earliest_date is not None:
            assert rules.passes(p.on(finding.earliest_date), ctx)
            assert finding.earliest_date > today
            assert finding.earliest_date in rules.next_passing_dates(p, today, 3, ctx)
        if not finding.blocking:
            assert finding.earliest_date is None


@settings(max_examples=100, deadline=None)
@given(proposals())
def test_property_notice_rules_follow_whole_calendar_days(case):
    today, p = case
    found = set(codes(rules.evaluate(p, context(today))))
    notice = (p.date - today).days
    assert ("min_notice" in found) == (notice < 14)
    assert ("max_advance" in found) == (notice > 365)
    assert ("weekend_min_notice" in found) == (rules.is_weekend(p.date) and notice < 30)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=D(2024, 1, 1), max_value=D(2035, 12, 31)), times, times)
def test_property_duration_differs_from_wall_clock_only_on_dst_days(day, start, end):
    p = proposal(day, start, end)
    wall = datetime.datetime.combine(day, end) - datetime.datetime.combine(day, start)
    real = rules.elapsed(p.starts_at, p.ends_at)
    offsets = {p.starts_at.utcoffset(), p.ends_at.utcoffset()}
    if len(offsets) == 1:
        assert real == wall
    else:
        assert abs(real - wall) == datetime.timedelta(hours=1)
