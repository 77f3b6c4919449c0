import datetime

from events.visit_plan import Stop, plan_visits

TZ = datetime.timezone(datetime.timedelta(hours=-7))


def at(hour, minute=0):
    return datetime.datetime(2027, 8, 3, hour, minute, tzinfo=TZ)


def test_the_party_that_ends_first_is_visited_first():
    stops = [
        Stop("late", "Arbor St", at(17), at(22)),
        Stop("early", "Navarro Ave", at(17), at(19)),
    ]
    visits = plan_visits(stops, start_after=at(17, 30))
    assert [visit.party for visit in visits] == ["early", "late"]
    assert [visit.order for visit in visits] == [1, 2]


def test_slots_follow_visit_and_travel_times():
    stops = [Stop("a", "A St", at(17), at(20)), Stop("b", "B St", at(17), at(21))]
    first, second = plan_visits(stops, start_after=at(17, 30), visit_minutes=20, travel_minutes=10)
    assert (first.arrive_at, first.leave_at) == (at(17, 30), at(17, 50))
    assert (second.arrive_at, second.leave_at) == (at(18), at(18, 20))


def test_officers_wait_for_a_party_to_start():
    (visit,) = plan_visits([Stop("a", "A St", at(19), at(21))], start_after=at(17, 30))
    assert visit.arrive_at == at(19)
    assert visit.fits


def test_a_slot_after_the_party_ends_is_flagged():
    stops = [Stop(n, f"{n} St", at(17), at(18)) for n in "abc"]
    visits = plan_visits(stops, start_after=at(17, 30))
    assert [visit.fits for visit in visits] == [True, False, False]


def test_no_parties_no_plan():
    assert plan_visits([]) == []
