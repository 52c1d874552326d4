"""Read use-cases of the unit directory.

Access: unit names, codes, levels, the tree and the lineage are public information, so every
signed-in user may read every unit; these selectors therefore take no `user` and do no
scoping (views and the API require a signed-in user or a token with `units:read`). Editing
is decided in `services.py` through `accounts.access` (Action.MANAGE).

Eras: official codes are reused across reforms ("75" is both the old and the new Tỉnh Đồng
Nai), so every lookup by code is qualified by a date (`as_of`) or means "current".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from .models import Unit, UnitLevel, UnitLineage
from .querysets import UnitQuerySet

# Lineage chains are short (one reform per decade); the bound only guards against bad data.
MAX_LINEAGE_STEPS = 10
LIST_ORDERING = ("province_code", "level__sort_order", "code", "pk")


def _base() -> UnitQuerySet:
    return Unit.objects.all()


def _in_era(qs: UnitQuerySet, as_of: dt.date | None) -> UnitQuerySet:
    return qs.current() if as_of is None else qs.valid_on(as_of)


def unit_list(*, filters: Mapping[str, Any]) -> QuerySet[Unit]:
    """Units matching `filters`, with level and parent loaded, in a stable order.

    Filters (all optional): `q` (name or code, diacritic-insensitive), `level` (level code),
    `province` (province code), `parent` (parent unit code, resolved in the same era),
    `parent_id`, `as_of` (units valid on that date), `include_closed` (ignored with `as_of`;
    without both, only current units). Action: none (public directory). Side effects: none.
    Errors: none; an unknown parent code gives an empty list.
    """
    as_of: dt.date | None = filters.get("as_of")
    qs = _base()
    if as_of is not None:
        qs = qs.valid_on(as_of)
    elif not filters.get("include_closed"):
        qs = qs.current()
    if level := filters.get("level"):
        qs = qs.of_level(level)
    if province := filters.get("province"):
        qs = qs.in_province(province)
    if parent_code := filters.get("parent"):
        parent = _era_lookup(code=parent_code, as_of=as_of).first()
        if parent is None:
            return qs.none()
        qs = qs.filter(parent_id=parent.pk)
    if (parent_id := filters.get("parent_id")) is not None:
        qs = qs.filter(parent_id=parent_id)
    if q := (filters.get("q") or "").strip():
        qs = qs.search(q)
    return qs.with_related().order_by(*LIST_ORDERING)


def _era_lookup(*, code: str, as_of: dt.date | None, level: str | None = None) -> UnitQuerySet:
    qs = _in_era(_base(), as_of).filter(code=code)
    if level:
        qs = qs.of_level(level)
    return qs.select_related("level", "parent", "standing_agency").order_by(
        "level__sort_order", "pk"
    )


def unit_get(
    *,
    code: str,
    as_of: dt.date | None = None,
    level: str | None = None,
    closed_fallback: bool = False,
) -> Unit:
    """The unit with `code` that is current (or that was valid on `as_of`).

    Rule: codes are reused across eras, so "75" is the new Tỉnh Đồng Nai today and the old
    one on 2024-06-01. When two levels share a code the higher level wins unless `level` is
    given. With `closed_fallback` and no `as_of`, a code that no current unit carries gives
    the unit that carried it last (so an old code from a 2024 dossier still resolves).
    Action: none. Side effects: none. Errors: `Http404` when no unit matches.
    """
    unit = _era_lookup(code=code, as_of=as_of, level=level).first()
    if unit is None and closed_fallback and as_of is None:
        closed = _base().closed().filter(code=code)
        if level:
            closed = closed.of_level(level)
        unit = (
            closed.select_related("level", "parent", "standing_agency")
            .order_by("-valid_to", "level__sort_order", "pk")
            .first()
        )
    if unit is None:
        raise Http404("No such unit.")
    return unit


def unit_get_by_pk(*, pk: int) -> Unit:
    """The unit with primary key `pk` (current or closed). Errors: `Http404` if missing."""
    unit = _base().select_related("level", "parent", "standing_agency").filter(pk=pk).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """The chain of parents from the root down to (excluding) `unit`, for breadcrumbs."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    ids = [pk for pk in ids if pk != unit.pk]
    if not ids:
        return []
    by_pk = {u.pk: u for u in _base().filter(pk__in=ids).only("pk", "code", "name", "valid_to")}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def unit_children(*, unit: Unit, as_of: dt.date | None = None) -> QuerySet[Unit]:
    """The direct children of `unit` valid on `as_of`.

    Without `as_of`: the current children of a current unit, and for a closed unit the
    children it had on its last day. Action: none. Side effects: none.
    """
    day = as_of
    if day is None and unit.valid_to is not None:
        day = unit.valid_to - dt.timedelta(days=1)
    return (
        _in_era(_base().filter(parent_id=unit.pk), day)
        .with_related()
        .order_by("level__sort_order", "code", "pk")
    )


def unit_children_count(*, unit: Unit, as_of: dt.date | None = None) -> int:
    """How many children `unit_children` would return."""
    return unit_children(unit=unit, as_of=as_of).count()


def unit_predecessor_links(*, unit: Unit) -> QuerySet[UnitLineage]:
    """Lineage links that made `unit` (its predecessors, with kind, date and legal basis)."""
    return (
        UnitLineage.objects.filter(successor_id=unit.pk)
        .select_related("predecessor", "predecessor__level")
        .order_by("effective_date", "predecessor__code", "pk")
    )


def unit_successor_links(*, unit: Unit) -> QuerySet[UnitLineage]:
    """Lineage links from `unit` to the unit(s) it became (kind, date, legal basis)."""
    return (
        UnitLineage.objects.filter(predecessor_id=unit.pk)
        .select_related("successor", "successor__level")
        .order_by("effective_date", "successor__code", "pk")
    )


def unit_predecessors(*, unit: Unit) -> QuerySet[Unit]:
    """The units directly merged or split into `unit` (one step back), ordered by code."""
    return (
        _base()
        .filter(successor_links__successor_id=unit.pk)
        .with_related()
        .distinct()
        .order_by("code", "pk")
    )


def unit_successors(*, unit: Unit, as_of: dt.date | None = None) -> list[Unit]:
    """The unit(s) that `unit` lives on as today (or on `as_of`), following lineage transitively.

    Rule: walk successor links until reaching units valid on the target date (current ones
    without `as_of`); a unit that is itself valid then has no successor (`[]`). Xã Xuân Tâm
    (split in 2025) gives [Xã Xuân Đông, Xã Xuân Hòa]. Action: none. Side effects: none.
    """
    if _valid(unit, as_of):
        return []
    found: dict[int, Unit] = {}
    seen: set[int] = {unit.pk}
    frontier: set[int] = {unit.pk}
    for _step in range(MAX_LINEAGE_STEPS):
        links = UnitLineage.objects.filter(predecessor_id__in=frontier).select_related(
            "successor", "successor__level"
        )
        frontier = set()
        for link in links:
            succ = link.successor
            if succ.pk in seen:
                continue
            seen.add(succ.pk)
            if _valid(succ, as_of):
                found[succ.pk] = succ
            else:
                frontier.add(succ.pk)
        if not frontier:
            break
    return sorted(found.values(), key=lambda u: (u.code, u.pk))


def _valid(unit: Unit, as_of: dt.date | None) -> bool:
    if as_of is None:
        return unit.valid_to is None
    started = unit.valid_from is None or unit.valid_from <= as_of
    return started and (unit.valid_to is None or unit.valid_to > as_of)


def units_on(
    *, day: dt.date, province_code: str | None = None, level: str | None = None
) -> QuerySet[Unit]:
    """Units as they were on `day` ("the communes of Đồng Nai on 30/6/2025").

    Action: none. Side effects: none.
    """
    qs = _base().valid_on(day)
    if province_code:
        qs = qs.in_province(province_code)
    if level:
        qs = qs.of_level(level)
    return qs.with_related().order_by(*LIST_ORDERING)


def unit_level_list() -> QuerySet[UnitLevel]:
    """All levels in display order (for filter choices)."""
    return UnitLevel.objects.order_by("sort_order", "code")


def unit_province_list(*, include_closed: bool = False) -> QuerySet[Unit]:
    """Province-level units (current only unless `include_closed`), by code then era."""
    qs = _base().of_level("province")
    if not include_closed:
        qs = qs.current()
    return qs.order_by("code", "valid_to", "pk")


def unit_province_codes_of(*, unit_ids: Iterable[int]) -> list[str]:
    """The province codes of the *current* units among `unit_ids` (the user's own provinces)."""
    ids = list(unit_ids)
    if not ids:
        return []
    codes = (
        _base()
        .current()
        .filter(pk__in=ids)
        .exclude(province_code="")
        .values_list("province_code", flat=True)
        .distinct()
        .order_by("province_code")
    )
    return list(codes)


@dataclass
class TreeNode:
    """One unit of `unit_tree` with its children (already ordered)."""

    unit: Unit
    children: list[TreeNode] = field(default_factory=list)


def unit_tree(*, province_code: str, as_of: dt.date | None = None) -> list[TreeNode]:
    """The province(s) with `province_code` valid on `as_of` (default today) and all units under
    them, as nested nodes: province → agencies, districts, communes → service centres…

    One query, assembled in Python by `path`. Action: none. Side effects: none.
    """
    units = list(
        _in_era(_base().in_province(province_code), as_of)
        .select_related("level")
        .order_by("depth", "level__sort_order", "code", "pk")
    )
    nodes = {u.pk: TreeNode(unit=u) for u in units}
    roots: list[TreeNode] = []
    for u in units:
        parent = nodes.get(u.parent_id) if u.parent_id is not None else None
        if parent is not None:
            parent.children.append(nodes[u.pk])
        elif u.level.code == "province":
            roots.append(nodes[u.pk])
    return roots
