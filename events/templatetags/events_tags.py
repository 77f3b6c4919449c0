from django import template

from events import selectors

register = template.Library()


@register.inclusion_tag("events/_upcoming_teaser.html")
def upcoming_events(count: int = 3):
    """The next few published events, for the home page."""
    return {"events": list(selectors.public_events().upcoming()[:count])}
