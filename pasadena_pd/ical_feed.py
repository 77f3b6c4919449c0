"""Serving a calendar feed: validators first, then cached components, then the bytes.

Each app describes its items with an `ItemSource` (which rows, their versions, how to turn
rows into `CalendarItem`s); `serve_feed` does the rest for any mix of sources:

1. one aggregate query over every source (max of the update times, count of rows) gives
   the ETag and Last-Modified, and a matching conditional GET is answered 304 right there
   (a public feed's pair is kept until the site's data changes: then no query at all);
2. one light query per source lists (pk, UID, version) of its rows;
3. `ical_cache.cached_components` returns the bytes, building only what changed.

The number of queries never depends on the number of items.
"""

import datetime
import gzip
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from pasadena_pd import ical, page_cache
from pasadena_pd.ical_cache import Entry, cached_components, identity_key
from pasadena_pd.ical_validators import (
    calendar_response,
    conditional_response,
    fingerprint,
    last_modified_of,
)
from pasadena_pd.models import StateChange
from pasadena_pd.versioned_memo import VersionedMemo

BODY_MEMO_SIZE = 16
GZIP_MIN_SIZE = 1024
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


class _BodyMemo:
    """The latest whole body of the last few feeds of this process, with its ETag: many
    calendar clients poll without conditional headers, and an unchanged feed then costs
    one query. One body per feed, so a changed feed replaces its old bytes. Its gzip
    encoding is made once, for the first client that takes it."""

    def __init__(self, size: int):
        self.size = size
        self._bodies: OrderedDict[str, tuple[str, bytes]] = OrderedDict()
        self._gzipped: dict[tuple[str, str], bytes] = {}
        self._lock = threading.Lock()

    def get(self, feed: str, etag: str) -> bytes | None:
        with self._lock:
            found = self._bodies.get(feed)
            if found is None or found[0] != etag:
                return None
            self._bodies.move_to_end(feed)
            return found[1]

    def gzipped(self, feed: str, etag: str, body: bytes) -> bytes:
        compressed = self._gzipped.get((feed, etag))
        if compressed is None:
            compressed = gzip.compress(body, compresslevel=6, mtime=0)
            with self._lock:
                if self._bodies.get(feed, ("",))[0] == etag:  # not for a body no longer kept
                    self._gzipped[(feed, etag)] = compressed
        return compressed

    def put(self, feed: str, etag: str, body: bytes) -> None:
        with self._lock:
            self._gzipped = {
                kept: compressed for kept, compressed in self._gzipped.items() if kept[0] != feed
            }
            self._bodies[feed] = (etag, body)
            self._bodies.move_to_end(feed)
            while len(self._bodies) > self.size:
                self._bodies.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()
            self._gzipped.clear()


body_memo = _BodyMemo(BODY_MEMO_SIZE)
# A public feed's ETag and Last-Modified per day, under the data version of the page cache and
# the kept parts of pages (it moves once any write to the site's data commits): polls of an
# unchanged feed then cost no query at all.
validators_memo = VersionedMemo(
    "calendar-feed-validators", size=64, version_key=page_cache.VERSION_KEY
)


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

    def validators():
        state = fingerprint(
            [part for source in sources for part in source.fingerprint_parts()], state_key
        )
        etag = state.etag(meta.key, context.language, context.origin, context.today.isoformat())
        return etag, last_modified_of(state, state_key=state_key, etag=etag, today=context.today)

    if private or settings.FRAGMENT_CACHE_SECONDS <= 0:
        etag, last_modified = validators()
    else:  # a public feed's validators, kept until the site's data changes
        etag, last_modified = validators_memo.get((state_key, context.today), validators)
    not_modified = conditional_response(
        request, etag=etag, last_modified=last_modified, private=private
    )
    if not_modified is not None:
        return not_modified
    body = body_memo.get(feed, etag)
    if body is None:
        body = build_body(meta, sources)
        body_memo.put(feed, etag, body)
    response = calendar_response(
        body,
        etag=etag,
        last_modified=last_modified,
        private=private,
        filename=f"{meta.key}.ics",
    )
    # A public feed is sent compressed to clients that take it (a tenth of the bytes), but
    # not into the page cache, which keeps and compresses its own copy. A private feed never:
    # nothing personal is compressed.
    if not private and not page_cache.is_being_stored(request) and len(body) >= GZIP_MIN_SIZE:
        patch_vary_headers(response, ["Accept-Encoding"])
        if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            response.content = body_memo.gzipped(feed, etag, body)
            response["Content-Encoding"] = "gzip"
            response["ETag"] = "W/" + etag  # another encoding: only weakly the same
    return response
