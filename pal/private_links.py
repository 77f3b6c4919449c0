"""The private links of a family's open PAL applications ("find my requests",
pasadena_pd/find_requests.py: the guardian's email address)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from pal.models import Enrollment
from pasadena_pd.find_requests import OpenItem

OPEN = (Enrollment.Status.SUBMITTED, Enrollment.Status.WAITLISTED, Enrollment.Status.ACCEPTED)


def open_for(email: str, now):
    enrollments = Enrollment.objects.filter(
        guardian__email__iexact=email,
        status__in=OPEN,
        term__end_date__gte=timezone.localdate(now),
    ).select_related("term")
    return [
        OpenItem(
            what=_("PAL application"),
            title=f"{enrollment.first_name} · {enrollment.term.name}",
            when=enrollment.term.start_date,
            status=enrollment.get_status_display(),
            path=enrollment.get_status_url(),
        )
        for enrollment in enrollments
    ]
