"""Every feed, read by two parsers independent of our writer (tests/feeds/calendar_readers),
shows exactly the items and local times that the site's pages show, whatever the titles
hold and in the repeated hour of the fall-back Sunday (issue 15, "Done when")."""

import datetime
import html
import re

import pytest
import time_machine

from outreach.models import ResourceBooking
from outreach.rules.blackouts import built_in_major_events
from pasadena_pd.feed_tokens import create_feed_token
from pasadena_pd.roles import SUPERVISORS
from tests.factories import AreaFactory, MajorEventFactory, UserFactory
from tests.feeds.calendar_readers import LOS_ANGELES, READERS, Seen, local_text
from tests.feeds.factories import (
    ApprovedBlockPartyFactory,
    FeedEventFactory,
    FeedSessionFactory,
    ResourceBookingFactory,
    ScheduledRequestFactory,
    local,
)
from tests.security.otp import totp_device_for

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
TODAY = datetime.date(2027, 10, 20)
HOSTILE = {
    "cr": "Safety walk\rbare CR",
    "lf": "Safety walk\nbare LF",
    "crlf": "Noche\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected\r\nATTENDEE:mailto:x@x.org",
    "punctuation": "Café, cops; back\\slash \\n \\N \\, not escapes 🎉🚓",
}
# The fall-back Sunday: 01:30 PDT (08:30 UTC), then 01:30 PST (09:30 UTC).
FIRST_0130 = datetime.datetime(2027, 11, 7, 8, 30, tzinfo=UTC)
SECOND_0130 = datetime.datetime(2027, 11, 7, 9, 30, tzinfo=UTC)
HOUR = datetime.timedelta(hours=1)


def as_shown(text: str) -> str:
    """A line break is one LF in a calendar, however it was typed (CR, LF or CRLF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@pytest.fixture(autouse=True)
def _pinned_day():
    with time_machine.travel(datetime.datetime(2027, 10, 20, 17, tzinfo=UTC), tick=True):
        yield


@pytest.fixture
def site():
    """Events, requests, a block party and major events with hostile text."""
    northwest, other = AreaFactory(slug="northwest"), AreaFactory(slug="other")
    events = {}
    for n, (key, title) in enumerate(HOSTILE.items()):
        day = TODAY + datetime.timedelta(days=3 + n)
        events[key] = FeedEventFactory(
            title=title,
            slug=f"hostile-{key}",
            area=northwest,
            starts_at=local(day, 18, 30),
            ends_at=local(day, 20),
        )
    events["first"] = FeedEventFactory(
        title="Vigilia, primera 1:30",
        slug="first",
        area=northwest,
        starts_at=FIRST_0130,
        ends_at=FIRST_0130 + HOUR / 2,
    )
    events["second"] = FeedEventFactory(
        title="Vigil; the second 1:30",
        slug="second",
        area=northwest,
        starts_at=SECOND_0130,
        ends_at=SECOND_0130 + HOUR,
    )
    events["cancelled"] = FeedEventFactory(
        title="Called off, sorry",
        slug="called-off",
        area=other,
        status="cancelled",
        cancellation_reason="Rain; sorry",
    )
    # The Academy across the DST change: a week off, one session elsewhere and earlier.
    academy = FeedEventFactory(
        title="Academy \\ 2027, Spring; 🚓", slug="academy", area=other, kind="academy"
    )
    for week, hour, place in [(0, 18, ""), (1, 18, ""), (3, 17, "Range"), (4, 18, "")]:
        day = datetime.date(2027, 10, 26) + datetime.timedelta(weeks=week)
        FeedSessionFactory(
            event=academy, starts_at=local(day, hour), ends_at=local(day, hour + 3), location=place
        )
    events["academy"] = academy
    FeedEventFactory(title="Draft, not published", slug="draft", area=northwest, published=False)

    request = ScheduledRequestFactory(title=HOSTILE["crlf"], area=northwest)
    ResourceBookingFactory(request=request, state=ResourceBooking.State.PENDING_PREPLANNING)
    party = ApprovedBlockPartyFactory(street_name=HOSTILE["punctuation"], area=other)
    major = MajorEventFactory(
        name=HOSTILE["cr"],
        start_date=TODAY.replace(month=12, day=5),
        end_date=TODAY.replace(month=12, day=6),
    )
    supervisor = UserFactory(roles=[SUPERVISORS], first_name="Ana", last_name="Núñez, Jr.")
    totp_device_for(supervisor)  # a feed answers while its owner holds an authenticator app
    token = create_feed_token(owner=supervisor, by=supervisor).token
    return {
        "areas": (northwest, other),
        "events": events,
        "request": request,
        "party": party,
        "major": major,
        "private": f"/calendar/private/{token}.ics",
    }


# --- What the pages show ---------------------------------------------------------------------


def _between(page: str, start: str, end: str) -> str:
    found = re.search(re.escape(start) + "(.*?)" + re.escape(end), page, re.S)
    return found.group(1) if found else ""


def _times(fragment: str) -> list[str]:
    moments = re.findall(r'<time datetime="([^"]+)"', fragment)
    return [local_text(datetime.datetime.fromisoformat(moment)) for moment in moments]


def event_page(client, slug: str) -> list[Seen]:
    """The occurrences an event's page shows: its sessions, or its own start and end."""
    page = client.get(f"/events/{slug}/").content.decode()
    title = as_shown(html.unescape(_between(page, "<h1>", "</h1>")))
    cancelled = "This event is cancelled." in page
    if cancelled:
        title = f"Cancelled: {title}"
    status = "CANCELLED" if cancelled else "CONFIRMED"
    times = _times(_between(page, '<ol class="event-sessions">', "</ol>"))
    times = times or _times(_between(page, '<dl class="row event-facts">', "</dd>"))
    pairs = zip(times[::2], times[1::2], strict=True)
    return [Seen(title, start, end, status) for start, end in pairs]


_WHEN = re.compile(r"<dd[^>]*>(\w+, \w+ \d+, \d{4}), ([^<–]+?)\s*–\s*([^<]+?)</dd>")


def _clock(day: datetime.date, text: str) -> str:
    """Django's English TIME_FORMAT ("6 p.m.", "7:30 p.m.", "noon", "midnight")."""
    text = {"noon": "12 p.m.", "midnight": "12 a.m."}.get(text, text)
    found = re.fullmatch(r"(\d+)(?::(\d\d))? ([ap])\.m\.", text)
    hour = int(found.group(1)) % 12 + (12 if found.group(3) == "p" else 0)
    moment = datetime.datetime.combine(day, datetime.time(hour, int(found.group(2) or 0)))
    return local_text(moment.replace(tzinfo=LOS_ANGELES))


def page_when(page: str) -> tuple[str, str]:
    """The local start and end a requester's or a host's page shows ("When")."""
    day_text, start, end = _WHEN.search(page).groups()
    day = datetime.datetime.strptime(day_text, "%A, %B %d, %Y").date()
    return _clock(day, start), _clock(day, end)


def request_page(client, request, status: str) -> Seen:
    page = client.get(f"/outreach/requests/{request.token}/").content.decode()
    title = as_shown(html.unescape(_between(page, "<h1>", "</h1>")))
    return Seen(title, *page_when(page), status)


def block_party_page(client, party) -> Seen:
    page = client.get(f"/events/block-parties/{party.token}/").content.decode()
    return Seen(f"Block party: {as_shown(party.street_name)}", *page_when(page), "CONFIRMED")


def major_events_the_rules_refuse(stored) -> list[Seen]:
    """The built-in days the booking rules refuse (90 days back to 2030), and `stored`."""
    first = TODAY - datetime.timedelta(days=90)
    days = [
        (event.name, event.date, event.date)
        for year in range(first.year, 2031)
        for event in built_in_major_events(year)
        if event.date >= first
    ]
    days.append((as_shown(stored.name), stored.start_date, stored.end_date))
    one_day = datetime.timedelta(days=1)
    return [
        Seen(name, first.isoformat(), (last + one_day).isoformat(), "CONFIRMED")
        for name, first, last in days
    ]


# --- The test ---------------------------------------------------------------------------------


def expected_feeds(client, site) -> dict[str, tuple[str, list[Seen]]]:
    """Feed path -> (the calendar's name, what the pages show), for every kind of feed."""
    events = site["events"]
    pages = {key: event_page(client, event.slug) for key, event in events.items()}
    northwest = [key for key, event in events.items() if event.area == site["areas"][0]]
    feeds = {
        "/calendar/events.ics": (
            "Pasadena Police community events",
            [seen for shown in pages.values() for seen in shown],
        ),
        "/calendar/areas/northwest.ics": (
            "Pasadena Police events: " + site["areas"][0].name,
            [seen for key in northwest for seen in pages[key]],
        ),
        "/calendar/major-events.ics": (
            "Pasadena major events",
            major_events_the_rules_refuse(site["major"]),
        ),
        f"/outreach/requests/{site['request'].token}.ics": (
            as_shown(site["request"].title),
            [request_page(client, site["request"], "CONFIRMED")],
        ),
        # A supervisor's: the request (resources pending: tentative) and the block party.
        site["private"]: (
            "Community Services work: Ana Núñez, Jr.",
            [
                request_page(client, site["request"], "TENTATIVE"),
                block_party_page(client, site["party"]),
            ],
        ),
    }
    for key, event in events.items():
        feeds[f"/events/{event.slug}.ics"] = (as_shown(event.title), pages[key])
    return feeds


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_feed_reads_as_the_pages_show_it(client, site, reader):
    read = READERS[reader]
    feeds = expected_feeds(client, site)

    for path, (name, shown) in feeds.items():
        response = client.get(path)
        assert response.status_code == 200, path
        reading = read(response.content)
        assert reading.name == name, path
        assert reading.occurrences == sorted(shown), path


def test_the_pages_and_feeds_tell_the_two_0130_apart(client, site):
    """The test above is only as good as what it compares: both 01:30 are on the pages, an
    hour apart, and every hostile title reaches them (no item lost on both sides)."""
    first, second = event_page(client, "first"), event_page(client, "second")

    assert first[0].start == "2027-11-07T01:30:00-07:00"
    assert second[0].start == "2027-11-07T01:30:00-08:00"
    for key, title in HOSTILE.items():
        [shown] = event_page(client, f"hostile-{key}")
        assert shown.summary == as_shown(title)
    assert len(event_page(client, "academy")) == 4
