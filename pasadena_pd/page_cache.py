"""Whole-page cache for anonymous visitors of the public pages, kept in the shared cache.

A page is served from the cache only when all of these hold:
- its URL name is in `settings.PAGE_CACHE_VIEWS` (public pages without personal data);
- the request is a GET whose only cookies are the CSRF and language ones (no session, no
  flash message, nothing else kept for this visitor) and without an Authorization header;
- the view answered 200 without setting a cookie, a `Vary` header or a `Cache-Control` that
  forbids sharing (`private`, `no-store`; see `form_nonce` for the one exception).

Each entry carries the data version it was rendered at. The version changes once per
committed transaction that saves or deletes a model outside the framework's own apps, so a
changed event or a new registration shows at once; entries also expire after
`PAGE_CACHE_SECONDS`, because "upcoming" and "today" move with the clock. Bulk updates
(`QuerySet.update`) send no signal: they show after that expiry.

Forms on a cached page are rendered with a placeholder instead of the CSRF token; every
response gets its own visitor's token (and cookie), so a cached form posts like a fresh one.
A form that carries a one-time value of its own (a key that makes a double submission count
once) takes it from `form_nonce(request)`: each response gets a fresh one. Such a view may
keep telling browsers and proxies `no-store` (its answers differ per response); calling
`form_nonce` declares that the page is otherwise the same for every anonymous visitor.

Large text entries without such per-response values (the calendar feeds) are stored gzip-
compressed and sent so to clients that accept it; stored validators (`ETag`,
`Last-Modified`) answer conditional requests with a 304. Each process keeps a small copy of
recent entries, so that a hit reads only the version from the shared cache.

When the shared cache does not answer (pasadena_pd.fail_soft_cache), pages are rendered
uncached, as if the page cache were off.

Why not Django's cache middleware (UpdateCacheMiddleware/FetchFromCacheMiddleware, or
`cache_page`), which this would otherwise be:
- every public page has a form or the language switch, so `{% csrf_token %}`: Django's
  middleware then either refuses to store the response (it sets the CSRF cookie and
  `Vary: Cookie` for a visitor who sent none) or keys it per cookie, i.e. per visitor. Here
  the token is a placeholder in the stored page and each response gets its own visitor's;
- it has no "anonymous only" switch since Django 1.8 (CACHE_MIDDLEWARE_ANONYMOUS_ONLY was
  removed): a signed-in staff member's page, with personal data, could be stored. Here only a
  request whose cookies are the CSRF and language ones is looked up or stored;
- its only invalidation is the timeout: a changed event would show the old page for
  `PAGE_CACHE_SECONDS`. Here the data version moves on every committed write;
- a per-response one-time value (`form_nonce`) cannot be expressed with it at all.
What it does do, this does with Django's own pieces: `get_conditional_response` for 304s,
`patch_vary_headers`, the cache framework (`django.core.cache.cache`) for storage.
"""

import gzip
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import parse_http_date_safe

from pasadena_pd import shared_versions
from pasadena_pd.page_cache_entries import (
    CSRF_PLACEHOLDER,
    HEADER,
    NONCE_PLACEHOLDER,
    LocalEntries,
    personalised_content,
    write_headers,
)
from pasadena_pd.security.csrf_token import get_token
from pasadena_pd.tokens import new_token

VERSION_KEY = "page-cache:version"
# Writes to these apps never change what an anonymous visitor sees.
IGNORED_APPS = frozenset(
    {
        "admin",
        "auth",
        "contenttypes",
        "migrations",
        "sessions",
        "django_tasks",
        "django_tasks_db",
        "axes",
        "otp_static",
        "otp_totp",
    }
)
# "no-cache" (revalidate with the validators) does not forbid sharing: the public calendar
# feeds send it, and a conditional request is answered here from the stored validators.
_UNSHAREABLE = ("private", "no-store")
# Types worth compressing once at storage time (a 1 MB feed becomes about a tenth).
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/javascript")
_MIN_COMPRESSED_SIZE = 1024
_CONDITIONAL = (
    "HTTP_IF_MATCH",
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)
_NOT_STORED_HEADERS = {"content-length", "x-query-count", HEADER.lower()}


def bump_version() -> None:
    """Every cached page is stale from now on."""
    shared_versions.move(VERSION_KEY)


def data_changed(sender, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed (pasadena_pd.apps): the version
    moves once the write's transaction commits (pasadena_pd.shared_versions). The kept parts
    of pages ({% kept_until_change %}) go by the same version."""
    # Migrations' historical models ("__fake__") write before the cache table exists.
    if (
        max(settings.PAGE_CACHE_SECONDS, settings.FRAGMENT_CACHE_SECONDS) <= 0
        or sender._meta.app_label in IGNORED_APPS
        or sender.__module__ == "__fake__"
    ):
        return
    shared_versions.move_on_commit(VERSION_KEY, bump_version, using=kwargs.get("using"))


def form_nonce(request) -> str:
    """A fresh unguessable value for this response's form, also when the page is cached."""
    if is_being_stored(request):
        request._page_cache_shareable = True
        return NONCE_PLACEHOLDER
    return new_token()


def is_being_stored(request) -> bool:
    """Whether this response is to be kept by the page cache (which then compresses it)."""
    return getattr(request, "_page_cache_placeholder", False)


def csrf_placeholder(request) -> dict:
    """Context processor: on a page being cached, `{% csrf_token %}` renders the placeholder;
    on any other page, the visitor's token from pasadena_pd.security.csrf_token (Django's
    own, drawn with one read of the random source), in place of Django's built-in one."""
    if is_being_stored(request):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {"csrf_token": SimpleLazyObject(lambda: get_token(request))}


_local = LocalEntries(size=128)


def _compressed(response) -> bytes | None:
    """The gzip encoding of a large text response, made once when it is stored. Never for a
    page with a per-response value (CSRF token, one-time key): those stay uncompressed, so
    that no secret is ever compressed beside text from the request (BREACH)."""
    content = response.content
    if (
        len(content) < _MIN_COMPRESSED_SIZE
        or response.has_header("Content-Encoding")
        or not response.get("Content-Type", "").startswith(_COMPRESSIBLE)
        or CSRF_PLACEHOLDER.encode() in content
        or NONCE_PLACEHOLDER.encode() in content
    ):
        return None
    return gzip.compress(content, compresslevel=6, mtime=0)


class PageCacheHitMiddleware:
    """Answers a hit before the middleware a cached anonymous page does not need
    (authentication, two-factor, messages, django-axes) and before URL dispatch's own
    work: just after CSRF (which sets the token cookie of a personalised form) and the
    language (part of the key). The outer middleware add their per-response headers to a
    hit as to any answer. A miss is noted on the request, so that PageCacheMiddleware
    neither reads the cache again nor decides cacheability differently."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if PageCacheMiddleware._anonymous_get(request):
            try:
                match = resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404:
                match = None
            if match is not None and match.view_name in settings.PAGE_CACHE_VIEWS:
                looked_up = PageCacheMiddleware._look_up(request)
                if looked_up is not None and looked_up[2] is not None:
                    return PageCacheMiddleware._from_entry(request, looked_up[2])
                request._page_cache_looked_up = looked_up
        return self.get_response(request)


class PageCacheMiddleware:
    """Innermost in MIDDLEWARE (only django-axes comes after it): it stores what the view
    made, before the outer middleware add their per-response headers (security headers,
    CSP, language, CSRF cookie) to each answer. Hits are answered by PageCacheHitMiddleware,
    or here when that one is not installed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_being_stored(request) and not response.streaming:
            if self._storable(request, response):
                self._store(request, response)
            self._personalise(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not self._cacheable(request):
            return None
        looked_up = getattr(request, "_page_cache_looked_up", None)
        if looked_up is None:  # PageCacheHitMiddleware did not look (or is not installed)
            looked_up = self._look_up(request)
            if looked_up is None:  # the cache does not answer: render the page uncached
                return None
            if looked_up[2] is not None:
                return self._from_entry(request, looked_up[2])
        request._page_cache_placeholder = True
        request._page_cache_entry = looked_up[:2]
        return None

    @classmethod
    def _look_up(cls, request) -> tuple | None:
        """(key, version, entry or None); None when the shared cache does not answer."""
        version = shared_versions.read(VERSION_KEY)
        if version is None:
            return None
        key = cls._key(request)
        entry = _local.get(key, version)
        if entry is None:
            entry = cache.get(key)
            if entry is None or entry["version"] != version:
                return key, version, None
            _local.put(key, entry)
        return key, version, entry

    @classmethod
    def _from_entry(cls, request, entry):
        compressed = entry["gzip"]
        if compressed and "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", ""):
            # Stored compressed, so without per-response values: sent as it is.
            response = HttpResponse(compressed, status=entry["status"])
            write_headers(response, entry)
            response["Content-Encoding"] = "gzip"
            patch_vary_headers(response, ["Accept-Encoding"])
            # Another encoding of the same content: its validator is only weakly equal.
            if response.get("ETag", "").startswith('"'):
                response["ETag"] = "W/" + response["ETag"]
        else:
            if entry["content"] is None:  # kept compressed only, so without placeholders
                content = gzip.decompress(compressed)
            else:
                content = personalised_content(entry, request)
            response = HttpResponse(content, status=entry["status"])
            write_headers(response, entry)
        if not any(header in request.META for header in _CONDITIONAL):
            return response  # what get_conditional_response answers without them
        # A conditional request whose copy is current gets a 304, from the stored validators.
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )

    @staticmethod
    def _anonymous_get(request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and "HTTP_AUTHORIZATION" not in request.META
            and set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
        )

    @classmethod
    def _cacheable(cls, request, match=None) -> bool:
        match = match or request.resolver_match
        return (
            match is not None
            and match.view_name in settings.PAGE_CACHE_VIEWS
            and cls._anonymous_get(request)
        )

    @staticmethod
    def _key(request) -> str:
        where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(where.encode()).hexdigest()
        return f"page-cache:{getattr(request, 'LANGUAGE_CODE', '')}:{digest}"

    @staticmethod
    def _storable(request, response) -> bool:
        cache_control = response.get("Cache-Control", "")
        shareable = getattr(request, "_page_cache_shareable", False) or not any(
            word in cache_control for word in _UNSHAREABLE
        )
        return (
            response.status_code == 200
            and not response.cookies
            and not response.has_header("Vary")
            and shareable
        )

    @staticmethod
    def _store(request, response) -> None:
        key, version = request._page_cache_entry
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in _NOT_STORED_HEADERS
        ]
        compressed = _compressed(response)
        entry = {
            "version": version,
            "status": response.status_code,
            "headers": headers,
            # Nearly every client takes gzip: keep one copy, a tenth of the bytes.
            "content": None if compressed else response.content,
            "gzip": compressed,
        }
        cache.set(key, entry, timeout=settings.PAGE_CACHE_SECONDS)
        _local.put(key, entry)
        response[HEADER] = "miss"

    @staticmethod
    def _personalise(request, response) -> None:
        content = response.content
        if CSRF_PLACEHOLDER.encode() in content:
            content = content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        if NONCE_PLACEHOLDER.encode() in content:
            content = content.replace(NONCE_PLACEHOLDER.encode(), new_token().encode())
        if content is not response.content:
            response.content = content
