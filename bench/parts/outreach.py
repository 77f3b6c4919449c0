"""Outreach's part of the data set: areas, specialists, resources, blackout days, requests."""

import datetime

from django.utils import timezone

from bench.dataset import Context, model
from pasadena_pd.rules import is_weekend

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
    from outreach.services.major_events import ensure_built_in_major_events

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


KINDS = ["neighborhood_watch", "business_watch", "community_event", "block_party", "health_fair"]
PAST_STATES = ["completed"] * 6 + ["declined", "cancelled"]
FUTURE_STATES = ["pending_review"] * 4 + ["scheduled"] * 4 + ["declined", "cancelled"]


def build_requests(context: Context) -> None:
    """Requests in every state over the past year and the coming six months, and the fields
    of one more that the public form accepts (for the POST benchmark)."""
    request_model = model("outreach.PresentationRequest")
    from django.contrib.auth import get_user_model

    from outreach.models import SpecialResource

    rng = context.rng
    supervisor, _created = get_user_model().objects.get_or_create(
        username="bench-supervisor", defaults={"is_staff": True}
    )
    area_ids = context.info["area_ids"]
    specialists = dict(
        model("outreach.Specialist")
        .objects.filter(area_id__in=area_ids)
        .values_list("area_id", "pk")
    )
    today = timezone.localdate()
    now = timezone.now()
    requests = []
    for index in range(context.sizes["requests"]):
        day = today + datetime.timedelta(days=rng.randint(-365, 180))
        weekend = is_weekend(day)
        if day < today:
            status = rng.choice(PAST_STATES)
        elif weekend and rng.random() < 0.5:
            status = "awaiting_supervisor_approval"
        else:
            status = rng.choice(FUTURE_STATES)
        approved = weekend and status in ("scheduled", "completed")
        area_id = rng.choice(area_ids)
        start = datetime.time(rng.choice([10, 13, 17, 18]), 0)
        requests.append(
            request_model(
                kind=rng.choice(KINDS[3:] if weekend else KINDS[:3]),
                title=f"{context.prefix}Request {index}: neighborhood meeting",
                date=day,
                start_time=start,
                end_time=datetime.time(start.hour + (5 if weekend else 2), 0),
                area_id=area_id,
                location=f"{100 + index} E Colorado Blvd, Pasadena, CA 91101",
                expected_attendance=rng.randint(10, 400),
                organization="Neighborhood association" if rng.random() < 0.6 else "",
                contact_name=f"Resident {index}",
                contact_email=f"{context.prefix}requester{index}@example.org",
                contact_phone="626-555-0100",
                status=status,
                specialist_id=specialists.get(area_id) if status != "pending_review" else None,
                supervisor_approved_by=supervisor if approved else None,
                supervisor_approved_at=now if approved else None,
                decline_reason="No officer is free that evening." if status == "declined" else "",
            )
        )
    requests = request_model.objects.bulk_create(requests, batch_size=1000)
    resources = list(SpecialResource.objects.all())
    through = request_model.resources.through
    through.objects.bulk_create(
        [
            through(presentationrequest_id=request.pk, specialresource_id=rng.choice(resources).pk)
            for request in requests
            if rng.random() < 0.1
        ],
        batch_size=1000,
    )
    context.counts["requests"] = len(requests)
    context.info["admin_changelist"] = "/admin/outreach/presentationrequest/"
    context.info["request_form"] = _valid_request_form(context, today)


def _valid_request_form(context: Context, today: datetime.date) -> dict:
    """A weekday request three to six weeks out, on no blackout day: the form accepts it.
    "__N__" is replaced per request by the load generator, so that each one is new."""
    from outreach.models import Area
    from outreach.selectors import blackouts_between

    last = today + datetime.timedelta(days=60)
    blackouts = blackouts_between(today, last)
    day = today + datetime.timedelta(days=21)
    while is_weekend(day) or any(blackout.covers(day) for blackout in blackouts):
        day += datetime.timedelta(days=1)
    return {
        "kind": "neighborhood_watch",
        "title": "Benchmark Neighborhood Watch meeting __N__",
        "date": day.isoformat(),
        "start_time": "18:00",
        "end_time": "19:30",
        "area": Area.objects.get(pk=context.info["area_ids"][0]).slug,
        "location": "100 N Garfield Ave, Pasadena, CA 91101",
        "expected_attendance": "40",
        "organization": "Benchmark block club",
        "contact_name": "Bench Resident",
        "contact_email": "bench-__N__@example.org",
        "contact_phone": "626-555-0100",
        "notes": "",
        "submission_key": "benchsubmission-__N__",
    }
