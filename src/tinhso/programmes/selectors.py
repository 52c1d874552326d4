"""Read use-cases of plans, catalogues, target sets, targets and their statuses.

Access: plans, groups, target sets, targets and assessments are published steering
material, read by every signed-in official (`public_read`); these selectors take `user`
for the unit-scoped parts only (the tasks of a plan are shown to those who may VIEW them)
and for symmetry with the services. Statuses come from the pure engine in `targets.py`,
fed in bulk: a list of any length costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action
from tinhso.core.text import fold
from tinhso.indicators.models import Indicator, IndicatorRollup, IndicatorValue, ValueStatus
from tinhso.units.models import Unit

from . import targets as engine
from .models import (
    Catalogue,
    CatalogueItem,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)

# ---------------------------------------------------------------------------------------
# Catalogues


MAX_PK = 2**63 - 1


def _missing_pk(pk: int) -> bool:
    """Ids outside the database integer range are simply missing (never a 500)."""
    return not 0 < pk <= MAX_PK


def catalogue_list(*, code: str | None = None) -> QuerySet[Catalogue]:
    """Catalogues (every version), with their items. Action: none (public reference data)."""
    qs = Catalogue.objects.select_related("source_document").prefetch_related(
        Prefetch("items", queryset=CatalogueItem.objects.order_by("sort_order", "code"))
    )
    if code:
        qs = qs.filter(code=code.replace("\x00", ""))
    return qs.order_by("code", "-version")


def catalogue_get(*, pk: int) -> Catalogue:
    """One catalogue version with items. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such catalogue.")
    cat = catalogue_list().filter(pk=pk).first()
    if cat is None:
        raise Http404("No such catalogue.")
    return cat


# ---------------------------------------------------------------------------------------
# Plans


def plan_list(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[Plan]:
    """Plans with their document, unit and counts of groups and target sets.

    Filters (optional): `q` (document number or title, accents optional), `status`,
    `unit` (owner unit id), `implements` (document id). Action: none (public). Side
    effects: none. Queries: one, whatever the number of plans.
    """
    qs = Plan.objects.select_related("document", "implements", "unit", "parent__document")
    if q := (filters.get("q") or "").replace("\x00", "").strip():
        folded = fold(q)
        qs = qs.filter(Q(document__search_text__contains=folded) | Q(title__icontains=q))
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if unit := filters.get("unit"):
        qs = qs.filter(unit_id=unit)
    if implements := filters.get("implements"):
        qs = qs.filter(implements_id=implements)
    return qs.annotate(
        group_count=Count("groups", distinct=True),
        target_set_count=Count("target_sets", distinct=True),
    ).order_by("-document__issued_on", "pk")


def plan_get(*, pk: int) -> Plan:
    """One plan with document, parent, unit and catalogue. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such plan.")
    plan = (
        Plan.objects.select_related(
            "document", "implements", "unit", "catalogue", "parent__document"
        )
        .filter(pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("No such plan.")
    return plan


def plan_get_by_number(*, number: str) -> Plan:
    """The newest plan issued by the document numbered `number`. Errors: `Http404`."""
    wanted = "".join(number.replace("\x00", "").split())
    plan = (
        Plan.objects.select_related("document", "unit")
        .filter(document__number__iexact=wanted)
        .order_by("-document__issued_on", "pk")
        .first()
    )
    if plan is None:
        raise Http404("No such plan.")
    return plan


def plan_current_target_set(*, plan: Plan, as_of: dt.date | None = None) -> TargetSet | None:
    """The plan's target set valid on `as_of` (latest version without a date)."""
    qs = TargetSet.objects.filter(plan_id=plan.pk)
    if as_of is not None:
        qs = qs.filter(valid_from__lte=as_of).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=as_of)
        )
    return qs.order_by("-version").first()


@dataclass
class GroupNode:
    """One group of the plan tree with its targets, visible tasks and task count."""

    group: PlanGroup | None
    targets: list[Target]
    tasks: list[Any]
    task_count: int


@dataclass
class PlanTree:
    """A plan → groups → targets / tasks, as of one target-set version."""

    plan: Plan
    target_set: TargetSet | None
    target_sets: list[TargetSet]
    children: list[Plan]
    groups: list[GroupNode]
    statuses: dict[int, engine.TargetStatus]
    task_total: int
    tasks_truncated: bool


def plan_tree(
    *,
    user: Any,
    plan: Plan,
    as_of: dt.date,
    target_set: TargetSet | None = None,
    task_limit: int = 1000,
) -> PlanTree:
    """The plan tree: groups in order, each with its targets (with both statuses on
    `as_of`) and the tasks `user` may VIEW, plus ungrouped items at the end.

    Rule: targets come from `target_set` (default: the version valid on `as_of`, else the
    latest). Tasks are read through the `plan.tasks` reverse relation (this app sits below
    `tasks`), counted per group in one aggregate query and listed in one query (at most
    `task_limit`). Action: VIEW for tasks; the rest is public. Queries: fixed.
    """
    target_sets = list(TargetSet.objects.filter(plan_id=plan.pk).order_by("version"))
    chosen = target_set or plan_current_target_set(plan=plan, as_of=as_of)
    if chosen is None and target_sets:
        chosen = target_sets[-1]
    groups = list(PlanGroup.objects.filter(plan_id=plan.pk).select_related("catalogue_item"))
    groups.sort(key=lambda g: (g.sort_order, g.code))
    target_rows = target_list(target_set=chosen) if chosen is not None else []
    statuses = target_statuses(targets=target_rows, as_of=as_of)
    visible = plan.tasks.for_user(user, Action.VIEW)
    counts = {
        row["group_id"]: row["n"]
        for row in visible.order_by().values("group_id").annotate(n=Count("pk"))
    }
    task_rows = list(
        visible.select_related("lead_unit").order_by("group_id", "deadline", "code", "pk")[
            : task_limit + 1
        ]
    )
    truncated = len(task_rows) > task_limit
    task_rows = task_rows[:task_limit]
    by_group_targets: dict[int | None, list[Target]] = defaultdict(list)
    for t in target_rows:
        by_group_targets[t.group_id].append(t)
    by_group_tasks: dict[int | None, list[Any]] = defaultdict(list)
    for task in task_rows:
        by_group_tasks[task.group_id].append(task)
    nodes = [
        GroupNode(
            group=g,
            targets=by_group_targets.get(g.pk, []),
            tasks=by_group_tasks.get(g.pk, []),
            task_count=counts.get(g.pk, 0),
        )
        for g in groups
    ]
    if by_group_targets.get(None) or counts.get(None):
        nodes.append(
            GroupNode(
                group=None,
                targets=by_group_targets.get(None, []),
                tasks=by_group_tasks.get(None, []),
                task_count=counts.get(None, 0),
            )
        )
    children = list(
        Plan.objects.filter(parent_id=plan.pk).select_related("document").order_by("pk")
    )
    return PlanTree(
        plan=plan,
        target_set=chosen,
        target_sets=target_sets,
        children=children,
        groups=nodes,
        statuses=statuses,
        task_total=sum(counts.values()),
        tasks_truncated=truncated,
    )


# ---------------------------------------------------------------------------------------
# Target sets and targets


def target_set_get(*, pk: int) -> TargetSet:
    """One target set with its plan. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such target set.")
    ts = (
        TargetSet.objects.select_related("plan__document", "plan__unit", "document")
        .filter(pk=pk)
        .first()
    )
    if ts is None:
        raise Http404("No such target set.")
    return ts


def target_set_versions(*, plan_id: int) -> QuerySet[TargetSet]:
    """Every version of a plan's target set, oldest first, with target counts."""
    return (
        TargetSet.objects.filter(plan_id=plan_id)
        .annotate(target_count=Count("targets"))
        .order_by("version")
    )


def target_list(*, target_set: TargetSet) -> list[Target]:
    """The targets of a set in order, with milestones, group, indicator and the set's plan
    loaded (milestones prefetched: two queries whatever the number of targets)."""
    return list(
        Target.objects.filter(target_set_id=target_set.pk)
        .select_related("group", "indicator", "target_set__plan__unit", "lead_unit")
        .prefetch_related(Prefetch("milestones", queryset=TargetMilestone.objects.order_by("year")))
        .order_by("sort_order", "code", "pk")
    )


def target_get(*, pk: int) -> Target:
    """One target with its set, plan, group, indicator and milestones. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such target.")
    target = (
        Target.objects.select_related(
            "target_set__plan__document",
            "target_set__plan__unit",
            "group",
            "indicator",
            "lead_unit",
            "source_document",
        )
        .prefetch_related(Prefetch("milestones", queryset=TargetMilestone.objects.order_by("year")))
        .filter(pk=pk)
        .first()
    )
    if target is None:
        raise Http404("No such target.")
    return target


def target_history(*, target: Target) -> list[Target]:
    """The same target (same `key`) in every version of its plan's target set."""
    return list(
        Target.objects.filter(key=target.key, target_set__plan_id=target.target_set.plan_id)
        .select_related("target_set")
        .order_by("target_set__version")
    )


def target_assessments(*, target: Target) -> QuerySet[TargetAssessment]:
    """All assessments of a target, newest first (public, like the target)."""
    return (
        TargetAssessment.objects.filter(target_id=target.pk)
        .select_related("author")
        .order_by("-as_of", "-pk")
    )


def assessment_list(*, target_set: TargetSet) -> QuerySet[TargetAssessment]:
    """All assessments of a set's targets, newest first (for lists and exports)."""
    return (
        TargetAssessment.objects.filter(target__target_set_id=target_set.pk)
        .select_related("target")
        .order_by("target__sort_order", "target_id", "-as_of", "-pk")
    )


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


def indicator_by_code(*, code: str) -> Indicator:
    """The catalogue indicator with `code` (the catalogue is public). Errors: `Http404`."""
    found = Indicator.objects.filter(code=code.replace("\x00", "").strip()).first()
    if found is None:
        raise Http404("No such indicator.")
    return found


def plan_group_choices(*, plan_id: int) -> list[tuple[int, str]]:
    """The groups of a plan as (id, "code. title") for pickers."""
    return [
        (g.pk, f"{g.code}. {g.title}")
        for g in PlanGroup.objects.filter(plan_id=plan_id).order_by("sort_order", "code")
    ]


def plan_group_get(*, pk: int) -> PlanGroup:
    """One plan group. Errors: `Http404`."""
    if _missing_pk(pk):
        raise Http404("No such plan group.")
    group = PlanGroup.objects.filter(pk=pk).first()
    if group is None:
        raise Http404("No such group.")
    return group


def target_set_latest(*, plan_id: int) -> TargetSet | None:
    """The newest version of a plan's target set."""
    return TargetSet.objects.filter(plan_id=plan_id).order_by("-version").first()


def plan_choices(*, exclude_pk: int | None = None) -> list[tuple[int, str]]:
    """Plans as (id, "number · title") for the parent picker."""
    qs = Plan.objects.select_related("document").order_by("-document__issued_on", "pk")
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return [(p.pk, f"{p.document.number} · {p.title}"[:120]) for p in qs[:500]]


def catalogue_choices() -> list[tuple[int, str]]:
    """Catalogue versions as (id, "name (vN)") for the plan form."""
    return [(c.pk, str(c)) for c in Catalogue.objects.order_by("code", "-version")]
