"""Task lists, a task with its timeline, attachments, milestones and children."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.http import Http404
from django.utils import timezone

from tinhso.programmes.models import Target
from tinhso.tasks import clarities
from tinhso.tasks.models import (
    Task,
    TaskAttachment,
    TaskExtension,
    TaskMilestone,
    TaskProgress,
    TaskTransition,
)
from tinhso.tasks.status import (
    at_risk_expression,
    at_risk_q,
    status_expression,
    status_label,
    status_on,
    status_q,
    task_at_risk,
)

from .common import _plan_q, _scoped, _subtree_ids, _today, unit_by_code


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
