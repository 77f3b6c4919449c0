"""What in outreach may need a reminder (pasadena_pd/reminders.py decides and sends): the
requester of each scheduled presentation or event, before its day. Requests that are
waiting, declined, cancelled or completed are never candidates."""

import datetime

from django.utils import timezone

from outreach.models import PresentationRequest
from pasadena_pd.reminder_policy import EVERYTHING, Candidate


def candidates(starting_after, starting_until):
    tz = timezone.get_default_timezone()
    requests = PresentationRequest.objects.filter(
        status=PresentationRequest.Status.SCHEDULED,
        anonymised_at__isnull=True,
        date__gte=starting_after.astimezone(tz).date(),
        date__lte=starting_until.astimezone(tz).date(),
    ).select_related("specialist")
    for request in requests:
        starts_at = datetime.datetime.combine(request.date, request.start_time, tzinfo=tz)
        if not starting_after < starts_at <= starting_until:
            continue
        yield Candidate(
            about="outreach.request",
            object_id=request.pk,
            starts_at=starts_at,
            booked_at=request.created_at,
            kinds=EVERYTHING,
            to=request.contact_email,
            language=request.language,
            template="outreach/mail/request_reminder",
            context={"request": request},
        )
