import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pasadena_pd.ical_cache import Entry, cached_components, lru
from pasadena_pd.models import CalendarComponent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_lru():
    lru.clear()
    yield
    lru.clear()


class Builder:
    def __init__(self):
        self.calls = []

    def __call__(self, refs):
        self.calls.append(sorted(refs))
        return {ref: f"BEGIN:VEVENT\r\nUID:{ref}\r\nEND:VEVENT\r\n".encode() for ref in refs}


def entries(versions):
    return [Entry(identity=f"item-{n}", version=v, ref=n) for n, v in enumerate(versions)]


def test_first_build_stores_everything_in_one_statement():
    build = Builder()

    with CaptureQueriesContext(connection) as queries:
        bodies = cached_components(entries(["a"] * 50), build)

    assert len(bodies) == 50
    assert build.calls == [list(range(50))]
    assert CalendarComponent.objects.count() == 50
    inserts = [q for q in queries.captured_queries if q["sql"].lstrip().startswith("INSERT")]
    assert len(inserts) == 1


def test_warm_process_answers_from_memory_without_queries():
    build = Builder()
    cached_components(entries(["a"] * 5), build)

    with CaptureQueriesContext(connection) as queries:
        bodies = cached_components(entries(["a"] * 5), build)

    assert len(queries) == 0
    assert len(build.calls) == 1
    assert bodies[3] == b"BEGIN:VEVENT\r\nUID:3\r\nEND:VEVENT\r\n"


def test_only_the_changed_item_is_rebuilt():
    build = Builder()
    cached_components(entries(["a"] * 5), build)

    cached_components(entries(["a", "a", "b", "a", "a"]), build)

    assert build.calls[-1] == [2]
    assert CalendarComponent.objects.get(key="item-2").version == "b"


def test_another_process_reads_the_shared_table_instead_of_building():
    cached_components(entries(["a"] * 5), Builder())
    lru.clear()  # a second process: empty memory, same database
    build = Builder()

    bodies = cached_components(entries(["a"] * 5), build)

    assert build.calls == []
    assert len(bodies) == 5
