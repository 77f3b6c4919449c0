"""A requester's own calendar of their request (`/outreach/requests/<token>.ics`), served
`Cache-Control: private, no-cache`: it names their specialist."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from outreach.feeds.sources import RequestSource, scheduled_requests
from outreach.models import PresentationRequest
from pasadena_pd.ical_feed import FeedContext, feed_meta, feed_view, page_path, serve_feed


@feed_view
def request_feed(request, token):
    """404 until the request is scheduled (and after it is past, if cancelled)."""
    context = FeedContext.from_request(request)
    visible = PresentationRequest.objects.filter(scheduled_requests(context.today_start))
    presentation = get_object_or_404(visible.only("uid", "title", "token"), token=token)
    meta = feed_meta(
        request,
        context,
        key=f"request-{presentation.uid}",
        name=presentation.title,
        description=_("Your request to the Pasadena Police Community Services Section"),
        page_path=page_path(presentation, "outreach:areas"),
    )
    source = RequestSource(context, for_staff=False, pk=presentation.pk)
    return serve_feed(request, meta=meta, sources=[source], private=True)
