"""A calendar app's polling, with a plain HTTP client against a real server."""

import urllib.error
import urllib.request

import icalendar
import pytest

from tests.feeds.factories import FeedEventFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fetch(url, headers=None):
    assert url.startswith("http://")
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 (checked above)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:  # urllib raises on 304
        return error.code, dict(error.headers), error.read()


def test_client_subscribes_polls_gets_304_then_sees_a_change(live_server):
    event = FeedEventFactory(title="Noche Nacional: Encuentro con la Policía")
    url = live_server.url + "/calendar/events.ics"

    status, headers, body = fetch(url)
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    [item] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Noche Nacional: Encuentro con la Policía"

    status, again, body = fetch(
        url,
        {"If-None-Match": headers["ETag"], "If-Modified-Since": headers["Last-Modified"]},
    )
    assert status == 304
    assert body == b""
    assert again["ETag"] == headers["ETag"]

    event.title = "Noche Nacional (nueva hora)"
    event.save()
    status, _headers, body = fetch(url, {"If-None-Match": headers["ETag"]})
    assert status == 200
    [item] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(item["SUMMARY"]) == "Noche Nacional (nueva hora)"
