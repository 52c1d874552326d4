"""Read use-cases of tasks: the filtered list, one task with its status and timeline, and
the counts behind "67 tasks completed, 62 on schedule".

Access: every selector starts from `Task.objects.for_user(user, Action.VIEW)`: the lead
unit's subtree readers and the co-ordinating units (`shared_unit_lookups`) see a task; a
task someone may not see is missing (404). Rows under a task (progress, attachments,
extensions, history) are read through the task the user may see.

Counting rule (`task_status_counts`): `Task.objects.counted()` — tasks and period
instances, not recurring templates, not proposed or cancelled ones — assigned on or before
`as_of` (or with no assignment date), statuses on the ORIGINAL deadline. With a unit, the
rows led inside that unit's subtree count, plus delegated sub-tasks led inside it whose
parent is led outside it (the parent is then not counted, so nothing counts twice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from tinhso.accounts.access import Action, unit_ids_for
from tinhso.programmes.models import Plan, PlanGroup, Target, TargetSet
from tinhso.units.models import Unit

from . import clarities
from .models import (
    Task,
    TaskAttachment,
    TaskExtension,
    TaskKind,
    TaskMilestone,
    TaskProgress,
    TaskTransition,
    WorkflowState,
)
from .status import (
    TaskStatus,
    at_risk_expression,
    at_risk_q,
    status_expression,
    status_label,
    status_on,
    status_q,
    task_at_risk,
)

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


def task_list(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[Task]:
    """Tasks `user` may see, filtered, with `status` annotated as of `filters["as_of"]`.

    Filters (all optional): `plan` (number/symbol or id), `unit` (unit code: the lead unit
    or any unit below it), `group` (group id), `status` (a `TaskStatus` code, on `as_of`),
    `as_of` (default today), `deadline_from` / `deadline_to` (original deadline, inclusive),
    `missing` (a clarity code or "any"), `kind`, `state` (workflow state), `q` (title or
    number), `at_risk` (true: only the tasks `status.at_risk_q` flags on `as_of`, in SQL).
    Each row also carries the boolean `at_risk` (same rule) on `as_of`. Ordered by
    original deadline, then id. Action: VIEW. Side effects: none.
    Errors: none; an unknown unit code gives an empty list.
    """
    as_of: dt.date = filters.get("as_of") or _today()
    qs = _scoped(user)
    if plan := filters.get("plan"):
        qs = qs.filter(_plan_q(plan))
    if code := filters.get("unit"):
        unit = unit_by_code(str(code).strip())
        if unit is None:
            return qs.none()
        qs = qs.filter(lead_unit_id__in=_subtree_ids(unit))
    if group := filters.get("group"):
        qs = qs.filter(group_id=getattr(group, "pk", group))
    if status := filters.get("status"):
        qs = qs.filter(status_q(str(status), as_of))
    if day_from := filters.get("deadline_from"):
        qs = qs.filter(deadline__gte=day_from)
    if day_to := filters.get("deadline_to"):
        qs = qs.filter(deadline__lte=day_to)
    if missing := filters.get("missing"):
        qs = qs.filter(clarities.missing_q(str(missing)))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if state := filters.get("state"):
        qs = qs.filter(workflow_state=state)
    if text := (filters.get("q") or "").strip():
        qs = qs.filter(Q(title__icontains=text) | Q(code__iexact=text))
    if filters.get("at_risk"):
        qs = qs.filter(at_risk_q(as_of))
    return (
        qs.select_related("lead_unit", "plan__document", "group")
        .annotate(status=status_expression(as_of), at_risk=at_risk_expression(as_of))
        .order_by("deadline", "pk")
    )


def decorate(task: Task, as_of: dt.date) -> Task:
    """Attach the computed statuses (original and extended deadline) and the "at risk"
    warning (`status.task_at_risk`, original deadline) to `task`."""
    code = status_on(
        as_of=as_of,
        deadline=task.deadline,
        started_on=task.started_on,
        completed_on=task.completed_on,
    )
    current = status_on(
        as_of=as_of,
        deadline=task.current_deadline or task.deadline,
        started_on=task.started_on,
        completed_on=task.completed_on,
    )
    task.status = code  # type: ignore[attr-defined]  # computed attribute for templates/API
    task.status_label = status_label(code)  # type: ignore[attr-defined]  # computed
    task.status_current = current  # type: ignore[attr-defined]  # computed
    task.status_current_label = status_label(current)  # type: ignore[attr-defined]  # computed
    task.as_of = as_of  # type: ignore[attr-defined]  # computed
    task.at_risk = task_at_risk(task, as_of)  # type: ignore[attr-defined]  # computed
    return task


def task_get(*, user: Any, pk: int, as_of: dt.date | None = None, action: str = "view") -> Task:
    """One task `user` may see (or act on with `action`), with its statuses as of `as_of`.

    Rule: status against the original deadline (`status`) and against the extended deadline
    (`status_current`). Action: VIEW (or the one given). Side effects: none. Errors:
    `Http404` when missing or not visible.
    """
    task = (
        Task.objects.for_user(user, action)
        .select_related(
            "lead_unit",
            "plan__document",
            "group",
            "source_document",
            "approving_unit",
            "responsible_leader",
            "contact_officer",
            "supervisor",
            "accepted_by",
            "parent",
        )
        .prefetch_related(
            "co_units",
            Prefetch(
                "targets",
                queryset=Target.objects.select_related("target_set").order_by(
                    "target_set__version", "pk"
                ),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    if task is None:
        raise Http404("No such task.")
    return decorate(task, as_of or _today())


@dataclass
class TimelineEntry:
    """One dated line of a task's timeline (a progress update, a workflow step, an extension)."""

    day: dt.date
    kind: str
    obj: Any
    at: dt.datetime | None = None
    attachments: list[TaskAttachment] = field(default_factory=list)


def task_timeline(
    *, task: Task, attachments: list[TaskAttachment] | None = None
) -> list[TimelineEntry]:
    """Progress updates, workflow steps and extensions of `task` in date order (oldest first).

    The caller obtained `task` through `task_get` (access checked). Queries: four, or three
    when the caller passes the task's `attachments` (already read, e.g. by
    `task_attachments`): the updates' attachments are then taken from that list.
    """
    entries: list[TimelineEntry] = []
    updates = (
        TaskProgress.objects.filter(task=task)
        .select_related("author", "milestone")
        .order_by("reported_on", "pk")
    )
    by_update: dict[int, list[TaskAttachment]] = {}
    if attachments is None:
        updates = updates.prefetch_related(
            Prefetch("attachments", queryset=TaskAttachment.objects.order_by("created_at", "pk"))
        )
    else:
        for item in sorted(attachments, key=lambda a: (a.created_at, a.pk)):
            if item.progress_id is not None:
                by_update.setdefault(item.progress_id, []).append(item)
    for update in updates:
        files = (
            list(update.attachments.all()) if attachments is None else by_update.get(update.pk, [])
        )
        entries.append(
            TimelineEntry(update.reported_on, "progress", update, update.created_at, files)
        )
    for step in (
        TaskTransition.objects.filter(task=task).select_related("actor").order_by("at", "pk")
    ):
        entries.append(TimelineEntry(timezone.localdate(step.at), "transition", step, step.at))
    for ext in (
        TaskExtension.objects.filter(task=task)
        .select_related("decided_by")
        .order_by("created_at", "pk")
    ):
        entries.append(TimelineEntry(ext.decision_date, "extension", ext, ext.created_at))
    entries.sort(key=lambda e: (e.day, e.at or timezone.now(), e.kind))
    return entries


def task_attachments(*, task: Task) -> QuerySet[TaskAttachment]:
    """All attachments of `task` (evidence first). Caller checked access via `task_get`."""
    return (
        TaskAttachment.objects.filter(task=task)
        .select_related("uploaded_by")
        .order_by("kind", "created_at", "pk")
    )


def task_milestones(*, task: Task) -> QuerySet[TaskMilestone]:
    """The milestones of `task` in due order."""
    return TaskMilestone.objects.filter(task=task).order_by("due_on", "sort_order", "pk")


def task_children(*, user: Any, task: Task, as_of: dt.date) -> QuerySet[Task]:
    """Sub-tasks and period instances of `task` that `user` may see, with their status."""
    return (
        _scoped(user)
        .filter(parent=task)
        .select_related("lead_unit")
        .annotate(status=status_expression(as_of))
        .order_by("deadline", "pk")
    )


def task_progress_list(*, user: Any, task_pk: int) -> QuerySet[TaskProgress]:
    """Progress updates of a task `user` may see (newest first)."""
    task = task_get(user=user, pk=task_pk)
    return (
        TaskProgress.objects.filter(task=task)
        .select_related("author")
        .order_by("-reported_on", "-pk")
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


def _grouped_counts(qs: QuerySet[Task], as_of: dt.date) -> dict[str, int]:
    """The `_count_aggregates` figures from one `GROUP BY status, due` (one CASE per row)."""
    due = Case(
        When(deadline__isnull=False, deadline__lte=as_of, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    row: dict[str, int] = dict.fromkeys(
        (*TaskStatus.values, "total", "due_total", "due_done", "due_on_time"), 0
    )
    groups = (
        qs.annotate(s=status_expression(as_of), due=due)
        .values("s", "due")
        .annotate(n=Count("pk"))
        .order_by()
    )
    done = (TaskStatus.DONE_ON_TIME, TaskStatus.DONE_LATE)
    for group in groups:
        n = group["n"]
        row[group["s"]] += n
        row["total"] += n
        if group["due"]:
            row["due_total"] += n
            row["due_done"] += n if group["s"] in done else 0
            row["due_on_time"] += n if group["s"] == TaskStatus.DONE_ON_TIME else 0
    return row


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


class TaskRows:
    """The rows of `task_list` for a paginator: a page is read ids first, then the rows.

    The id query touches only columns of the covering index `task_list_cover`, so
    PostgreSQL walks it in deadline order and stops after one page; the 50 full rows (with
    their joins) are then fetched by primary key. `count()` feeds the paginator;
    iterating yields every row (exports).
    """

    def __init__(self, queryset: QuerySet[Task]) -> None:
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Any:
        return iter(self.queryset.iterator(chunk_size=2000))

    def __getitem__(self, item: int | slice) -> Any:
        if isinstance(item, int):
            return self[item : item + 1][0]
        ids = list(self.queryset.values_list("pk", flat=True)[item])
        rows = {row.pk: row for row in self.queryset.filter(pk__in=ids).order_by()}
        return [rows[pk] for pk in ids]


def task_rows(*, user: Any, filters: Mapping[str, Any]) -> TaskRows:
    """`task_list` wrapped for pagination and export (see `TaskRows`)."""
    return TaskRows(task_list(user=user, filters=filters))


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
