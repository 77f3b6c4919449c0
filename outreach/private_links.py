"""The private links of an address's open requests ("find my requests",
pasadena_pd/find_requests.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import PresentationRequest
from pasadena_pd.find_requests import OpenItem


def open_for(email: str, now):
    requests = PresentationRequest.objects.open().filter(
        contact_email__iexact=email, date__gte=timezone.localdate(now)
    )
    return [
        OpenItem(
            what=_("Presentation or event request"),
            title=request.title,
            when=request.date,
            status=request.get_status_display(),
            path=request.get_absolute_url(),
        )
        for request in requests
    ]
