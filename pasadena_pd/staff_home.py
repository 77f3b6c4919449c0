"""The staff home (/staff/): for the signed-in staff member, what waits on them.

Each entry names the rule of the step it waits for (asked in the apps' permissions.py, as
everywhere else): a supervisor sees the weekend requests to approve because
`outreach.approve_weekend_request` lets them approve, not because of a group name. The
count is of records only (no personal data); the link opens the admin's change list
filtered to exactly those records, where the record-level rules apply as usual.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from events.models import BlockParty
from outreach.models import PresentationRequest, ResourceBooking
from pal.models import Enrollment
from pasadena_pd.permissions import can


@dataclass(frozen=True)
class Waiting:
    """One kind of work: shown when every rule allows, with `count()` records at `url`."""

    rules: tuple[str, ...]
    title: str
    summary_text: str
    admin_url: str
    filters: dict
    count: Callable[[], int]

    @property
    def url(self) -> str:
        return f"{reverse(self.admin_url)}?{urlencode(self.filters)}"

    def summary(self, count: int) -> str:
        return str(self.summary_text % {"count": count})


def _count(model, **filters) -> Callable[[], int]:
    return lambda: model.objects.filter(**filters).count()


WAITING = (
    Waiting(
        ("outreach.view_requests", "outreach.approve_weekend_request"),
        _("Weekend requests awaiting supervisor approval"),
        ngettext_lazy(
            "%(count)d weekend request to approve or decline",
            "%(count)d weekend requests to approve or decline",
            "count",
        ),
        "admin:outreach_presentationrequest_changelist",
        {"status__exact": "awaiting_supervisor_approval"},
        _count(PresentationRequest, status=PresentationRequest.Status.AWAITING_SUPERVISOR_APPROVAL),
    ),
    Waiting(
        ("outreach.view_requests", "outreach.schedule_request"),
        _("Requests to review and schedule"),
        ngettext_lazy("%(count)d request to review", "%(count)d requests to review", "count"),
        "admin:outreach_presentationrequest_changelist",
        {"status__exact": "pending_review"},
        _count(PresentationRequest, status=PresentationRequest.Status.PENDING_REVIEW),
    ),
    Waiting(
        ("outreach.view_bookings", "outreach.confirm_booking"),
        _("Special resources to confirm"),
        ngettext_lazy("%(count)d booking to confirm", "%(count)d bookings to confirm", "count"),
        "admin:outreach_resourcebooking_changelist",
        {"state__exact": "pending_preplanning"},
        _count(ResourceBooking, state=ResourceBooking.State.PENDING_PREPLANNING),
    ),
    Waiting(
        ("events.view_block_parties", "events.approve_block_party"),
        _("Block parties to approve"),
        ngettext_lazy(
            "%(count)d block party to approve or decline",
            "%(count)d block parties to approve or decline",
            "count",
        ),
        "admin:events_blockparty_changelist",
        {"status__exact": "pending"},
        _count(BlockParty, status=BlockParty.Status.PENDING),
    ),
    Waiting(
        ("pal.use_staff_area", "pal.decide_application"),
        _("PAL applications to decide"),
        ngettext_lazy(
            "%(count)d application to accept or decline",
            "%(count)d applications to accept or decline",
            "count",
        ),
        "admin:pal_enrollment_changelist",
        {"status__exact": "submitted"},
        _count(Enrollment, status=Enrollment.Status.SUBMITTED),
    ),
)


@dataclass(frozen=True)
class Row:
    title: str
    count: int
    summary: str
    url: str


def waiting_for(user) -> list[Row]:
    """The kinds of work this user's rules let them do, each with its count now."""
    rows = []
    for waiting in WAITING:
        if all(can(user, rule) for rule in waiting.rules):
            count = waiting.count()
            rows.append(Row(str(waiting.title), count, waiting.summary(count), waiting.url))
    return rows
