"""Demo data for outreach: areas with specialists, special resources, major events."""

import datetime

from django.utils import timezone

from outreach.models import DEFAULT_SPECIAL_RESOURCES, Area, MajorEvent, Specialist, SpecialResource
from outreach.services import ensure_built_in_major_events

DEMO_AREAS = [
    ("Northwest", "northwest", "Officer Maria Delgado", "626-744-4501"),
    ("Northeast", "northeast", "Officer James Whitaker", "626-744-4502"),
    ("Central", "central", "Officer Aiko Tanaka", "626-744-4503"),
    ("Southwest", "southwest", "Officer Luis Ramírez", "626-744-4504"),
    ("Southeast", "southeast", "Officer Dana Brooks", "626-744-4505"),
]


def seed() -> None:
    for name, slug, specialist, phone in DEMO_AREAS:
        area, _ = Area.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": f"The {name} Community Services Area."},
        )
        Specialist.objects.get_or_create(
            area=area,
            defaults={"name": specialist, "phone": phone, "email": f"nps.{slug}@example.org"},
        )
    for code, (lead_time_days, units) in DEFAULT_SPECIAL_RESOURCES.items():
        SpecialResource.objects.get_or_create(
            code=code,
            defaults={"name": code.label, "lead_time_days": lead_time_days, "units": units},
        )
    this_year = timezone.localdate().year
    ensure_built_in_major_events([this_year, this_year + 1])
    for game_day in _ucla_home_game_saturdays(this_year) + _ucla_home_game_saturdays(this_year + 1):
        MajorEvent.objects.get_or_create(
            external_uid=f"demo-ucla-home-game-{game_day.isoformat()}",
            defaults={
                "name": "UCLA football home game at the Rose Bowl",
                "start_date": game_day,
                "end_date": game_day,
                "source": MajorEvent.Source.STAFF,
            },
        )


def _ucla_home_game_saturdays(year: int) -> list[datetime.date]:
    """Four Saturdays from September to November, two to three weeks apart (demo only)."""
    first_saturday = datetime.date(year, 9, 1)
    first_saturday += datetime.timedelta(days=(5 - first_saturday.weekday()) % 7)
    return [first_saturday + datetime.timedelta(weeks=weeks) for weeks in (1, 4, 7, 10)]
