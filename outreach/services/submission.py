"""The public side's one write: a resident submits a request (or cancels their own)."""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach import rules, selectors
from outreach.models import PresentationRequest
from outreach.services.bookings import ResourceUnavailable, allocate_bookings, release_bookings
from outreach.workflow import REQUEST_WORKFLOW
from pasadena_pd.confirmation import has_expired
from pasadena_pd.mail import send_templated_email
from pasadena_pd.workflow import record_state_change

REQUEST_FIELDS = (
    "kind",
    "title",
    "date",
    "start_time",
    "end_time",
    "area",
    "location",
    "expected_attendance",
    "organization",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
)
REQUESTER = "requester"


@dataclass
class Submission:
    request: PresentationRequest | None
    findings: list[rules.Finding] = field(default_factory=list)
    next_dates: list[datetime.date] = field(default_factory=list)
    duplicate: bool = False
    held: bool = False  # would pass, but the sender is at the per-address limit
    capped: bool = False  # would pass, but the contact email has its open requests' cap

    @property
    def accepted(self) -> bool:
        return self.request is not None


def submit_request(
    *,
    data: dict,
    submission_key: str,
    today: datetime.date,
    browser_key: str = "",
    at_limit: bool = False,
) -> Submission:
    """Check the rules and, when nothing blocks, store the request and book its resources.

    Side effects when accepted: one PresentationRequest, unconfirmed (issue 14: no review
    and no resource unit until the contact confirms, `confirm_request`), its first history
    entry, and an email to the contact with the link to confirm. The same
    form sent again with the same answers (a double click, Back then send) returns the
    first request and changes nothing. `browser_key` is a secret the browser keeps (its
    CSRF cookie): Back brings the answers again but a new form key (browsers do not restore
    hidden fields, and the form is never stored), so the browser is what ties them.
    `at_limit`: the sender may not save more now; a request the rules accept is then held
    (nothing saved), while refusals still say why.
    """
    resources = list(data.get("resources") or [])
    submission_key = _idempotency_key(browser_key or submission_key, data, resources)
    # A form sent again returns its first request, whatever the rules, the limit or the cap
    # say now. Looked up only where nothing is saved; when the request would be saved, the
    # unique key finds the first one (the IntegrityError below): one query less per request.
    proposal = rules.ProposedRequest(
        kind=data["kind"],
        date=data["date"],
        start_time=data["start_time"],
        end_time=data["end_time"],
        resources=tuple(sorted(resource.code for resource in resources)),
    )
    context = selectors.rules_context(today, proposal.resources)
    findings = rules.evaluate(proposal, context)
    if any(finding.blocking for finding in findings):
        return _duplicate(submission_key) or _refused(proposal, context, findings)
    if at_limit:
        return _duplicate(submission_key) or Submission(None, findings=findings, held=True)
    if at_open_request_cap(data["contact_email"]):
        return _duplicate(submission_key) or Submission(None, findings=findings, capped=True)

    # Nothing is held until the contact address confirms (issue 14): no review, no unit.
    status = PresentationRequest.Status.UNCONFIRMED
    try:
        with transaction.atomic():
            request = PresentationRequest(
                **{name: data.get(name) or "" for name in REQUEST_FIELDS if name != "area"},
                area=data["area"],
                status=status,
                submission_key=submission_key or None,
                proposed_on=today,
            )
            request.expected_attendance = data["expected_attendance"]
            # Uniqueness and the table's constraints are the database's job here (see the
            # IntegrityError below); the form has checked the times. Validating them again in
            # Python costs a query each and was a quarter of the submission's time.
            # The area is the form's own lookup: no second query to see that it exists.
            request.full_clean(exclude=["area"], validate_unique=False, validate_constraints=False)
            request.save()
            record_state_change(request, "", status, actor_label=REQUESTER)
            if resources:  # most requests ask for none: two queries saved
                request.resources.set(resources)
            # Not confirmed: the contact's name and the day, none of the other typed text.
            # Sent once this commits (queued in this transaction with the database backend).
            _email(
                request,
                "outreach/mail/request_unconfirmed",
                expire_hours=settings.UNCONFIRMED_EXPIRE_HOURS,
            )
    except IntegrityError:
        # The same form sent again (or twice at once): the first request holds the key.
        duplicate = _duplicate(submission_key)
        if duplicate is None:
            raise
        return duplicate

    return Submission(request, findings=findings)


class ConfirmationRefused(Exception):
    """The request cannot be confirmed now; the message says why (translated)."""


def confirm_request(request: PresentationRequest, *, by, today=None, now=None):
    """The contact opened the emailed link and confirms: the request goes to review (or to
    a supervisor, for a weekend) and its resource units are booked now, with the rules and
    the open-requests cap checked again. Confirming twice is harmless.

    Side effects: history, bookings, the usual "request received" email. Raises
    ConfirmationRefused (nothing held) when expired, refused by a rule, capped or booked.
    """
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    with transaction.atomic():
        request = PresentationRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != PresentationRequest.Status.UNCONFIRMED:
            return request
        if has_expired(request.created_at, now):
            raise ConfirmationRefused(
                _("This request expired before it was confirmed. Please send it again.")
            )
        proposal = selectors.proposal_of(request)
        context = selectors.rules_context(today, proposal.resources)
        blocking = [f for f in rules.evaluate(proposal, context) if f.blocking]
        if blocking:
            raise ConfirmationRefused(" ".join(str(finding.message) for finding in blocking))
        if at_open_request_cap(request.contact_email):
            raise ConfirmationRefused(
                _("One email address can have %(cap)s requests open at a time.")
                % {"cap": settings.OUTREACH_OPEN_REQUESTS_PER_EMAIL}
            )
        target = (
            PresentationRequest.Status.AWAITING_SUPERVISOR_APPROVAL
            if rules.is_weekend(request.date)
            else PresentationRequest.Status.PENDING_REVIEW
        )
        try:
            with transaction.atomic():
                REQUEST_WORKFLOW.apply(request, target, by=by, actor_label=getattr(by, "label", ""))
                if proposal.resources:
                    allocate_bookings(request)
        except ResourceUnavailable as unavailable:
            raise ConfirmationRefused(
                _("%(resource)s is already booked at that time.")
                % {"resource": unavailable.resource.label}
            ) from unavailable
    _email(request, "outreach/mail/request_received")
    return request


def at_open_request_cap(email: str) -> bool:
    """One address may not hold more than OUTREACH_OPEN_REQUESTS_PER_EMAIL open requests
    (dates, resources), so that nobody books the section's calendar for themselves."""
    open_requests = PresentationRequest.objects.open().filter(contact_email__iexact=email)
    return open_requests.count() >= settings.OUTREACH_OPEN_REQUESTS_PER_EMAIL


def _idempotency_key(sender_key: str, data: dict, resources) -> str:
    """The sender's key (browser or form) bound to the answers sent with it.

    The same answers from the same browser find the first request; Back, change an answer
    and send makes a new one (the resident meant another request). Never the answers alone:
    whoever guessed them would be sent to someone else's private page. Unique in the table.
    """
    if not sender_key:
        return ""
    answers = [getattr(data.get(name), "pk", data.get(name)) for name in REQUEST_FIELDS]
    parts = [sender_key, *(str(answer or "") for answer in answers)]
    parts += sorted(resource.code for resource in resources)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _duplicate(submission_key: str) -> Submission | None:
    """The first request sent with this key, as this submission's answer; None if none."""
    if not submission_key:
        return None
    existing = PresentationRequest.objects.filter(submission_key=submission_key).first()
    return None if existing is None else Submission(existing, duplicate=True)


def _refused(proposal, context, findings) -> Submission:
    # `evaluate` named the first of these dates in every blocking finding: one answer.
    suggestion = rules.suggest_dates(proposal, context, 3)
    return Submission(None, findings=findings, next_dates=list(suggestion.dates))


def cancel_request(request: PresentationRequest, *, by, reason: str = "") -> None:
    """The requester (`by=LinkHolder(token)`, from their private page) or staff cancels an
    open request; the workflow checks `outreach.cancel_request`.

    Side effects: status "cancelled", history, the request's bookings released, an email.
    """
    with transaction.atomic():
        request = PresentationRequest.objects.select_for_update().get(pk=request.pk)
        REQUEST_WORKFLOW.apply(
            request,
            PresentationRequest.Status.CANCELLED,
            by=by,
            actor_label=getattr(by, "label", ""),
            reason=reason,
        )
        release_bookings(request, reason=_("The request was cancelled."))
    send_decision_email(request)


def send_decision_email(request: PresentationRequest) -> None:
    _email(request, "outreach/mail/request_updated")


def send_move_email(request: PresentationRequest, *, before, after) -> None:
    """The requester learns the new day, times and place, next to the old ones."""
    _email(request, "outreach/mail/request_moved", before=before, after=after)


def _email(request: PresentationRequest, template: str, **extra) -> None:
    send_templated_email(
        to=request.contact_email,
        template=template,
        context={"request": request, **extra},
        language=request.language,
    )
