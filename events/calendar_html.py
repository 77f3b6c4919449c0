"""The month calendar's entries, each written once as HTML (docs/performance.md, issue 20).

The template showed every entry twice (the grid for wide screens, the list for phones), each
time reversing the event's URL, formatting its time and escaping its title through template
lookups: most of the month page's time. Here each entry is written once for both places,
with the same HTML the template wrote: each event's URL reversed once, each distinct start
time formatted once.
"""

import datetime
import re
from dataclasses import dataclass

from django.template.defaultfilters import time as time_filter
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


@dataclass(frozen=True)
class CalendarEntry:
    grid_link: SafeString  # the entry in the month grid
    list_item: SafeString  # the entry in the phones' list


def event_paths():
    """slug -> the event page's path, with the URL pattern reversed once (not ~100 times)."""
    sample = reverse("events:detail", kwargs={"slug": "x"})
    head, tail = sample[: sample.rindex("/x/") + 1], sample[sample.rindex("/x/") + 2 :]

    def path(event) -> str:
        # Any slug that reverse() would quote or refuse takes the long way.
        return (
            f"{head}{event.slug}{tail}"
            if PLAIN_SLUG.match(event.slug)
            else event.get_absolute_url()
        )

    return path


def written_entries(entries: dict) -> dict[datetime.date, list[CalendarEntry]]:
    """{day: [(event, local start)]} (events.selectors.calendar_entries) as HTML pieces."""
    event_path = event_paths()
    urls: dict[int, str] = {}
    times: dict[tuple, str] = {}
    badge = format_html(' <span class="badge text-bg-danger">{}</span>', _("Cancelled"))
    written = {}
    for day, day_entries in entries.items():
        pieces = []
        for event, starts_at in day_entries:
            url = urls.get(event.pk)
            if url is None:
                url = urls[event.pk] = conditional_escape(event_path(event))
            # The time format shows the time (and at most the zone's name): one per time.
            key = (starts_at.time(), starts_at.tzinfo, starts_at.utcoffset())
            shown_time = times.get(key)
            if shown_time is None:
                shown_time = times[key] = conditional_escape(time_filter(starts_at, "TIME_FORMAT"))
            label = f"{shown_time} {conditional_escape(event.title)}"
            cancelled = event.cancelled
            grid_class = " event-cancelled" if cancelled else ""
            # Every part is escaped above.
            pieces.append(
                CalendarEntry(
                    grid_link=mark_safe(  # noqa: S308
                        f'<a class="calendar-entry d-block{grid_class}" href="{url}">{label}</a>'
                    ),
                    list_item=mark_safe(  # noqa: S308
                        f'<li><a href="{url}">{label}</a>{badge if cancelled else ""}</li>'
                    ),
                )
            )
        written[day] = pieces
    return written
