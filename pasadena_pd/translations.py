"""Compiled catalogues (`.mo`) from the `.po` files under locale/, in pure Python.

Django's `compilemessages` needs GNU gettext's msgfmt; polib does the same job, so that a
fresh machine with only Python and make serves Spanish. Fuzzy and untranslated entries are
left out, as msgfmt leaves them out. The `.mo` files are build output (.gitignore).
"""

from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Every `.po` file: locale/<language>/LC_MESSAGES/<domain>.po."""
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, force: bool = False) -> list[Path]:
    """Write each `.mo` older than its `.po` (or every one with `force`); returns those written."""
    written = []
    for po_path in catalogues(locale_dir):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        # Written beside and renamed, so that a running server never reads half a file.
        partial = mo_path.with_suffix(".mo.partial")
        polib.pofile(str(po_path)).save_as_mofile(str(partial))
        partial.replace(mo_path)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"Compiled {path.relative_to(LOCALE_DIR.parent)}")
