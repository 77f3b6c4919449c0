"""The "needs support" rule for school-year members: pure, no database.

The program's goal is a GPA of 2.0 or higher. A member needs support when, among the grading
periods of the term that have started (in order, the last one is the current period):
- `below_goal`: the latest recorded GPA is under 2.0;
- `dropped`: the latest recorded GPA is 0.5 or more below the GPA of the period before it;
- `missing_current`: no GPA is recorded for the current period yet.
"""

from collections.abc import Sequence
from decimal import Decimal

GPA_GOAL = Decimal("2.00")
SIGNIFICANT_DROP = Decimal("0.50")

BELOW_GOAL = "below_goal"
DROPPED = "dropped"
MISSING_CURRENT = "missing_current"


def support_reasons(gpas: Sequence[Decimal | None]) -> list[str]:
    """Reasons (codes above) for one member; `gpas` has one entry per started period, in
    order, None where no GPA is recorded. An empty list means no period has started."""
    if not gpas:
        return []
    reasons = []
    recorded = [(index, gpa) for index, gpa in enumerate(gpas) if gpa is not None]
    if recorded:
        latest_index, latest = recorded[-1]
        if latest < GPA_GOAL:
            reasons.append(BELOW_GOAL)
        # The drop is measured against the period just before the latest recorded one: a
        # missing period in between is reported as missing, not as a drop.
        previous = gpas[latest_index - 1] if latest_index > 0 else None
        if previous is not None and previous - latest >= SIGNIFICANT_DROP:
            reasons.append(DROPPED)
    if gpas[-1] is None:
        reasons.append(MISSING_CURRENT)
    return reasons


def needs_support(gpas: Sequence[Decimal | None]) -> bool:
    return bool(support_reasons(gpas))
