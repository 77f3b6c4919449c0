from django import template

from events import selectors
from events.rules.registration import places_left

register = template.Library()


@register.filter
def places_left_of(event):
    """Places left of an event read with `selectors.with_places`; None: no limit or unknown."""
    confirmed = getattr(event, "confirmed_people", None)
    if confirmed is None or event.capacity is None or not event.takes_registrations:
        return None
    return places_left(event.capacity, confirmed)


@register.inclusion_tag("events/_upcoming_teaser.html")
def upcoming_events(count: int = 3):
    """The next few published events, for the home page."""
    # Only what the teaser shows (no area, no description).
    events = (
        selectors.public_events().select_related(None).only("slug", "title", "status", "starts_at")
    )
    return {"events": list(events.upcoming()[:count])}
