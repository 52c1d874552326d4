"""Workflow transitions and milestones of a task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.tasks import workflow
from tinhso.tasks.models import (
    AttachmentKind,
    Task,
    TaskAttachment,
    TaskKind,
    TaskMilestone,
    TaskTransition,
)

from .common import CLOSED_STATES, _check_version, _history, _lock, _refresh_clarities, _today
from .tasks import _rollup_parent

# ---------------------------------------------------------------- workflow


def _submitted_on(task: Task) -> dt.date | None:
    step = (
        TaskTransition.objects.filter(task=task, action="submit")
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localdate(step) if step is not None else None


def task_transition(
    *,
    actor: Any,
    task: Task,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    on_date: dt.date | None = None,
) -> Task:
    """Apply one step of the assignment workflow (table and rights in `workflow.py`).

    Rule: the action exists and leaves the current state; the actor holds the table's right;
    a note where the table requires one; evidence for submit/accept; no open sub-task at
    accept; `on_date` (default today; for accept the submission date) not in the future.
    Effects by action: assign sets `assigned_on`; start sets `started_on` (if unset); accept
    sets `completed_on`, `accepted_by`, progress 100 % and rolls up to the parent.
    Action: per table. Side effects: the task (state, dates, `version + 1`), one history row
    (`TaskTransition`), one audit entry. Errors: `AccessDenied` (no right: a 404),
    `ValidationError` (unknown action, missing note, future date), `DomainError` (wrong
    state, no evidence, open sub-task), `ConcurrentEditError` (stale `expected_version`).
    """
    step = workflow.get(action)
    if step is None:
        raise ValidationError({"action": _("Unknown action.")})
    if not workflow.may(actor, step, task):
        raise AccessDenied("No such object.")
    note = (note or "").strip()
    if step.note_required and not note:
        raise ValidationError({"note": _("Give the reason or the decision reference.")})
    if on_date is not None and on_date > _today():
        raise ValidationError({"on_date": _("This date is in the future.")})
    with transaction.atomic():
        locked = _lock(task)
        _check_version(locked, expected_version)
        if not workflow.allows(step, locked.workflow_state):
            raise DomainError(
                _("This action is not possible in the task's current state."),
                code="invalid_transition",
            )
        if (
            step.evidence_required
            and not TaskAttachment.objects.filter(
                task=locked, kind=AttachmentKind.EVIDENCE
            ).exists()
        ):
            raise DomainError(
                _("Attach the product evidence before submitting or accepting the task."),
                code="evidence_required",
            )
        if (
            action == "accept"
            and Task.objects.filter(
                parent=locked, kind=TaskKind.SUBTASK, workflow_state__in=workflow.OPEN_STATES
            ).exists()
        ):
            raise DomainError(
                _("A delegated sub-task is still open; accept or cancel it first."),
                code="open_subtasks",
            )
        before = audit_snapshot(locked)
        from_state = locked.workflow_state
        locked.workflow_state = step.target
        if action == "assign":
            locked.assigned_on = on_date or _today()
        elif action == "start" and locked.started_on is None:
            locked.started_on = on_date or _today()
        elif action == "accept":
            locked.completed_on = on_date or _submitted_on(locked) or _today()
            locked.accepted_by = actor
            locked.progress_percent = 100
            if locked.started_on is None or locked.started_on > locked.completed_on:
                locked.started_on = locked.completed_on
        locked.version += 1
        locked.save()
        _history(locked, actor=actor, action=action, from_state=from_state, note=note)
        if action in ("accept", "cancel"):
            _rollup_parent(locked)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=locked,
            before=before,
            after=audit_snapshot(locked),
            message=f"{action}: {note}"[:500],
        )
    return locked


def _milestone_rows(milestones: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Parse and check the wanted milestone rows (errors name the row, 1-based)."""
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for i, item in enumerate(milestones, start=1):
        title = str(item.get("title") or "").strip()
        due_on = item.get("due_on")
        raw_id: Any = item.get("id")
        if not title or not isinstance(due_on, dt.date):
            problems.append(_("Row %(row)d: enter a title and a due date.") % {"row": i})
            continue
        try:
            pk = int(raw_id) if raw_id not in (None, "") else None
        except (TypeError, ValueError):
            problems.append(_("Row %(row)d: choose a milestone of this task.") % {"row": i})
            continue
        rows.append({"id": pk, "title": title, "due_on": due_on})
    if problems:
        raise ValidationError({"milestones": problems})
    return rows


def _milestone_snapshot(milestones: Iterable[TaskMilestone]) -> list[str]:
    return [f"{m.due_on.isoformat()} {m.title}" for m in milestones]


def task_milestones_set(
    *,
    actor: Any,
    task: Task,
    milestones: Iterable[Mapping[str, Any]],
    version: int | None = None,
) -> list[TaskMilestone]:
    """Replace the milestones of a task by `milestones` (rows `{id?, title, due_on}`).

    Rule: a row with `id` keeps (and may rename or re-date) that milestone of the task, a
    row without `id` adds one, a milestone not named is removed — except a reached one
    (`done_on` set: progress history points at it), which cannot be removed; every row
    needs a title and a due date; the order is the rows' order; a closed (accepted or
    cancelled) task is not changed; `version`, when given, must be the one read.
    Action: EDIT on the lead unit. Side effects: the milestones, the task's missing
    clarities and `version + 1`, one audit entry (before/after lists); nothing when nothing
    changed. Errors: `AccessDenied`, `ValidationError` (`milestones`), `DomainError`,
    `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, task.lead_unit_id)
    rows = _milestone_rows(milestones)
    with transaction.atomic():
        locked = _lock(task)
        _check_version(locked, version)
        if locked.workflow_state in CLOSED_STATES:
            raise DomainError(_("This task is closed and can no longer be edited."))
        existing = {
            m.pk: m
            for m in TaskMilestone.objects.filter(task=locked).order_by(
                "due_on", "sort_order", "pk"
            )
        }
        before = _milestone_snapshot(existing.values())
        wanted = {row["id"] for row in rows if row["id"] is not None}
        if wanted - set(existing):
            raise ValidationError({"milestones": _("Choose a milestone of this task.")})
        removed = [m for pk, m in existing.items() if pk not in wanted]
        if any(m.done_on is not None for m in removed):
            raise ValidationError({"milestones": _("A reached milestone cannot be removed.")})
        result: list[TaskMilestone] = []
        changed = bool(removed)
        for order, row in enumerate(rows, start=1):
            milestone = existing.get(row["id"]) if row["id"] is not None else None
            if milestone is None:
                milestone = TaskMilestone(task=locked)
                changed = True
            elif (milestone.title, milestone.due_on, milestone.sort_order) != (
                row["title"],
                row["due_on"],
                order,
            ):
                changed = True
            else:
                result.append(milestone)
                continue
            milestone.title = row["title"]
            milestone.due_on = row["due_on"]
            milestone.sort_order = order
            milestone.full_clean()
            milestone.save()
            result.append(milestone)
        if not changed:
            return result
        TaskMilestone.objects.filter(pk__in=[m.pk for m in removed]).delete()
        _refresh_clarities(locked, has_milestones=bool(result))
        locked.version += 1
        locked.save(update_fields=["missing_clarities", "version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before={"milestones": before},
            after={
                "milestones": _milestone_snapshot(
                    sorted(result, key=lambda m: (m.due_on, m.sort_order))
                )
            },
            message=f"{len(result)} milestone(s)",
        )
    return result
