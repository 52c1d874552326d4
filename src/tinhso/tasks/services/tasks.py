"""Task create and update services."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Avg
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.programmes.models import Target
from tinhso.tasks.models import (
    Task,
    TaskKind,
    WorkflowState,
)
from tinhso.units.models import Unit

from .common import (
    CLOSED_STATES,
    CREATABLE_KINDS,
    EDITABLE_FIELDS,
    M2M_FIELDS,
    _assign_fields,
    _check_version,
    _history,
    _ids,
    _lock,
    _refresh_clarities,
    _set_m2m,
    _unit,
    _validate,
)


def task_create(*, actor: Any, data: Mapping[str, Any], kind: str = TaskKind.TASK) -> Task:
    """Create a task (or a recurring template) in state `proposed`.

    Rule: only `EDITABLE_FIELDS` plus `co_units`/`targets`; `kind` is `task` or
    `recurring`; the group must belong to the plan; `current_deadline` starts equal to the
    deadline. Action: EDIT on the lead unit. Side effects: the task, its co-ordinating units
    and targets, one history row ("propose"), one audit entry. Errors: `AccessDenied`,
    `ValidationError`.
    """
    if "lead_unit" not in data or data["lead_unit"] in (None, ""):
        raise ValidationError({"lead_unit": _("This field is required.")})
    require(actor, Action.EDIT, _unit(data["lead_unit"]))
    unknown = sorted(set(data) - set(EDITABLE_FIELDS) - set(M2M_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    if kind not in CREATABLE_KINDS:
        raise ValidationError({"kind": _("Choose a task or a recurring task.")})
    task = Task(kind=kind, workflow_state=WorkflowState.PROPOSED)
    _assign_fields(task, {k: v for k, v in data.items() if k not in M2M_FIELDS})
    task.current_deadline = task.deadline
    _refresh_clarities(task, has_milestones=False)
    with transaction.atomic():
        _validate(task)
        task.save()
        _set_m2m(task, data)
        _history(task, actor=actor, action="propose", from_state=WorkflowState.PROPOSED)
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, obj=task, after=audit_snapshot(task)
        )
    return task


def task_update(*, actor: Any, task: Task, data: Mapping[str, Any], version: int) -> Task:
    """Edit a task's six-clarity fields.

    Rule: only `EDITABLE_FIELDS` (+ `co_units`, `targets`); the original `deadline` cannot
    change once the task was assigned (use an extension); a closed (accepted or cancelled)
    task is not edited; moving the task to another lead unit needs EDIT on both.
    Action: EDIT on the lead unit. Side effects: saves with `version + 1`, recomputes the
    missing clarities, one audit entry (nothing when nothing changed). Errors:
    `AccessDenied`, `ValidationError`, `DomainError`, `ConcurrentEditError` (stale version).
    """
    require(actor, Action.EDIT, task.lead_unit_id)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS) - set(M2M_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be edited.") for name in unknown})
    if "lead_unit" in data and data["lead_unit"] not in (None, ""):
        require(actor, Action.EDIT, _unit(data["lead_unit"]))
    with transaction.atomic():
        locked = _lock(task)
        _check_version(locked, version)
        if locked.workflow_state in CLOSED_STATES:
            raise DomainError(_("This task is closed and can no longer be edited."))
        before = audit_snapshot(locked)
        old_deadline = locked.deadline
        _assign_fields(locked, {k: v for k, v in data.items() if k not in M2M_FIELDS})
        if locked.deadline != old_deadline:
            if locked.assigned_on is not None or locked.workflow_state != WorkflowState.PROPOSED:
                raise ValidationError(
                    {
                        "deadline": _(
                            "The original deadline of an assigned task cannot change; record "
                            "an extension decision instead."
                        )
                    }
                )
            locked.current_deadline = locked.deadline
        _refresh_clarities(locked)
        _validate(locked)
        after = audit_snapshot(locked)
        m2m_changed = _m2m_changed(locked, data)
        if after == before and not m2m_changed:
            return locked
        locked.version += 1
        locked.save()
        _set_m2m(locked, data)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=audit_snapshot(locked),
        )
    return locked


def _m2m_changed(task: Task, data: Mapping[str, Any]) -> bool:
    for name in M2M_FIELDS:
        if name in data:
            model: type[models.Model] = Unit if name == "co_units" else Target
            new = set(_ids(data[name], model, name))
            old = set(getattr(task, name).values_list("pk", flat=True))
            if new != old:
                return True
    return False


def _rollup_parent(task: Task) -> None:
    """A parent's progress is the mean of its open or done (not cancelled) sub-tasks."""
    if task.parent_id is None or task.kind != TaskKind.SUBTASK:
        return
    mean = (
        Task.objects.filter(parent_id=task.parent_id, kind=TaskKind.SUBTASK)
        .exclude(workflow_state=WorkflowState.CANCELLED)
        .aggregate(mean=Avg("progress_percent"))["mean"]
    )
    if mean is not None:
        Task.objects.filter(pk=task.parent_id).update(progress_percent=round(mean))
