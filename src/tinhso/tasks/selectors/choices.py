"""Choices for task forms and filters: plans, groups, units and targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)

from tinhso.accounts.access import unit_ids_for
from tinhso.programmes.models import Plan, PlanGroup, Target, TargetSet
from tinhso.tasks.models import (
    Task,
)
from tinhso.units.models import Unit

from .common import _today


def plan_choices() -> QuerySet[Plan]:
    """Plans for filter and form choices (plans are published documents: all may read)."""
    return Plan.objects.select_related("document").order_by("-document__issued_on", "pk")


def group_choices() -> QuerySet[PlanGroup]:
    """Plan groups for filter and form choices."""
    return PlanGroup.objects.select_related("plan__document").order_by(
        "plan_id", "sort_order", "pk"
    )


def unit_choices(*, user: Any = None, action: str | None = None) -> QuerySet[Unit]:
    """Current units for form choices; with `user` and `action`, only those it may act on."""
    qs = Unit.objects.filter(valid_to__isnull=True).order_by("path")
    if user is not None and action is not None:
        qs = qs.filter(pk__in=unit_ids_for(user, action))
    return qs


def unit_choices_below(*, unit: Unit) -> QuerySet[Unit]:
    """Current units strictly below `unit` (delegation targets)."""
    return (
        Unit.objects.filter(valid_to__isnull=True, path__startswith=unit.path)
        .exclude(pk=unit.pk)
        .order_by("path")
    )


def target_choices(*, as_of: dt.date | None = None, task: Task | None = None) -> QuerySet[Target]:
    """Targets a task may serve: those of each plan's CURRENT target set on `as_of` (default
    today: valid then, highest version), plus the targets `task` already serves (kept when an
    older set is replaced). Targets are published plan content: every user may read them.
    Ordered by plan, then target id. Action: none. Side effects: none. One query when read.
    """
    day = as_of or _today()
    current = (
        TargetSet.objects.filter(plan_id=OuterRef("target_set__plan_id"), valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-version", "-pk")
        .values("pk")[:1]
    )
    wanted = Q(target_set_id=Subquery(current))
    if task is not None and task.pk:
        wanted |= Q(pk__in=Task.targets.through.objects.filter(task_id=task.pk).values("target_id"))
    return (
        Target.objects.filter(wanted)
        .select_related("target_set__plan__document")
        .order_by("target_set__plan_id", "pk")
    )
