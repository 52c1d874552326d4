"""Status counts, per-unit summary and clarity completeness of tasks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.http import Http404

from tinhso.tasks import clarities
from tinhso.tasks.models import (
    Task,
    TaskKind,
    WorkflowState,
)
from tinhso.tasks.status import (
    TaskStatus,
    status_q,
)
from tinhso.units.models import Unit

from .common import (
    COUNTED_KINDS,
    NOT_COUNTED_STATES,
    _plan_q,
    _scoped,
    _subtree_ids,
    _today,
    unit_by_code,
)


def _counted(qs: QuerySet[Task], *, as_of: dt.date, unit: Unit | None) -> QuerySet[Task]:
    qs = qs.exclude(workflow_state__in=NOT_COUNTED_STATES).filter(
        Q(assigned_on__isnull=True) | Q(assigned_on__lte=as_of)
    )
    if unit is None:
        return qs.filter(kind__in=COUNTED_KINDS)
    subtree = _subtree_ids(unit)
    inside = Q(lead_unit_id__in=subtree)
    delegated_in = Q(kind=TaskKind.SUBTASK) & ~Q(parent__lead_unit_id__in=subtree)
    return qs.filter(inside & (Q(kind__in=COUNTED_KINDS) | delegated_in))


def _count_aggregates(as_of: dt.date) -> dict[str, Any]:
    aggregates: dict[str, Any] = {
        code: Count("pk", filter=status_q(code, as_of)) for code in TaskStatus.values
    }
    due = Q(deadline__isnull=False, deadline__lte=as_of)
    aggregates["total"] = Count("pk")
    aggregates["due_total"] = Count("pk", filter=due)
    aggregates["due_done"] = Count(
        "pk", filter=due & Q(completed_on__isnull=False, completed_on__lte=as_of)
    )
    aggregates["due_on_time"] = Count("pk", filter=due & status_q(TaskStatus.DONE_ON_TIME, as_of))
    return aggregates


def _rates(row: Mapping[str, Any]) -> dict[str, float | None]:
    due = row["due_total"]
    return {
        "completion_rate": round(100 * row["due_done"] / due, 1) if due else None,
        "on_time_rate": round(100 * row["due_on_time"] / due, 1) if due else None,
    }


def task_status_counts(
    *,
    user: Any,
    as_of: dt.date | None = None,
    plan: Any = None,
    unit: Unit | str | None = None,
) -> dict[str, Any]:
    """Counts per status code on `as_of` (module docstring: the counting rule).

    Returns `{"as_of", "counts": {code: n}, "total", "due_total", "due_done",
    "completion_rate", "on_time_rate"}`: completion rate = tasks due by `as_of` and completed
    by then / tasks due by `as_of` (spec §1.6, "due-by-date" denominator); on-time rate
    likewise with DONE_ON_TIME. Action: VIEW (only visible rows count). Side effects: none.
    Errors: `Http404` for an unknown unit code.
    """
    day = as_of or _today()
    unit_obj: Unit | None
    if isinstance(unit, str):
        unit_obj = unit_by_code(unit.strip())
        if unit_obj is None:
            raise Http404("No such unit.")
    else:
        unit_obj = unit
    qs = _scoped(user)
    if plan:
        qs = qs.filter(_plan_q(plan))
    row = _counted(qs, as_of=day, unit=unit_obj).aggregate(**_count_aggregates(day))
    return {
        "as_of": day,
        "counts": {code: row[code] for code in TaskStatus.values},
        "total": row["total"],
        "due_total": row["due_total"],
        "due_done": row["due_done"],
        **_rates(row),
    }


def task_unit_summary(
    *, user: Any, as_of: dt.date | None = None, plan: Any = None
) -> list[dict[str, Any]]:
    """Per lead unit: status counts on `as_of` and six-clarity completeness.

    Rows: the counted tasks and period instances plus delegated sub-tasks, each under the
    unit that leads it (a sub-task's parent is led by another unit, so per unit nothing
    counts twice; the sum over units exceeds the province total by the sub-tasks).
    Completeness: tasks, templates and sub-tasks that are not cancelled, share with no
    missing clarity. Action: VIEW. Side effects: none. Queries: three.
    """
    day = as_of or _today()
    qs = _scoped(user)
    if plan:
        qs = qs.filter(_plan_q(plan))
    counted = (
        qs.exclude(workflow_state__in=NOT_COUNTED_STATES)
        .filter(Q(assigned_on__isnull=True) | Q(assigned_on__lte=day))
        .filter(kind__in=(*COUNTED_KINDS, TaskKind.SUBTASK))
        .values("lead_unit_id")
        .annotate(**_count_aggregates(day))
        .order_by("lead_unit_id")
    )
    clarity_aggregates: dict[str, Any] = {
        f"missing_{code}": Count("pk", filter=clarities.missing_q(code)) for code in clarities.CODES
    }
    recorded = (
        qs.exclude(workflow_state=WorkflowState.CANCELLED)
        .exclude(kind=TaskKind.INSTANCE)
        .values("lead_unit_id")
        .annotate(
            records=Count("pk"),
            complete=Count("pk", filter=Q(missing_clarities="")),
            **clarity_aggregates,
        )
        .order_by("lead_unit_id")
    )
    rows: dict[int, dict[str, Any]] = {}
    for row in counted:
        rows[row["lead_unit_id"]] = {
            "counts": {code: row[code] for code in TaskStatus.values},
            "total": row["total"],
            "due_total": row["due_total"],
            **_rates(row),
        }
    empty = {
        "counts": dict.fromkeys(TaskStatus.values, 0),
        "total": 0,
        "due_total": 0,
        "completion_rate": None,
        "on_time_rate": None,
    }
    for row in recorded:
        entry = rows.setdefault(row["lead_unit_id"], dict(empty))
        entry["records"] = row["records"]
        entry["complete"] = row["complete"]
        entry["completeness"] = (
            round(100 * row["complete"] / row["records"], 1) if row["records"] else None
        )
        entry["missing"] = {code: row[f"missing_{code}"] for code in clarities.CODES}
    units = {u.pk: u for u in Unit.objects.filter(pk__in=rows).select_related("level")}
    result = []
    for unit_id, entry in rows.items():
        entry.setdefault("records", 0)
        entry.setdefault("complete", 0)
        entry.setdefault("completeness", None)
        entry.setdefault("missing", dict.fromkeys(clarities.CODES, 0))
        entry["unit"] = units.get(unit_id)
        result.append(entry)
    # Provinces first, then departments, communes… each level by code (not by path text).
    result.sort(
        key=lambda e: (
            e["unit"].depth if e["unit"] else 99,
            e["unit"].level.sort_order if e["unit"] else 0,
            e["unit"].code if e["unit"] else "",
        )
    )
    return result


def task_clarity_completeness(*, user: Any, unit: Unit | None = None) -> dict[str, Any]:
    """Six-clarity completeness over the tasks `user` sees (optionally one unit's subtree).

    Returns `{"records", "complete", "rate", "missing": {code: n}}`. Action: VIEW.
    """
    qs = (
        _scoped(user)
        .exclude(workflow_state=WorkflowState.CANCELLED)
        .exclude(kind=TaskKind.INSTANCE)
    )
    if unit is not None:
        qs = qs.filter(lead_unit_id__in=_subtree_ids(unit))
    row = qs.aggregate(
        records=Count("pk"),
        complete=Count("pk", filter=Q(missing_clarities="")),
        **{code: Count("pk", filter=clarities.missing_q(code)) for code in clarities.CODES},
    )
    return {
        "records": row["records"],
        "complete": row["complete"],
        "rate": round(100 * row["complete"] / row["records"], 1) if row["records"] else None,
        "missing": {code: row[code] for code in clarities.CODES},
    }
