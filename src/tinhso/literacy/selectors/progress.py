"""Progress of digital literacy against targets, per unit and per target group."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet, Sum

from tinhso.accounts.access import Action
from tinhso.literacy.models import (
    LiteracyTarget,
    Population,
    TargetGroup,
    TargetMeasure,
    TrainingRecord,
)
from tinhso.units.models import Unit

from .measures import (
    Measures,
    ProgressReport,
    ProgressRow,
    TargetStatus,
    _aggregates,
    _check_basis,
    _measures,
    _records,
    _subtree,
    _today,
    light,
    rate,
)


def literacy_progress(
    *,
    user: Any,
    year: int,
    as_of: dt.date | None = None,
    unit: Unit | None = None,
    group: TargetGroup | None = None,
    basis: str = "learners",
) -> ProgressReport:
    """Coverage per unit and group against the unit's coverage target, the totals per group,
    and the targets of the top unit (the given `unit`, else the highest visible unit with
    targets for `year`) measured over its subtree.

    Rule: see the module docstring; `basis` is "learners" or "completers". Action: VIEW
    (rows, populations and targets the user may see). A constant number of queries whatever
    the number of rows. Side effects: none. Errors: `ValueError` for an unknown basis.
    """
    _check_basis(basis)
    day = as_of or _today()
    populations = Population.objects.for_user(user, Action.VIEW).filter(year=year)
    targets = LiteracyTarget.objects.for_user(user, Action.VIEW).filter(year=year)
    records = _records(user, as_of=day, unit=unit, group=group)
    if unit is not None:
        populations = populations.filter(_subtree(unit))
        targets = targets.filter(_subtree(unit))
    if group is not None:
        populations = populations.filter(group=group)
        targets = targets.filter(group=group)
    pop_by_key = {(p.unit_id, p.group_id): p for p in populations}
    target_list = list(targets.select_related("unit", "group"))
    target_by_key = {
        (t.unit_id, t.group_id): t for t in target_list if t.measure == TargetMeasure.COVERAGE
    }
    measured = {
        (r["unit_id"], r["group_id"]): _measures(r)
        for r in records.values("unit_id", "group_id").annotate(**_aggregates(day)).order_by()
    }
    keys = set(pop_by_key) | set(target_by_key) | set(measured)
    units = Unit.objects.in_bulk({unit_id for unit_id, _g in keys})
    groups = {g.pk: g for g in TargetGroup.objects.all()}
    rows = []
    for unit_id, group_id in keys:
        row = ProgressRow(
            unit=units[unit_id],
            group=groups[group_id],
            population=pop_by_key.get((unit_id, group_id)),
            target=target_by_key.get((unit_id, group_id)),
            measures=measured.get((unit_id, group_id)) or Measures(),
            basis=basis,
        )
        row.coverage = rate(row.measures.numerator(basis), row.population_count)
        row.light = light(row.coverage, row.target_rate)
        rows.append(row)
    rows.sort(key=lambda r: (r.unit.depth, r.unit.name, r.group.sort_order, r.group.code))

    target_unit = unit
    if target_unit is None and target_list:
        target_unit = min((t.unit for t in target_list), key=lambda u: (u.depth, u.pk))
    totals = _group_totals(
        records, populations, groups, target_list, target_unit, day, basis, group
    )
    overall = _measures(records.aggregate(**_aggregates(day)))
    report = ProgressReport(
        year=year,
        as_of=day,
        basis=basis,
        rows=rows,
        totals=totals,
        overall=overall,
        target_unit=target_unit,
    )
    if target_unit is not None:
        report.targets = _target_statuses(
            [t for t in target_list if t.unit_id == target_unit.pk], totals, basis
        )
    return report


def _group_totals(
    records: QuerySet[TrainingRecord],
    populations: QuerySet[Population],
    groups: dict[int, TargetGroup],
    target_list: list[LiteracyTarget],
    target_unit: Unit | None,
    day: dt.date,
    basis: str,
    only: TargetGroup | None,
) -> list[ProgressRow]:
    """Per group over everything visible (or the top unit's subtree): distinct persons."""
    if target_unit is not None:
        records = records.filter(_subtree(target_unit))
        populations = populations.filter(_subtree(target_unit))
    measured = {
        r["group_id"]: _measures(r)
        for r in records.values("group_id").annotate(**_aggregates(day)).order_by()
    }
    pops = {
        r["group_id"]: r["total"]
        for r in populations.values("group_id").annotate(total=Sum("count")).order_by()
    }
    top_targets = {
        t.group_id: t
        for t in target_list
        if target_unit is not None
        and t.unit_id == target_unit.pk
        and t.measure == TargetMeasure.COVERAGE
    }
    totals = []
    for group in sorted(groups.values(), key=lambda g: (g.sort_order, g.code)):
        if only is not None and group.pk != only.pk:
            continue
        row = ProgressRow(
            unit=target_unit or Unit(name=""),
            group=group,
            population=None,
            target=top_targets.get(group.pk),
            measures=measured.get(group.pk) or Measures(),
            basis=basis,
        )
        population = pops.get(group.pk)
        row.coverage = rate(row.measures.numerator(basis), population)
        row.light = light(row.coverage, row.target_rate)
        row.total_population = population  # type: ignore[attr-defined]  # totals only
        totals.append(row)
    return totals


def _target_statuses(
    targets: Iterable[LiteracyTarget], totals: list[ProgressRow], basis: str
) -> list[TargetStatus]:
    by_group = {row.group.pk: row for row in totals}
    statuses = []
    for target in sorted(targets, key=lambda t: (t.group.sort_order, t.measure)):
        row = by_group.get(target.group_id)
        population = getattr(row, "total_population", None) or 0
        measures = row.measures if row else Measures()
        value = (
            measures.ai_learners
            if target.measure == TargetMeasure.AI
            else measures.numerator(basis)
        )
        achieved_rate = rate(value, population)
        achieved = achieved_rate is not None and achieved_rate >= target.target_rate
        if target.target_count is not None:
            achieved = achieved and value >= target.target_count
        statuses.append(
            TargetStatus(
                target=target,
                population=population,
                value=value,
                rate=achieved_rate,
                achieved=achieved,
                light=light(achieved_rate, target.target_rate),
            )
        )
    return statuses
