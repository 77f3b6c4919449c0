"""Writes for outreach. Each service names its side effects."""

from collections.abc import Iterable

from django.db import transaction

from outreach.models import MajorEvent
from outreach.rules.blackouts import built_in_major_events


@transaction.atomic
def ensure_built_in_major_events(years: Iterable[int]) -> int:
    """Store the built-in major events of these years (idempotent); returns how many are new."""
    created = 0
    for year in years:
        for event in built_in_major_events(year):
            _, was_created = MajorEvent.objects.update_or_create(
                external_uid=f"builtin-{event.key}",
                defaults={
                    "name": event.name,
                    "start_date": event.date,
                    "end_date": event.date,
                    "source": MajorEvent.Source.BUILT_IN,
                },
            )
            created += was_created
    return created
