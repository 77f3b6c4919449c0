from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pal.rules.support import BELOW_GOAL, DROPPED, MISSING_CURRENT, needs_support, support_reasons


def gpas(*values):
    return [None if value is None else Decimal(value) for value in values]


@pytest.mark.parametrize(
    ("history", "reasons"),
    [
        ((), []),
        (("3.00",), []),
        (("2.00",), []),  # the goal itself is fine
        (("1.99",), [BELOW_GOAL]),
        (("1.80",), [BELOW_GOAL]),
        (("3.00", "2.50"), [DROPPED]),  # exactly 0.5 counts
        (("3.00", "2.51"), []),
        (("2.40", "1.80"), [BELOW_GOAL, DROPPED]),
        (("3.00", None), [MISSING_CURRENT]),
        ((None,), [MISSING_CURRENT]),
        (("1.50", None), [BELOW_GOAL, MISSING_CURRENT]),
        (("3.50", None, "2.90"), []),  # the drop is measured against the period before
        (("2.10", "2.90"), []),  # going up is good news
    ],
)
def test_support_reasons_table(history, reasons):
    assert support_reasons(gpas(*history)) == reasons


gpa_values = st.decimals(min_value=0, max_value=4, places=2)


@given(st.lists(gpa_values, min_size=1, max_size=6))
def test_a_member_at_or_above_goal_without_drops_needs_no_support(values):
    steady = sorted(value for value in values if value >= Decimal("2.00"))
    if not steady:
        return
    assert not needs_support(steady)


@given(st.lists(st.one_of(st.none(), gpa_values), min_size=1, max_size=6))
def test_a_missing_current_gpa_always_needs_support(values):
    assert needs_support([*values, None])
