"""Read selectors for catalogues, plans and the plan tree."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action
from tinhso.core.text import fold
from tinhso.programmes import targets as engine
from tinhso.programmes.models import Catalogue, CatalogueItem, Plan, PlanGroup, Target, TargetSet

from .common import _missing_pk
from .statuses import target_statuses
from .target_sets import target_list


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
