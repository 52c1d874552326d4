"""Fail when a Vietnamese catalogue has untranslated or fuzzy entries, or a stale .mo.

Checks every `locale/vi/LC_MESSAGES/django.po` under src/tinhso (the project catalogue and
each app's own). A .mo is stale when its messages differ from its .po's.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent / "src" / "tinhso"


def check(po_path: Path) -> list[str]:
    problems: list[str] = []
    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale="vi")
    expected: dict[str, str] = {}
    if catalog.fuzzy:
        problems.append(f"fuzzy header (gettext would ignore its plural rule): {po_path}")
    for message in catalog:
        if not message.id:
            continue
        where = f"{po_path.relative_to(ROOT.parent.parent)}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"fuzzy: {where}")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {where}")
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.context:
            key = f"{message.context}\x04{key}"
        expected[key] = strings[0]
    mo_path = po_path.with_suffix(".mo")
    if not mo_path.exists():
        return [*problems, f"missing .mo: {mo_path}"]
    with mo_path.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    actual = dict(compiled._catalog)  # type: ignore[attr-defined]  # stdlib private table
    for key, value in expected.items():
        got = actual.get(key, actual.get((key, 0)))
        if got != value and not problems:
            problems.append(f"stale .mo (run make i18n): {mo_path} at {key[:60]!r}")
            break
    return problems


def main() -> int:
    files = sorted(ROOT.rglob("locale/vi/LC_MESSAGES/django.po"))
    if not files:
        print("no Vietnamese catalogue found")  # noqa: T201
        return 1
    problems = [p for f in files for p in check(f)]
    for p in problems:
        print(p)  # noqa: T201
    print(f"{len(files)} catalogues checked, {len(problems)} problems")  # noqa: T201
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
