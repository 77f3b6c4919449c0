"""Find residents' and minors' personal values, and crawl every public page and feed.

`personal_values()` reads the values named in PERSONAL_FIELDS from the database (models of
apps not installed are skipped), in the forms a page could print them. `crawl_public_site`
follows every same-site link from the public entry points as an anonymous visitor: whatever
it reaches is public, so none of those values may appear there.
"""

import re
from collections import Counter
from collections.abc import Iterable

from django.apps import apps
from django.utils import formats

# "app_label.Model": fields holding personal data. "a+b" joins two fields with a space.
PERSONAL_FIELDS = {
    "pal.Enrollment": ["first_name+last_name", "date_of_birth", "allergies_medical"],
    "pal.Guardian": ["name", "phone", "email", "address"],
    "pal.EmergencyContact": ["name", "phone"],
    "pal.PickUpPerson": ["name", "phone"],
    "outreach.PresentationRequest": ["contact_name", "contact_email", "contact_phone"],
    "events.Registration": ["name", "email", "phone"],
    "events.BlockParty": ["host_name", "host_email", "host_phone"],
}

ENTRY_POINTS = [
    "/",
    "/events/",
    "/events/archive/",
    "/events/calendar/",
    "/events/national-night-out/",
    "/outreach/areas/",
    "/outreach/request/",
    "/pal/",
    "/pal/enroll/",
]
SKIPPED_PREFIXES = ("/admin/", "/account/", "/static/", "/i18n/", "/healthz")
_HREF = re.compile(r"""href=["']([^"'#]+)""")
# Feed links are absolute (http:// and webcal://) so that calendar apps can use them.
_SAME_SITE = re.compile(r"^(?:https?|webcal)://(?:testserver|localhost|127\.0\.0\.1)(?::\d+)?")


def _date_forms(value) -> set[str]:
    return {
        value.isoformat(),
        value.strftime("%m/%d/%Y"),
        formats.date_format(value, "F j, Y"),
        formats.date_format(value, "N j, Y"),
        formats.date_format(value, "DATE_FORMAT"),
    }


def _values_of(obj, spec: str) -> set[str]:
    if "+" in spec:
        joined = " ".join(str(getattr(obj, part)) for part in spec.split("+"))
        return {joined}
    value = getattr(obj, spec)
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return _date_forms(value)
    return {str(value)} if value else set()


def personal_values() -> dict[str, str]:
    """{value: "model.field"} for every personal value in the database (4+ characters)."""
    found = {}
    for label, specs in PERSONAL_FIELDS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        for obj in model.objects.all():
            for spec in specs:
                for value in _values_of(obj, spec):
                    if len(value.strip()) >= 4:
                        found[value.strip()] = f"{label}.{spec}"
    return found


def crawl_public_site(
    client, entry_points: Iterable[str] = ENTRY_POINTS, limit: int = 300, variants: int = 3
):
    """{path: body text} of every public page and feed reachable by links, anonymously.

    A page reached with other query strings (next month, page 2) is fetched `variants`
    times at most: the calendar links on forever."""
    seen: dict[str, str] = {}
    per_page: Counter = Counter()
    queue = list(entry_points)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen or path.startswith(SKIPPED_PREFIXES):
            continue
        bare = path.split("?", 1)[0]
        if "?" in path and per_page[bare] >= variants:
            continue
        per_page[bare] += 1
        response = client.get(path)
        if response.status_code != 200 or not hasattr(response, "content"):
            seen[path] = ""
            continue
        body = response.content.decode("utf-8", errors="replace")
        seen[path] = body
        if "html" in response.get("Content-Type", ""):
            for href in _HREF.findall(body):
                href = _SAME_SITE.sub("", href.replace("&amp;", "&"))
                if href.startswith("?"):  # the same page with other query parameters
                    href = path.split("?", 1)[0] + href
                if href.startswith("/") and not href.startswith("//") and href not in seen:
                    queue.append(href)
    return seen
