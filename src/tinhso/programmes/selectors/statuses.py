"""Read selectors for target statuses, comparisons and trajectories."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.http import Http404

from tinhso.indicators.models import IndicatorRollup, IndicatorValue, ValueStatus
from tinhso.programmes import targets as engine
from tinhso.programmes.models import Target, TargetAssessment, TargetSet
from tinhso.units.models import Unit

from .target_sets import target_list

# ---------------------------------------------------------------------------------------
# Statuses


def spec_of(target: Target) -> engine.TargetSpec:
    """The engine's view of a target (milestones must be prefetched or loaded)."""
    tolerance = target.target_set.tolerance_pct
    return engine.TargetSpec(
        direction=target.direction,
        baseline_value=target.baseline_value,
        baseline_year=target.baseline_year,
        target_value=target.target_value,
        target_year=target.target_year,
        milestones={m.year: m.value for m in target.milestones.all()},
        tolerance_pct=tolerance if tolerance is not None else engine.DEFAULT_TOLERANCE_PCT,
    )


def province_of(unit: Unit) -> Unit | None:
    """The province-level unit at or above `unit` (the plan's owner province)."""
    ids = [int(part) for part in unit.path.strip("/").split("/") if part]
    if unit.pk not in ids:
        ids.append(unit.pk)
    return Unit.objects.filter(pk__in=ids, level__code="province").order_by("depth", "pk").first()


def _evidence(targets: list[Target], as_of: dt.date) -> dict[int, engine.Evidence]:
    """Assessments and province rollups for `targets`, in three queries in all."""
    if not targets:
        return {}
    facts: dict[int, list[engine.AssessmentFact]] = defaultdict(list)
    for a in TargetAssessment.objects.filter(
        target_id__in=[t.pk for t in targets], as_of__lte=as_of
    ).order_by("target_id", "as_of", "pk"):
        facts[a.target_id].append(
            engine.AssessmentFact(
                as_of=a.as_of,
                measurement=a.measurement,
                value=a.value,
                achievement=a.achievement,
                source=a.source,
            )
        )
    # The owner province of each plan: usually one for the whole list.
    plan_units = {t.target_set.plan.unit.pk: t.target_set.plan.unit for t in targets}
    provinces = {pk: province_of(unit) for pk, unit in plan_units.items()}
    rollups: dict[tuple[int, int], list[engine.RollupFact]] = defaultdict(list)
    drafts: dict[tuple[int, int], dt.date] = {}
    wanted: dict[int, set[int]] = defaultdict(set)  # province id -> indicator ids
    for t in targets:
        prov = provinces.get(t.target_set.plan.unit.pk)
        if t.indicator_id is not None and prov is not None:
            wanted[prov.pk].add(t.indicator_id)
    for prov_id, indicator_ids in wanted.items():
        for r in (
            IndicatorRollup.objects.filter(
                unit_id=prov_id,
                indicator_id__in=indicator_ids,
                breakdown="",
                contributors__gt=0,
                period__end__lte=as_of,
            )
            .select_related("period")
            .order_by("indicator_id", "period__end", "period__start")
        ):
            rollups[(prov_id, r.indicator_id)].append(
                engine.RollupFact(
                    period_end=r.period.end,
                    value=r.value,
                    contributors=r.contributors,
                    confirmed=r.confirmed,
                    period_label=str(r.period),
                )
            )
        prov = next(p for p in provinces.values() if p is not None and p.pk == prov_id)
        draft_rows = (
            IndicatorValue.objects.filter(
                indicator_id__in=indicator_ids,
                status=ValueStatus.DRAFT,
                rollup_path__startswith=prov.path,
                period__end__lte=as_of,
            )
            .order_by()
            .values_list("indicator_id", flat=True)
            .distinct()
        )
        for indicator_id in draft_rows:
            drafts[(prov_id, indicator_id)] = as_of
    out: dict[int, engine.Evidence] = {}
    for t in targets:
        prov = provinces.get(t.target_set.plan.unit.pk)
        key = (prov.pk if prov else 0, t.indicator_id or 0)
        out[t.pk] = engine.Evidence(
            assessments=tuple(facts.get(t.pk, [])),
            rollups=tuple(rollups.get(key, [])) if t.indicator_id else (),
            draft_until=drafts.get(key) if t.indicator_id else None,
        )
    return out


def target_statuses(*, targets: Iterable[Target], as_of: dt.date) -> dict[int, engine.TargetStatus]:
    """Both statuses of each target on `as_of`, keyed by target id.

    Rule: see `targets.py`. Targets must come with milestones prefetched and
    `target_set__plan__unit` loaded (as `target_list` does). Queries: at most three per
    owner province (assessments, rollups, drafts), whatever the number of targets.
    """
    rows = list(targets)
    evidence = _evidence(rows, as_of)
    return {
        t.pk: engine.target_status(spec_of(t), evidence.get(t.pk, engine.Evidence()), as_of)
        for t in rows
    }


def target_status_counts(*, user: Any, target_set: TargetSet, as_of: dt.date) -> dict[str, Any]:
    """How many targets of `target_set` are in each achievement and measurement status on
    `as_of` ("26/43 achieved as of 31/08/2025" is `achievement.achieved` / `total`).

    Action: none (target sets are public). Side effects: none. Queries: fixed.
    """
    rows = target_list(target_set=target_set)
    counts = engine.count_statuses(target_statuses(targets=rows, as_of=as_of).values())
    return {"as_of": as_of, "target_set": target_set.pk, "total": len(rows), **counts}


@dataclass
class CompareRow:
    """One key of a target-set comparison: the target in the left and right versions."""

    key: str
    left: Target | None
    right: Target | None

    @property
    def changed(self) -> bool:
        if self.left is None or self.right is None:
            return True
        fields = ("text", "target_value", "target_year", "baseline_value", "direction")
        return any(getattr(self.left, f) != getattr(self.right, f) for f in fields)


def target_set_compare(*, left: TargetSet, right: TargetSet) -> list[CompareRow]:
    """Two versions side by side by `key`: kept, changed, dropped and added targets."""
    if left.plan_id != right.plan_id:
        raise Http404("Target sets of different plans.")
    lefts = {t.key: t for t in target_list(target_set=left)}
    rights = {t.key: t for t in target_list(target_set=right)}
    order = list(lefts) + [k for k in rights if k not in lefts]
    return [CompareRow(key=k, left=lefts.get(k), right=rights.get(k)) for k in order]


@dataclass(frozen=True)
class TrajectoryRow:
    """One year of a target's path: milestone, expected and measured at the year's end."""

    year: int
    day: dt.date
    milestone: Any
    expected: Any
    status: engine.TargetStatus
    progress: int | None  # share of the way from baseline to target, 0–100
    is_future: bool = False  # after `as_of`: the path only, no status


def target_trajectory(*, target: Target, as_of: dt.date) -> list[TrajectoryRow]:
    """The target's path year by year (baseline year to target year), each year-end
    evaluated with the evidence known then; the current year is evaluated on `as_of`.

    Action: none (public). Queries: fixed (the evidence is loaded once).
    """
    spec = spec_of(target)
    first = spec.baseline_year or min([*spec.milestones, spec.target_year])
    last = max(spec.target_year, first)
    evidence = _evidence([target], dt.date(last, 12, 31)).get(target.pk, engine.Evidence())
    rows: list[TrajectoryRow] = []
    for year in range(first, last + 1):
        day = min(dt.date(year, 12, 31), as_of) if year == as_of.year else dt.date(year, 12, 31)
        status = engine.target_status(spec, evidence, day)
        rows.append(
            TrajectoryRow(
                year=year,
                day=day,
                milestone=spec.milestones.get(year)
                if year != spec.target_year
                else spec.target_value,
                expected=engine.expected_on(spec, day),
                status=status,
                progress=_progress(spec, status.measured),
                is_future=day > as_of,
            )
        )
    return rows


def _progress(spec: engine.TargetSpec, measured: Any) -> int | None:
    if measured is None or spec.target_value is None or spec.baseline_value is None:
        return None
    span = spec.target_value - spec.baseline_value
    if span == 0:
        return 100
    share = (measured - spec.baseline_value) / span * 100
    return int(max(0, min(100, share)))
