"""Shared helpers of the task selectors: access scope, plan and unit filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import (
    Q,
    QuerySet,
)
from django.utils import timezone

from tinhso.accounts.access import Action
from tinhso.programmes.models import Plan
from tinhso.tasks.models import (
    Task,
    TaskKind,
    WorkflowState,
)
from tinhso.units.models import Unit

COUNTED_KINDS = (TaskKind.TASK, TaskKind.INSTANCE)


NOT_COUNTED_STATES = (WorkflowState.PROPOSED, WorkflowState.CANCELLED)


def _today() -> dt.date:
    return timezone.localdate()


def unit_by_code(code: str) -> Unit | None:
    """The current unit with `code` (the higher level wins when two levels share it)."""
    return (
        Unit.objects.filter(code=code, valid_to__isnull=True)
        .order_by("level__sort_order", "pk")
        .first()
    )


def _plan_q(plan: Any) -> Q:
    """A plan given as a Plan, an id, or its document's number/symbol (e.g. 469-KH/TU).

    A number is resolved to plan ids first (one small query), so the task queries need no
    join to plans and documents.
    """
    if isinstance(plan, Plan):
        return Q(plan_id=plan.pk)
    if isinstance(plan, int) or (isinstance(plan, str) and plan.isdigit()):
        return Q(plan_id=int(plan))
    ids = list(
        Plan.objects.filter(document__number__iexact=str(plan).strip()).values_list("pk", flat=True)
    )
    return Q(plan_id__in=ids)


def _subtree_ids(unit: Unit) -> list[int]:
    """Ids of `unit` and every unit below it (one indexed `path LIKE` query)."""
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))


def _scoped(user: Any) -> QuerySet[Task]:
    return Task.objects.for_user(user, Action.VIEW)
