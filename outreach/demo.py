"""Demo data for outreach: areas with specialists, special resources, major events, and
requests in every state."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from outreach.models import (
    DEFAULT_SPECIAL_RESOURCES,
    Area,
    MajorEvent,
    PresentationRequest,
    Specialist,
    SpecialResource,
)
from outreach.rules import is_weekend
from outreach.selectors import blackouts_between, unexcused_blocking_findings
from outreach.services.bookings import allocate_bookings, release_bookings
from outreach.services.decisions import accept_exception
from outreach.services.major_events import ensure_built_in_major_events
from outreach.workflow import REQUEST_WORKFLOW
from pasadena_pd.roles import NEIGHBORHOOD_SERVICES, SUPERVISORS
from pasadena_pd.workflow import record_state_change

Status = PresentationRequest.Status

# (key, title, kind, area slug, days ahead, weekend?, times, resources, states walked)
DEMO_REQUESTS = [
    (
        # Sent, its contact address not confirmed yet (issue 14): holds nothing.
        "nw-unconfirmed",
        "Linda Vista walking group talk",
        "neighborhood_watch",
        "northwest",
        30,
        False,
        ("18:00", "19:00"),
        [],
        [Status.UNCONFIRMED],
    ),
    (
        "nw-oakdale",
        "Oakdale Neighborhood Watch kick-off",
        "neighborhood_watch",
        "northwest",
        20,
        False,
        ("18:30", "20:00"),
        ["k9"],
        [Status.PENDING_REVIEW],
    ),
    (
        "block-party-maple",
        "Maple Street block party",
        "block_party",
        "northeast",
        45,
        True,
        ("12:00", "17:00"),
        [],
        [Status.AWAITING_SUPERVISOR_APPROVAL],
    ),
    (
        "bw-lake",
        "Lake Avenue Business Watch",
        "business_watch",
        "central",
        25,
        False,
        ("08:00", "09:30"),
        [],
        [Status.PENDING_REVIEW, Status.SCHEDULED],
    ),
    (
        "health-fair",
        "Community health fair",
        "health_fair",
        "southwest",
        60,
        True,
        ("10:00", "15:00"),
        ["mobile_substation"],
        [Status.AWAITING_SUPERVISOR_APPROVAL, Status.PENDING_REVIEW, Status.SCHEDULED],
    ),
    (
        "carnival",
        "School spring carnival",
        "carnival",
        "southeast",
        40,
        True,
        ("11:00", "16:00"),
        [],
        [Status.AWAITING_SUPERVISOR_APPROVAL, Status.DECLINED],
    ),
    (
        "nw-villa",
        "Villa Park watch meeting",
        "neighborhood_watch",
        "central",
        30,
        False,
        ("19:00", "20:00"),
        [],
        [Status.PENDING_REVIEW, Status.CANCELLED],
    ),
    (
        "bw-colorado",
        "Colorado Boulevard merchants meeting",
        "business_watch",
        "central",
        -10,
        False,
        ("09:00", "10:00"),
        [],
        [Status.PENDING_REVIEW, Status.SCHEDULED, Status.COMPLETED],
    ),
]

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
    seed_requests()


def seed_requests() -> None:
    supervisor = _demo_supervisor()
    today = timezone.localdate()
    for key, title, kind, slug, ahead, weekend, times, codes, states in DEMO_REQUESTS:
        if PresentationRequest.objects.filter(submission_key=f"demo-{key}").exists():
            continue
        area = Area.objects.get(slug=slug)
        request = PresentationRequest.objects.create(
            kind=kind,
            title=title,
            date=_free_day(today + datetime.timedelta(days=ahead), weekend),
            start_time=datetime.time.fromisoformat(times[0]),
            end_time=datetime.time.fromisoformat(times[1]),
            area=area,
            location=f"{100 + len(key)} {area.name} Avenue, Pasadena",
            expected_attendance=40,
            organization=f"{area.name} residents",
            contact_name="Demo Resident",
            contact_email=f"{key}@example.org",
            contact_phone="626-555-0100",
            status=states[0],
            submission_key=f"demo-{key}",
        )
        request.resources.set(SpecialResource.objects.filter(code__in=codes))
        if states[0] != Status.UNCONFIRMED:
            allocate_bookings(request)
        record_state_change(request, "", states[0], actor_label="requester")
        for source, target in zip(states, states[1:], strict=False):
            _walk(request, source, target, supervisor)


def _walk(request, source, target, supervisor) -> None:
    # Through the workflow table (no emails: the contacts are made up).
    fields = []
    reason = ""
    if source == Status.AWAITING_SUPERVISOR_APPROVAL and target == Status.PENDING_REVIEW:
        request.supervisor_approved_by = supervisor
        request.supervisor_approved_at = timezone.now()
        fields += ["supervisor_approved_by", "supervisor_approved_at"]
    if target == Status.SCHEDULED:
        if unexcused_blocking_findings(request):  # a past meeting, entered after the fact
            accept_exception(
                request, by=supervisor, reason="Demo data: entered after the meeting took place."
            )
        request.specialist = getattr(request.area, "specialist", None)
        fields.append("specialist")
    if target == Status.DECLINED:
        reason = request.decline_reason = "Every officer is committed to another event that day."
        fields.append("decline_reason")
    REQUEST_WORKFLOW.apply(request, target, by=supervisor, reason=reason, update_fields=fields)
    if target in (Status.DECLINED, Status.CANCELLED):
        release_bookings(request)


def _free_day(day: datetime.date, weekend: bool) -> datetime.date:
    blackouts = blackouts_between(day, day + datetime.timedelta(days=30))
    while is_weekend(day) != weekend or any(b.covers(day) for b in blackouts):
        day += datetime.timedelta(days=1)
    return day


def _demo_supervisor():
    user, created = get_user_model().objects.get_or_create(
        username="demo-supervisor",
        defaults={"first_name": "Demo", "last_name": "Supervisor", "is_staff": True},
    )
    if created:
        user.set_unusable_password()
        user.save()
    # Both roles, so that the demo can walk every move of the workflow table.
    user.groups.add(*Group.objects.filter(name__in=[SUPERVISORS, NEIGHBORHOOD_SERVICES]))
    return user


def _ucla_home_game_saturdays(year: int) -> list[datetime.date]:
    """Four Saturdays from September to November, two to three weeks apart (demo only)."""
    first_saturday = datetime.date(year, 9, 1)
    first_saturday += datetime.timedelta(days=(5 - first_saturday.weekday()) % 7)
    return [first_saturday + datetime.timedelta(weeks=weeks) for weeks in (1, 4, 7, 10)]
