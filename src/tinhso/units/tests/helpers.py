"""Lookups for tests on the real data: a code names a unit only together with its era."""

from __future__ import annotations

from tinhso.units.models import Unit


def current(code: str, level: str | None = None) -> Unit:
    """The current unit with `code` (and `level`)."""
    qs = Unit.objects.filter(code=code, valid_to__isnull=True)
    if level:
        qs = qs.filter(level__code=level)
    return qs.get()


def former(code: str, level: str | None = None) -> Unit:
    """The closed unit with `code` (and `level`)."""
    qs = Unit.objects.filter(code=code, valid_to__isnull=False)
    if level:
        qs = qs.filter(level__code=level)
    return qs.get()
