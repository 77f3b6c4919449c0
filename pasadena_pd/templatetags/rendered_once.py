"""`{% rendered_once %}...{% endrendered_once %}`: a piece of a page that is the same for
everyone, rendered once per language and kept by the process (issue 20).

The site's header, footer and the home page's links cost dozens of `{% translate %}`,
`{% url %}` and `{% static %}` a page although they only change with the language. Inside
the tag they are rendered once per language (and per value of the tag's arguments, such as
the current section of the site) and the HTML is reused.

Nothing personal can be kept: the inside is rendered with an empty context, without the
request, the user, the CSRF token or the page's variables; only the tag's arguments are
passed in (`{% rendered_once section=request.path|site_section %}`), and they must take a
few values only (at most MAX_VARIANTS are kept per tag; others are rendered each time, never
stored). A variable used inside by mistake renders empty, which the page's tests show.

Kept per process until it ends: translations, URLs and static files change with a deploy,
which restarts the processes. A changed setting (tests) empties every tag's store.
"""

import weakref

from django import template
from django.core.signals import setting_changed
from django.template.base import token_kwargs
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

MAX_VARIANTS = 16
_nodes: "weakref.WeakSet[RenderedOnceNode]" = weakref.WeakSet()


class RenderedOnceNode(template.Node):
    # Nothing inside is looked for from outside: `{% extends %}` walks the base template's
    # nodes for its blocks on every page, and a block here could not see the page anyway.
    child_nodelists = ()

    def __init__(self, nodelist, arguments):
        self.nodelist = nodelist
        self.arguments = arguments
        self.kept: dict[tuple, str] = {}
        _nodes.add(self)

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.arguments.items()}
        key = (translation.get_language(), get_script_prefix(), *sorted(values.items()))
        html = self.kept.get(key)
        if html is None:
            isolated = context.new(values)
            isolated.request = None  # {% url %} may not look at the request either
            html = self.nodelist.render(isolated)
            if len(self.kept) < MAX_VARIANTS:
                self.kept[key] = html
        return mark_safe(html)  # noqa: S308 (a rendered template)


def parse_kept_block(parser, token, node_class):
    """`{% name a=x b=y %}...{% endname %}` into node_class(nodelist, arguments): the tags
    that keep a part of a page ({% rendered_once %}, {% kept_until_change %})."""
    name, *bits = token.split_contents()
    arguments = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"{name} takes name=value arguments only")
    nodelist = parser.parse((f"end{name}",))
    parser.delete_first_token()
    return node_class(nodelist, arguments)


@register.tag
def rendered_once(parser, token):
    return parse_kept_block(parser, token, RenderedOnceNode)


@register.filter
def site_section(path: str) -> str:
    """The part of the site a path is in, as the main navigation marks it."""
    path = str(path or "")
    if path.startswith("/events/"):
        return "events"
    if path.startswith("/pal/"):
        return "pal"
    return {"/outreach/request/": "request", "/outreach/areas/": "areas"}.get(path, "")


def _forget_all(**kwargs):
    for node in list(_nodes):
        node.kept.clear()


setting_changed.connect(_forget_all)
