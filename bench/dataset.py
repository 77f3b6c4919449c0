"""The benchmark's data set: a busy year of the Community Services Section.

5,000 events (1,000 of them upcoming), 3,000 presentation and event requests, 2,000
registrations and 600 PAL members with their GPAs, written with bulk inserts (a few seconds).

Each app's part is one function of `PARTS`. A part whose models have not landed yet is
skipped, loudly, and the run goes on: the pages of that app are then skipped too.

bench/run.py runs this module against the benchmark database:
    python -m bench.dataset <info.json>
and reads back what the pages need (an event's slug, a valid request form, a staff session).
The tests in tests/performance/ call `build` with small sizes.
"""

import json
import random
import sys
from dataclasses import dataclass, field

SIZES = {
    "areas": 8,
    "events": 5000,
    "upcoming_events": 1000,
    "requests": 3000,
    "registrations": 2000,
    "pal_members": 600,
    "block_parties": 150,
}


class Missing(Exception):
    """The models this part needs do not exist (yet)."""


@dataclass
class Context:
    sizes: dict
    rng: random.Random
    prefix: str = ""  # names and slugs start with it, so that a second build adds rows
    counts: dict = field(default_factory=dict)
    skipped: dict = field(default_factory=dict)
    info: dict = field(default_factory=dict)


def model(label: str):
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError) as error:
        raise Missing(f"no model {label}") from error


def build(
    sizes: dict | None = None, *, seed: int = 2026, prefix: str = "", quiet: bool = False
) -> Context:
    """Write every part's data and return what was made (and what was skipped, with why)."""
    # Imported here: the parts import models, which needs Django set up first.
    from bench.parts import events, outreach, pal, staff

    parts = [
        ("outreach", outreach.build_areas_and_blackouts),
        ("events", events.build_events),
        ("registrations", events.build_registrations),
        ("block parties", events.build_block_parties),
        ("requests", outreach.build_requests),
        ("pal", pal.build_members),
        ("staff", staff.build_staff_session),
    ]
    context = Context(sizes={**SIZES, **(sizes or {})}, rng=random.Random(seed), prefix=prefix)
    for name, part in parts:
        try:
            part(context)
        except Missing as missing:
            context.skipped[name] = str(missing)
            if not quiet:
                print(f"!!! SKIPPED data part '{name}': {missing}", file=sys.stderr)
    return context


def main(argv: list[str]) -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasadena_pd.settings")
    django.setup()
    context = build()
    result = {"counts": context.counts, "skipped": context.skipped, **context.info}
    with open(argv[1], "w", encoding="utf-8") as output:
        json.dump(result, output, indent=2, default=str)
    for name, count in context.counts.items():
        print(f"    {name:<24} {count:>6}")
    return 0


if __name__ == "__main__":
    # Through the package, so that the parts and this share one `Missing` class.
    from bench.dataset import main as package_main

    sys.exit(package_main(sys.argv))
