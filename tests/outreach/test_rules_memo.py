"""The policy and blackout days kept per process (outreach.selectors.rules_memo): a second
request form answer reads them from memory, and a committed change shows on the very next
one. Transactional tests: outside a transaction, as a web request reads them."""

import datetime

import pytest
from django.db import transaction
from django.utils import translation

from outreach import selectors
from outreach.models import MajorEvent, RequestPolicy, SpecialResource
from tests.factories import MajorEventFactory

pytestmark = pytest.mark.django_db(transaction=True)
FIRST, LAST = datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)


def blackout_names():
    return [blackout.name for blackout in selectors.blackouts_between(FIRST, LAST)]


def test_a_second_read_costs_no_query(special_resources, django_assert_num_queries):
    RequestPolicy.current()
    today = datetime.date(2027, 5, 12)
    selectors.rules_context(today)
    with django_assert_num_queries(1):  # the memo's version, in the database cache
        context = selectors.rules_context(today)
    assert context.policy.resources["helicopter"].lead_time_days == 45
    assert context.blackouts[0].name == "Independence Day"


def test_a_committed_change_shows_at_once(special_resources):
    assert selectors.current_policy().min_notice_days == 14
    assert "UCLA home game" not in blackout_names()
    RequestPolicy.objects.update_or_create(pk=1, defaults={"min_notice_days": 21})
    MajorEventFactory(name="UCLA home game", start_date=datetime.date(2027, 9, 18))
    SpecialResource.objects.filter(code="helicopter").get().delete()
    assert selectors.current_policy().min_notice_days == 21
    assert "helicopter" not in selectors.current_policy().resources
    assert "UCLA home game" in blackout_names()
    MajorEvent.objects.get(name="UCLA home game").delete()
    assert "UCLA home game" not in blackout_names()


def test_a_transaction_reads_its_own_rows_and_a_rollback_leaves_no_trace(special_resources):
    assert "Rose Bowl concert" not in blackout_names()
    with pytest.raises(RuntimeError), transaction.atomic():
        MajorEventFactory(name="Rose Bowl concert", start_date=datetime.date(2027, 6, 5))
        assert "Rose Bowl concert" in blackout_names()
        raise RuntimeError("rolled back")
    assert "Rose Bowl concert" not in blackout_names()


def test_each_language_gets_its_own_names(special_resources):
    with translation.override("en"):
        english = blackout_names()
    with translation.override("es"):
        spanish = blackout_names()
    assert "Independence Day" in english
    assert "Independence Day" not in spanish
    assert len(english) == len(spanish)
