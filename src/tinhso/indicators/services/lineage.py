"""Lineage: the tree path a value counts under after reforms, and the full rollup rebuild."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from tinhso.indicators import rollups
from tinhso.indicators.models import Indicator, IndicatorValue
from tinhso.units.models import Unit, UnitLineage
from tinhso.units.selectors import unit_get, unit_successor_links

MAX_LINEAGE_STEPS = 10


# --- lineage -------------------------------------------------------------------------------


def _best_link(links: Sequence[UnitLineage]) -> UnitLineage | None:
    """The successor that "took the most" of a predecessor.

    `UnitLineage` records no shares (population, area), so the rule is: a whole transfer
    (`partial=False`: merge, rename, reclassification) wins over a partial one; among
    equals, the earliest effective date, then the lowest successor code. Documented in
    the ADR material of the indicators app; a share field on the lineage would refine it.
    """
    if not links:
        return None
    return sorted(links, key=lambda link: (link.partial, link.effective_date, link.successor.code))[
        0
    ]


def value_rollup_path(unit: Unit) -> str:
    """The tree path a value of `unit` counts under today.

    Rule: a current unit counts under its own path; a unit closed by a reform counts under
    its current successor (following lineage one step at a time, picking the successor
    that took the most at each split, see `_best_link`). A closed unit without successor
    keeps its own path. Side effects: none (reads lineage).
    """
    current = unit
    for _step in range(MAX_LINEAGE_STEPS):
        if current.valid_to is None:
            return current.path
        link = _best_link(list(unit_successor_links(unit=current)))
        if link is None:
            return current.path
        current = link.successor
    return current.path


# --- rebuild -------------------------------------------------------------------------------


def indicator_rollups_rebuild(*, indicator: Indicator | None = None) -> rollups.RebuildResult:
    """Recompute every rollup (of one indicator, or all) from the values, set-based.

    For bulk loads and lineage changes: first re-points each value's `rollup_path` to its
    unit's current successor (`value_rollup_path`), then rewrites the rollups with one
    INSERT … SELECT. Must give the same numbers as the incremental refresh (tested).
    Action: none (a system job: management command, loader, catalogue change). Side
    effects: rewrites rollup rows and stale `rollup_path`s. Errors: none.
    """
    unit_ids = IndicatorValue.objects.all()
    if indicator is not None:
        unit_ids = unit_ids.filter(indicator_id=indicator.pk)
    ids = set(unit_ids.order_by().values_list("unit_id", flat=True).distinct())
    units = Unit.objects.filter(pk__in=ids).order_by("pk")
    path_by_unit = {u.pk: value_rollup_path(u) for u in units}
    with transaction.atomic():
        return rollups.rebuild(
            indicator_id=indicator.pk if indicator is not None else None,
            path_by_unit=path_by_unit,
        )


def unit_for_code(code: str) -> Unit:
    """The current unit with `code` (helper for commands and batch input). Errors: Http404."""
    return unit_get(code=code)
