"""Serving a calendar feed: validators first, then cached components, then the bytes.

Each app describes its items with an `ItemSource` (which rows, their versions, how to turn
rows into `CalendarItem`s); `serve_feed` does the rest for any mix of sources:

1. one aggregate query over every source (max of the update times, count of rows) gives
   the ETag and Last-Modified, and a matching conditional GET is answered 304 right there;
2. one light query per source lists (pk, UID, version) of its rows;
3. `ical_cache.cached_components` returns the bytes, building only what changed.

The number of queries never depends on the number of items.
"""

import datetime
import hashlib
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from pasadena_pd import ical
from pasadena_pd.ical_cache import Entry, cached_components, identity_key
from pasadena_pd.models import CalendarFeedState, StateChange

CONTENT_TYPE = "text/calendar; charset=utf-8"
BODY_MEMO_SIZE = 16
# Above this many rows to load, a source reads its whole window instead of `pk IN (...)`:
# compiling thousands of parameters costs more than skipping the few rows already cached.
BULK_LOAD = 500


@dataclass(frozen=True)
class FeedContext:
    """What every item of one answer shares: the day, the address and the language."""

    today: datetime.date
    origin: str  # scheme and host, for links back to pages
    language: str

    @classmethod
    def from_request(cls, request) -> "FeedContext":
        return cls(
            today=timezone.localdate(),
            origin=request.build_absolute_uri("/").rstrip("/"),
            language=translation.get_language() or "en",
        )

    def absolute(self, path: str) -> str:
        return self.origin + path

    def start_of(self, day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    @property
    def window_start(self) -> datetime.datetime:
        """Feeds keep the past 90 days, so a subscriber still sees what just happened."""
        return self.start_of(self.today - datetime.timedelta(days=90))

    @property
    def today_start(self) -> datetime.datetime:
        return self.start_of(self.today)


def page_path(obj, fallback: str) -> str:
    """The path of an item's page, or of `fallback` while its app serves no such page."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return reverse(fallback)


class PageUrls:
    """Absolute page addresses for many items from one `reverse`: reversing per item was a
    tenth of a cold 5,000-event build. Mirrors the model's `get_absolute_url`."""

    PLACEHOLDER = "__key__"

    def __init__(self, context, name: str, fallback: str, *, kwarg: str | None = None):
        try:
            if kwarg:
                template = reverse(name, kwargs={kwarg: self.PLACEHOLDER})
            else:
                template = reverse(name, args=[self.PLACEHOLDER])
        except NoReverseMatch:  # the page's app does not serve it (yet)
            template = reverse(fallback)
        self.template = context.absolute(template)

    def __call__(self, key) -> str:
        return self.template.replace(self.PLACEHOLDER, str(key))


def admin_urls(context, model) -> PageUrls:
    """Where staff open an item: its admin change page (or the admin index)."""
    meta = model._meta
    return PageUrls(context, f"admin:{meta.app_label}_{meta.model_name}_change", "admin:index")


def join_lines(*lines: str) -> str:
    return "\n".join(str(line) for line in lines if line)


def was_ever(model, state: str) -> Exists:
    """Has the row (OuterRef pk) ever been in `state`? A subquery over its history."""
    meta = model._meta
    return Exists(
        StateChange.objects.filter(
            content_type__app_label=meta.app_label,
            content_type__model=meta.model_name,
            object_id=OuterRef("pk"),
            to_state=state,
        )
    )


def versions(queryset: QuerySet, *parts):
    """(pk, uid, version) of each row, the UID and version as text made by the database:
    a changed feed lists 5,000 rows, and parsing their timestamps and UUIDs in Python was
    most of the cost of its answer. `parts` are columns or aggregates."""
    pieces = []
    for part in parts:
        pieces += [Cast(part, TextField()), Value("|")]
    return queryset.annotate(
        uid_text=Cast("uid", TextField()), version=Concat(*pieces[:-1], output_field=TextField())
    ).values_list("pk", "uid_text", "version")


class ItemSource:
    """One kind of item in a feed. Subclasses set `kind` and implement `queryset`,
    `version_rows` and `items`."""

    kind = ""
    # The field whose latest value, with the row count, makes the feed's validators (the
    # rows must set it on every change: `auto_now`, or by hand in `update()`).
    updated_field = "updated_at"

    def __init__(self, context: FeedContext):
        self.context = context

    def queryset(self) -> QuerySet:
        raise NotImplementedError

    def fingerprint_parts(self) -> list[tuple[QuerySet, str]]:
        return [(self.queryset(), self.updated_field)]

    def version_rows(self):
        """(pk, uid, version) of every row, from one light query."""
        return list(versions(self.queryset(), "sequence", "updated_at"))

    def items(self, pks: list) -> dict:
        """pk -> CalendarItem for these rows (one query, with what the items need)."""
        raise NotImplementedError

    def rows(self, pks: list, queryset: QuerySet):
        """The rows of `queryset` with these pks, in one query either way."""
        if len(pks) <= BULK_LOAD:
            return queryset.filter(pk__in=pks)
        wanted = set(pks)
        return [row for row in queryset if row.pk in wanted]

    def entries(self) -> list[Entry]:
        context = self.context
        return [
            Entry(
                identity=identity_key(
                    ical.FORMAT_VERSION, context.language, context.origin, self.kind, str(uid)
                ),
                version=version,
                ref=(self.kind, pk),
            )
            for pk, uid, version in self.version_rows()
        ]

    def render(self, pks: list) -> dict:
        return {(self.kind, pk): ical.render_item(item) for pk, item in self.items(pks).items()}


# --- Validators and answers ---------------------------------------------------------------


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


class _BodyMemo:
    """The latest whole body of the last few feeds of this process, with its ETag: many
    calendar clients poll without conditional headers, and an unchanged feed then costs
    one query. One body per feed, so a changed feed replaces its old bytes."""

    def __init__(self, size: int):
        self.size = size
        self._bodies: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, feed: str, etag: str) -> bytes | None:
        with self._lock:
            found = self._bodies.get(feed)
            if found is None or found[0] != etag:
                return None
            self._bodies.move_to_end(feed)
            return found[1]

    def put(self, feed: str, etag: str, body: bytes) -> None:
        with self._lock:
            self._bodies[feed] = (etag, body)
            self._bodies.move_to_end(feed)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()


body_memo = _BodyMemo(BODY_MEMO_SIZE)


def build_body(meta: ical.CalendarMeta, sources: list[ItemSource]) -> bytes:
    """The feed's bytes: cached components for unchanged items, new ones for the rest."""
    by_kind = {source.kind: source for source in sources}
    entries = [entry for source in sources for entry in source.entries()]

    def build(refs):
        wanted = defaultdict(list)
        for kind, pk in refs:
            wanted[kind].append(pk)
        built = {}
        for kind, pks in wanted.items():
            built.update(by_kind[kind].render(pks))
        return built

    return ical.assemble_calendar(meta, cached_components(entries, build))


def feed_meta(
    request, context, *, key, name, description, page_path, refresh=datetime.timedelta(hours=1)
) -> ical.CalendarMeta:
    return ical.CalendarMeta(
        key=key,
        name=name,
        description=description,
        page_url=context.absolute(page_path),
        source_url=context.absolute(request.path),
        refresh=refresh,
    )


def feed_view(view):
    """A feed's view: GET and HEAD only. Exempt from the CSRF check, which would answer a
    POST 403 before the method check could say 405; a feed changes nothing."""
    return csrf_exempt(require_safe(view))


def serve_feed(request, *, meta: ical.CalendarMeta, sources: list[ItemSource], private: bool):
    """Answer a feed request: 304 when the client is current, otherwise the calendar."""
    context = sources[0].context if sources else FeedContext.from_request(request)
    feed = "|".join([meta.key, context.language, context.origin])
    state_key = identity_key(ical.FORMAT_VERSION, feed)
    state = fingerprint(
        [part for source in sources for part in source.fingerprint_parts()], state_key
    )
    etag = state.etag(meta.key, context.language, context.origin, context.today.isoformat())
    last_modified = last_modified_of(state, state_key=state_key, etag=etag, today=context.today)
    not_modified = conditional_response(
        request, etag=etag, last_modified=last_modified, private=private
    )
    if not_modified is not None:
        return not_modified
    feed = "|".join([meta.key, context.language, context.origin])
    body = body_memo.get(feed, etag)
    if body is None:
        body = build_body(meta, sources)
        body_memo.put(feed, etag, body)
    return calendar_response(
        body,
        etag=etag,
        last_modified=last_modified,
        private=private,
        filename=f"{meta.key}.ics",
    )
