"""A feed's validators and answers: the ETag and Last-Modified of one state of a feed, from
one aggregate query, and the 304 or 200 answer with the cache policy of its kind.

Split from pasadena_pd/ical_feed.py (which serves the feed) to keep each module small.
"""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from pasadena_pd import ical
from pasadena_pd.models import CalendarFeedState

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Fingerprint:
    """What identifies one state of a feed, from one aggregate query."""

    last_updated: datetime.datetime | None
    count: int
    # The ETag and Last-Modified this feed was last answered with (None: never).
    seen_etag: str | None = None
    seen_last_modified: datetime.datetime | None = None

    def etag(self, *parts: str) -> str:
        raw = "|".join([ical.FORMAT_VERSION, *parts, str(self.count), self._stamp()])
        return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'

    def last_modified(self, today: datetime.date) -> datetime.datetime:
        # The window of a feed moves at local midnight (cancelled items drop out once past),
        # so the representation is at least as new as today's start. This also bounds how
        # long a client that sends only If-Modified-Since can miss a deleted item.
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        if self.last_updated is None:
            return midnight
        return max(self.last_updated, midnight)

    def _stamp(self) -> str:
        return self.last_updated.isoformat() if self.last_updated else "-"


def conditional_response(
    request, *, etag: str, last_modified: datetime.datetime, private: bool
) -> HttpResponse | None:
    """A 304 when the client's copy is current (None when the feed must be sent).

    Called before anything is rendered: the validators come from one aggregate query.
    """
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    if response is not None and response.status_code == 304:
        # A 304 repeats the validators and cache policy the 200 would carry (RFC 9110 15.4.5).
        set_feed_headers(response, etag=etag, last_modified=last_modified, private=private)
    return response


def calendar_response(
    body: bytes, *, etag: str, last_modified: datetime.datetime, private: bool, filename: str
):
    """The 200 answer of a feed, with the validators and cache policy of its kind."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    set_feed_headers(response, etag=etag, last_modified=last_modified, private=private)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def set_feed_headers(response, *, etag: str, last_modified: datetime.datetime, private: bool):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    # Both kinds revalidate on every poll (a cheap 304). Private feeds hold contact details:
    # "private" keeps shared caches from storing them (see docs/calendar-feeds.md).
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)


_STATE_TABLE = CalendarFeedState._meta.db_table
_STATE = (
    f"(SELECT etag FROM {_STATE_TABLE} WHERE key = %s), "  # noqa: S608
    f"(SELECT last_modified FROM {_STATE_TABLE} WHERE key = %s)"
)
_REMEMBER = f"""
    INSERT INTO {_STATE_TABLE} AS state (key, etag, last_modified) VALUES (%s, %s, %s)
    ON CONFLICT (key) DO UPDATE
    SET etag = EXCLUDED.etag,
        last_modified = GREATEST(state.last_modified + interval '1 second', EXCLUDED.last_modified)
    WHERE state.etag <> EXCLUDED.etag
    RETURNING last_modified
"""  # noqa: S608


def fingerprint(parts: list[tuple[QuerySet, str]], state_key: str) -> Fingerprint:
    """Latest update time and row count over several querysets, and the state this feed
    was last seen in, in one query."""
    params = []
    if parts:
        selects = []
        for queryset, field in parts:
            sql, sql_params = queryset.order_by().values_list(field).query.sql_with_params()
            selects.append(f"({sql})")
            params.extend(sql_params)
        union = " UNION ALL ".join(selects)
        sql = f"SELECT MAX(t.u), COUNT(*), {_STATE} FROM ({union}) AS t(u)"  # noqa: S608
    else:
        sql = f"SELECT NULL, 0, {_STATE}"  # noqa: S608
    with connection.cursor() as cursor:
        # The state's two parameters come first: they are in the select list.
        cursor.execute(sql, [state_key, state_key, *params])
        last_updated, count, seen_etag, seen_last_modified = cursor.fetchone()
    return Fingerprint(
        last_updated=last_updated,
        count=count,
        seen_etag=seen_etag,
        seen_last_modified=seen_last_modified,
    )


def last_modified_of(state: Fingerprint, *, state_key: str, etag: str, today) -> datetime.datetime:
    """The feed's Last-Modified, which only ever moves forward.

    Unchanged feed (same ETag as last seen): the stored time, no query. Changed: the later
    of its newest row and now, at least a second after the stored time, stored with one
    upsert. Items that leave a feed make no row newer; the ETag sees them (row count), and
    this makes Last-Modified follow, for clients that send only If-Modified-Since.
    """
    if state.seen_etag == etag:
        return state.seen_last_modified
    candidate = max(state.last_modified(today), timezone.now()).replace(microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(_REMEMBER, [state_key, etag, candidate])
        row = cursor.fetchone()
        if row is None:  # another process stored this very state a moment ago
            cursor.execute(
                f"SELECT last_modified FROM {_STATE_TABLE} WHERE key = %s",  # noqa: S608
                [state_key],
            )
            row = cursor.fetchone()
    return row[0]
