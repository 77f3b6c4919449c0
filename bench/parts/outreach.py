"""Outreach's part of the data set: areas, specialists, resources, blackout days, requests."""

import datetime

from django.utils import timezone

from bench.dataset import Context, Missing

AREA_NAMES = [
    "Northwest",
    "Northeast",
    "Central",
    "Southwest",
    "Southeast",
    "East Washington",
    "Lamanda Park",
    "Linda Vista",
    "Madison Heights",
    "San Rafael",
]


def build_areas_and_blackouts(context: Context) -> None:
    from outreach.models import (
        DEFAULT_SPECIAL_RESOURCES,
        Area,
        MajorEvent,
        RequestPolicy,
        Specialist,
        SpecialResource,
    )
    from outreach.services import ensure_built_in_major_events

    count = context.sizes["areas"]
    names = [
        f"{context.prefix}{AREA_NAMES[i % len(AREA_NAMES)]}"
        + (f" {i}" if i >= len(AREA_NAMES) else "")
        for i in range(count)
    ]
    areas = Area.objects.bulk_create(
        [
            Area(name=name, slug=name.lower().replace(" ", "-"), description=f"The {name} area.")
            for name in names
        ]
    )
    Specialist.objects.bulk_create(
        [
            Specialist(
                area=area,
                name=f"Officer {area.name} Specialist",
                phone=f"626-744-{4500 + index:04d}",
                email=f"nps.{area.slug}@example.org",
            )
            for index, area in enumerate(areas)
        ]
    )
    for code, (lead, units) in DEFAULT_SPECIAL_RESOURCES.items():
        SpecialResource.objects.get_or_create(
            code=code, defaults={"name": code.label, "lead_time_days": lead, "units": units}
        )
    RequestPolicy.current()
    this_year = timezone.localdate().year
    years = range(this_year - 2, this_year + 2)
    ensure_built_in_major_events(years)
    games = []
    for year in years:
        saturday = datetime.date(year, 9, 1)
        saturday += datetime.timedelta(days=(5 - saturday.weekday()) % 7)
        for week in range(0, 12, 2):
            day = saturday + datetime.timedelta(weeks=week)
            games.append(
                MajorEvent(
                    name="UCLA football home game at the Rose Bowl",
                    start_date=day,
                    end_date=day,
                    source=MajorEvent.Source.IMPORTED,
                    external_uid=f"bench-{context.prefix}ucla-{day.isoformat()}",
                )
            )
    MajorEvent.objects.bulk_create(games)
    context.info["area_ids"] = [area.pk for area in areas]
    context.info["area_slug"] = areas[0].slug
    context.counts["areas"] = len(areas)
    context.counts["major events"] = MajorEvent.objects.count()


def build_requests(context: Context) -> None:
    """3,000 requests in every state, over the past year and the coming months."""
    raise Missing("the outreach request model has not landed yet (issue 4)")
