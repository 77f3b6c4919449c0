"""`{% kept_until_change key=... %}...{% endkept_until_change %}`: the part of a public page
that is drawn from the site's data (the events of a list, a month's calendar, the areas),
rendered once and kept by the process until the data changes (issue 20).

A page answered from the page cache skips all of its work; every other answer (a visitor
with a session, staff browsing the public site, the page cache off or not answering)
renders the whole page. This keeps the costly middle of the page between such answers, for
everyone, while what belongs to the visitor (the navigation, messages, CSRF tokens, forms
with their errors) is rendered each time around it.

- Kept per language, day (`timezone.localdate()`: "upcoming" and "today" move with it) and
  value of the tag's arguments (the page's path with its query, a month...), under the page
  cache's data version (pasadena_pd.page_cache.VERSION_KEY), which moves in every process
  once any write to the site's data commits. Entries also expire after
  `FRAGMENT_CACHE_SECONDS` (0 turns the tag off), as page-cache entries do, for writes that
  send no signal and for times of day.
- Nothing of the visitor can be kept: the inside is rendered without the request, the user,
  their permissions, messages or CSRF token (`{% csrf_token %}` renders empty there: put forms'
  tokens outside). Views pass their data lazily (querysets, `SimpleLazyObject`), so that a kept
  answer also skips the queries.
- Inside a transaction, or when the shared cache does not answer, the inside is rendered
  each time, as without the tag.
"""

import threading
import time
import weakref
from collections import OrderedDict

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import post_migrate
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from pasadena_pd import shared_versions
from pasadena_pd.templatetags.rendered_once import parse_kept_block

register = template.Library()

# Per tag: the variants of one page (its query strings) beyond these are rendered, not kept.
MAX_VARIANTS = 64
# What a context carries about the visitor (context processors, the CSRF placeholder).
VISITOR_NAMES = ("request", "user", "perms", "messages", "csrf_token", "DEFAULT_MESSAGE_LEVELS")
_nodes: "weakref.WeakSet[KeptUntilChangeNode]" = weakref.WeakSet()


def _data_version() -> int | None:
    """The data version (read once per request however many kept parts a page has)."""
    from pasadena_pd.page_cache import VERSION_KEY  # page_cache imports the template layer

    return shared_versions.read(VERSION_KEY)


class KeptUntilChangeNode(template.Node):
    def __init__(self, nodelist, arguments):
        self.nodelist = nodelist
        self.arguments = arguments
        self.kept: OrderedDict[tuple, tuple[int, float, str]] = OrderedDict()
        self.lock = threading.Lock()
        _nodes.add(self)

    def render(self, context):
        seconds = settings.FRAGMENT_CACHE_SECONDS
        if seconds <= 0 or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return self._render(context)
        version = _data_version()
        if version is None:  # the shared cache does not answer
            return self._render(context)
        values = sorted(
            (name, str(value.resolve(context))) for name, value in self.arguments.items()
        )
        key = (
            translation.get_language(),
            get_script_prefix(),
            timezone.localdate().toordinal(),
            *values,
        )
        with self.lock:
            found = self.kept.get(key)
            if found is not None and found[0] == version and found[1] > time.monotonic():
                self.kept.move_to_end(key)
                return mark_safe(found[2])  # noqa: S308 (a rendered template)
        html = self._render(context)
        with self.lock:
            self.kept[key] = (version, time.monotonic() + seconds, html)
            self.kept.move_to_end(key)
            while len(self.kept) > MAX_VARIANTS:
                self.kept.popitem(last=False)
        return html

    def _render(self, context) -> str:
        page = context.flatten()
        for name in VISITOR_NAMES:
            page.pop(name, None)
        isolated = context.new(page)
        isolated.request = None
        return mark_safe(self.nodelist.render(isolated))  # noqa: S308 (a rendered template)


@register.tag
def kept_until_change(parser, token):
    return parse_kept_block(parser, token, KeptUntilChangeNode)


def _forget_all(**kwargs):
    for node in list(_nodes):
        with node.lock:
            node.kept.clear()


setting_changed.connect(_forget_all)
# `flush` (transactional tests) empties tables without moving the version.
post_migrate.connect(_forget_all)
