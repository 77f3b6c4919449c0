"""Render docs/security.md's "Who may see and do what" from pasadena_pd/access_matrix.py.

    manage.py access_matrix_docs --write    # after changing the matrix
    manage.py access_matrix_docs --check    # exit 1 when the file is out of date

tests/security/test_access_matrix.py runs the check.
"""

import re
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pasadena_pd import access_matrix as matrix

START = "<!-- access-matrix:start (manage.py access_matrix_docs --write) -->"
END = "<!-- access-matrix:end -->"
ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")


def docs_path() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "security.md"


def _allowed(table: dict[str, str], column: str, *, public: set[str] = frozenset()) -> list:
    return [
        row
        for row, cell in sorted(table.items())
        if column in matrix.allowed_codes(cell) and row not in public
    ]


def _pages(rows: list[str]) -> list[str]:
    """URL rows, with each admin model's pages folded into one line."""
    models = defaultdict(list)
    lines = []
    for row in rows:
        match = re.fullmatch(rf"admin:(\w+?)_([a-z]+)_({'|'.join(ADMIN_VIEWS)})", row)
        if match:
            models[f"{match[1]}.{match[2]}"].append(match[3])
        else:
            lines.append(f"`{row}`")
    for model, views in sorted(models.items()):
        ordered = [view for view in ADMIN_VIEWS if view in views]
        lines.append(f"admin `{model}`: {', '.join(ordered)}")
    return lines


def _section(title: str, column: str, public: set[str]) -> list[str]:
    pages = _pages(_allowed(matrix.URLS, column, public=public))
    actions = [f"`{row}`" for row in _allowed(matrix.ADMIN_ACTIONS, column)]
    moves = [f"`{row}`" for row in _allowed(matrix.WORKFLOW_MOVES, column)]
    out = [f"**{title}**", ""]
    if not (pages or actions or moves):
        return [*out, "- nothing beyond the pages everyone sees", ""]
    out.append(f"- pages: {'; '.join(pages) if pages else 'none beyond everyone’s'}")
    out.append(f"- admin actions: {', '.join(actions) if actions else 'none'}")
    out.append(f"- workflow moves: {', '.join(moves) if moves else 'none'}")
    return [*out, ""]


def render() -> str:
    anonymous = matrix.code(matrix.ANONYMOUS, False)
    public = set(_allowed(matrix.URLS, anonymous))
    lines = [
        START,
        "",
        "Generated from `pasadena_pd/access_matrix.py`, which "
        "`tests/security/test_access_matrix.py` checks against the running site (every URL, "
        "every admin action, every workflow move, as every actor).",
        "",
        "### Everyone (anonymous visitors included)",
        "",
        f"- pages: {'; '.join(_pages(sorted(public)))}",
        "- workflow moves: "
        + ", ".join(f"`{row}`" for row in _allowed(matrix.WORKFLOW_MOVES, anonymous)),
        "",
        "### Holders of a private link, and the system",
        "",
        "- link holders (a registrant, a host, a family, a requester): "
        + (", ".join(f"`{row}`" for row in _allowed(matrix.WORKFLOW_MOVES, matrix.LINK_HOLDER))),
        "- the system (scheduled jobs, waiting lists, demo data): "
        + (", ".join(f"`{row}`" for row in _allowed(matrix.WORKFLOW_MOVES, matrix.SYSTEM))),
        "",
    ]
    for role in matrix.ROLES:
        lines += [f"### {role}", ""]
        lines += _section("Password only", matrix.code(role, False), public)
        lines += _section("With a verified second factor", matrix.code(role, True), public)
    lines.append(END)
    return "\n".join(lines)


def updated(text: str) -> str:
    if START not in text:
        return f"{text.rstrip()}\n\n## Who may see and do what\n\n{render()}\n"
    before, rest = text.split(START, 1)
    _old, after = rest.split(END, 1)
    return before + render() + after


class Command(BaseCommand):
    help = "Write (or check) docs/security.md's access matrix section."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true")
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, **options):
        path = docs_path()
        text = path.read_text()
        new = updated(text)
        if options["check"]:
            if new != text:
                raise CommandError(
                    "docs/security.md is out of date: run access_matrix_docs --write"
                )
            return
        if options["write"]:
            path.write_text(new)
            self.stdout.write(f"Wrote {path}")
            return
        self.stdout.write(render())
