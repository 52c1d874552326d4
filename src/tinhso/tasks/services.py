"""Write use-cases of tasks: create, edit, progress, evidence, extensions, delegation,
recurring instances and the workflow (`task_transition`, the only writer of the state).

Every service: `require(...)` first, `full_clean()`, one `transaction.atomic()` with a row
lock (`select_for_update`) on the task, a version check where the caller edits what it
read, and exactly one `audit_record(...)`.

Rights (see `accounts.access`): editing a task, adding progress and attachments needs EDIT on
the lead unit; delegating needs APPROVE on the lead unit; an extension needs APPROVE on the
approving unit or on the lead unit; workflow rights are in `workflow.py`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, can, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.programmes.models import Target
from tinhso.units.models import Unit

from . import clarities, workflow
from .models import (
    AttachmentKind,
    Recurrence,
    Task,
    TaskAttachment,
    TaskExtension,
    TaskKind,
    TaskMilestone,
    TaskProgress,
    TaskTransition,
    WorkflowState,
)

# Fields an editor may set on create and update (state, dates of the workflow, progress and
# the extended deadline are written only by the services that own them).
EDITABLE_FIELDS: tuple[str, ...] = (
    "plan",
    "group",
    "code",
    "title",
    "description",
    "source_document",
    "source_clause",
    "lead_unit",
    "contact_officer",
    "responsible_leader",
    "responsible_title",
    "supervisor",
    "deadline_kind",
    "start_date",
    "deadline",
    "recurrence",
    "recurrence_until",
    "product_type",
    "expected_product",
    "acceptance_criterion",
    "assigning_authority",
    "approving_unit",
    "national_id",
    "is_illustrative",
)
M2M_FIELDS: tuple[str, ...] = ("co_units", "targets")
FK_FIELDS = frozenset(
    {
        "plan",
        "group",
        "source_document",
        "lead_unit",
        "contact_officer",
        "responsible_leader",
        "supervisor",
        "approving_unit",
    }
)
CREATABLE_KINDS = (TaskKind.TASK, TaskKind.RECURRING)
PROGRESS_STATES = frozenset(
    {WorkflowState.ASSIGNED, WorkflowState.IN_PROGRESS, WorkflowState.RETURNED}
)
CLOSED_STATES = frozenset({WorkflowState.ACCEPTED, WorkflowState.CANCELLED})


def _today() -> dt.date:
    return timezone.localdate()


def _conflict() -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else saved this task after you opened it. Reload the page, check their "
            "changes and enter yours again."
        )
    )


def _check_version(task: Task, expected: int | None) -> None:
    if expected is not None and task.version != expected:
        raise _conflict()


def _lock(task: Task) -> Task:
    # No select_related: PostgreSQL cannot lock the nullable side of an outer join.
    return Task.objects.select_for_update().get(pk=task.pk)


def _assign_fields(task: Task, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        if name in FK_FIELDS and not isinstance(value, models.Model):
            setattr(task, f"{name}_id", value)
        else:
            setattr(task, name, "" if value is None and _is_text(name) else value)


def _is_text(name: str) -> bool:
    field = Task._meta.get_field(name)
    return isinstance(field, (models.CharField, models.TextField)) and not field.null


def _unit(value: Any) -> Unit:
    if isinstance(value, Unit):
        return value
    unit = Unit.objects.filter(pk=value).first()
    if unit is None:
        raise ValidationError({"lead_unit": _("Choose an existing unit.")})
    return unit


def _refresh_clarities(task: Task, *, has_milestones: bool | None = None) -> None:
    task.missing_clarities = clarities.encode(
        clarities.missing_clarities(task, has_milestones=has_milestones)
    )


def _validate(task: Task) -> None:
    # Field rules first (unknown ids, choices, constraints), then the cross-field ones.
    task.full_clean()
    errors: dict[str, list[str]] = {}
    if task.group is not None and task.group.plan_id != task.plan_id:
        errors.setdefault("group", []).append(_("This group belongs to another plan."))
    if task.kind == TaskKind.RECURRING and not task.recurrence:
        errors.setdefault("recurrence", []).append(_("A recurring task needs a recurrence."))
    if task.recurrence_until and task.start_date and task.recurrence_until < task.start_date:
        errors.setdefault("recurrence_until", []).append(_("This date is before the start."))
    if errors:
        raise ValidationError(errors)


def _ids(values: Any, model: type[models.Model], field: str) -> list[int]:
    try:
        ids = sorted({v.pk if isinstance(v, models.Model) else int(v) for v in values or []})
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("Choose existing rows.")}) from exc
    if model._default_manager.filter(pk__in=ids).count() != len(ids):
        raise ValidationError({field: _("Choose existing rows.")})
    return ids


def _set_m2m(task: Task, data: Mapping[str, Any]) -> None:
    if "co_units" in data:
        ids = _ids(data["co_units"], Unit, "co_units")
        if task.lead_unit_id in ids:
            raise ValidationError({"co_units": _("The lead unit cannot also co-ordinate.")})
        task.co_units.set(ids)
    if "targets" in data:
        ids = _ids(data["targets"], Target, "targets")
        if Target.objects.filter(pk__in=ids).exclude(target_set__plan_id=task.plan_id).exists():
            raise ValidationError({"targets": _("Choose targets of the task's plan.")})
        task.targets.set(ids)


def _history(task: Task, *, actor: Any, action: str, from_state: str, note: str = "") -> None:
    TaskTransition.objects.create(
        task=task,
        action=action,
        from_state=from_state,
        to_state=task.workflow_state,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
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


def _attachment(
    *,
    actor: Any,
    task: Task,
    kind: str,
    title: str,
    file: Any = None,
    url: str = "",
    progress: TaskProgress | None = None,
) -> TaskAttachment:
    attachment = TaskAttachment(
        task=task,
        progress=progress,
        kind=kind,
        title=(title or "").strip(),
        url=(url or "").strip(),
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if file:
        attachment.file = file
    if not attachment.file and not attachment.url:
        raise ValidationError({"file": _("Attach a file or give a link.")})
    attachment.full_clean()
    attachment.save()
    return attachment


def task_progress_add(
    *,
    actor: Any,
    task: Task,
    reported_on: dt.date | None = None,
    narrative: str,
    percent: int | None = None,
    milestone: TaskMilestone | int | None = None,
    difficulties: str = "",
    recommendations: str = "",
    attachments: Sequence[Mapping[str, Any]] = (),
) -> TaskProgress:
    """Record a progress update (percent or milestone reached, narrative, difficulties,
    recommendations, attachments).

    Rule: only while the task is assigned, in progress or returned; `reported_on` not in the
    future (default today); percent 0–100 and not below the task's current progress; the
    milestone must be the task's. Action: EDIT on the lead unit. Side effects: the update and
    its attachments; the task's `progress_percent` and `last_update_on`; `started_on` on the
    first update; the milestone's `done_on`; the parent's rolled-up progress; one audit
    entry. Errors: `AccessDenied`, `ValidationError`, `DomainError`.
    """
    require(actor, Action.EDIT, task.lead_unit_id)
    day = reported_on or _today()
    errors: dict[str, str] = {}
    if day > _today():
        errors["reported_on"] = _("This date is in the future.")
    if not (narrative or "").strip():
        errors["narrative"] = _("Describe the results achieved.")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Enter a percentage between 0 and 100.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(task)
        if locked.workflow_state not in PROGRESS_STATES:
            raise DomainError(
                _("Progress can be reported only on an assigned task that is not yet submitted.")
            )
        milestone_obj: TaskMilestone | None = None
        if milestone is not None:
            milestone_pk = milestone.pk if isinstance(milestone, TaskMilestone) else milestone
            milestone_obj = TaskMilestone.objects.filter(pk=milestone_pk, task=locked).first()
            if milestone_obj is None:
                raise ValidationError({"milestone": _("Choose a milestone of this task.")})
        if percent is not None and percent < locked.progress_percent:
            raise ValidationError(
                {"percent": _("Progress cannot go below the last reported value.")}
            )
        progress = TaskProgress(
            task=locked,
            reported_on=day,
            percent=percent,
            milestone=milestone_obj,
            narrative=narrative.strip(),
            difficulties=(difficulties or "").strip(),
            recommendations=(recommendations or "").strip(),
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        progress.full_clean()
        progress.save()
        for item in attachments:
            _attachment(
                actor=actor,
                task=locked,
                progress=progress,
                kind=item.get("kind") or AttachmentKind.ATTACHMENT,
                title=item.get("title") or "",
                file=item.get("file"),
                url=item.get("url") or "",
            )
        if milestone_obj is not None and milestone_obj.done_on is None:
            milestone_obj.done_on = day
            milestone_obj.save(update_fields=["done_on"])
        if percent is not None:
            locked.progress_percent = percent
        if locked.last_update_on is None or day > locked.last_update_on:
            locked.last_update_on = day
        if locked.started_on is None:
            locked.started_on = day
        locked.version += 1
        locked.save(update_fields=["progress_percent", "last_update_on", "started_on", "version"])
        _rollup_parent(locked)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=progress,
            unit=locked.lead_unit_id,
            after=audit_snapshot(progress),
            message=f"task {locked.pk}: {len(attachments)} attachment(s)",
        )
    return progress


def task_attachment_add(
    *, actor: Any, task: Task, kind: str, title: str, file: Any = None, url: str = ""
) -> TaskAttachment:
    """Attach a file or a link to a task; `evidence` proves the product (spec §3).

    Rule: a file or a URL; not on a closed task. Action: EDIT on the lead unit. Side effects:
    the attachment, one audit entry. Errors: `AccessDenied`, `ValidationError`, `DomainError`.
    """
    require(actor, Action.EDIT, task.lead_unit_id)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Choose evidence or attachment.")})
    with transaction.atomic():
        locked = _lock(task)
        if locked.workflow_state in CLOSED_STATES:
            raise DomainError(_("This task is closed and can no longer be edited."))
        attachment = _attachment(
            actor=actor, task=locked, kind=kind, title=title, file=file, url=url
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=attachment,
            unit=locked.lead_unit_id,
            after=audit_snapshot(attachment),
        )
    return attachment


def task_extend(
    *,
    actor: Any,
    task: Task,
    new_deadline: dt.date,
    decision_number: str,
    decision_date: dt.date,
    reason: str,
    decision_document: Any = None,
    expected_version: int | None = None,
) -> TaskExtension:
    """Extend a task's deadline by a recorded decision (spec §9.3).

    Rule: the task has a deadline, is not closed; decision number, date and reason are
    required; the decision is not dated in the future; the new deadline is after the current
    one. Only `current_deadline` moves: `deadline` (used by statistics) never changes.
    Action: APPROVE on the approving unit or on the lead unit. Side effects: the extension
    row, the task's `current_deadline` and `version`, one audit entry. Errors:
    `AccessDenied`, `ValidationError`, `DomainError`, `ConcurrentEditError`.
    """
    if not (
        can(actor, Action.APPROVE, task.approving_unit_id)
        or can(actor, Action.APPROVE, task.lead_unit_id)
    ):
        raise AccessDenied("No such object.")
    errors: dict[str, str] = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Give the number/symbol of the decision.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason for the extension.")
    if decision_date is None:
        errors["decision_date"] = _("Give the date of the decision.")
    elif decision_date > _today():
        errors["decision_date"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(task)
        _check_version(locked, expected_version)
        if locked.workflow_state in CLOSED_STATES:
            raise DomainError(_("This task is closed and can no longer be edited."))
        current = locked.current_deadline or locked.deadline
        if current is None:
            raise DomainError(_("This task has no deadline to extend."))
        if new_deadline is None or new_deadline <= current:
            raise ValidationError(
                {"new_deadline": _("The new deadline must be after the current deadline.")}
            )
        extension = TaskExtension(
            task=locked,
            previous_deadline=current,
            new_deadline=new_deadline,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            decision_document=decision_document,
            reason=reason.strip(),
            decided_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        extension.full_clean()
        extension.save()
        locked.current_deadline = new_deadline
        locked.version += 1
        locked.save(update_fields=["current_deadline", "version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before={"current_deadline": current.isoformat()},
            after={"current_deadline": new_deadline.isoformat()},
            message=f"extension {extension.decision_number}",
        )
    return extension


def _new_child(
    parent: Task, *, kind: str, lead_unit_id: int, title: str, deadline: dt.date | None
) -> Task:
    return Task(
        plan_id=parent.plan_id,
        group_id=parent.group_id,
        parent=parent,
        kind=kind,
        title=title,
        description=parent.description,
        source_document_id=parent.source_document_id,
        source_clause=parent.source_clause,
        lead_unit_id=lead_unit_id,
        responsible_title=parent.responsible_title,
        deadline_kind="fixed",
        deadline=deadline,
        current_deadline=deadline,
        product_type=parent.product_type,
        expected_product=parent.expected_product,
        acceptance_criterion=parent.acceptance_criterion,
        assigning_authority=parent.assigning_authority,
        approving_unit_id=parent.approving_unit_id,
        is_illustrative=parent.is_illustrative,
        workflow_state=WorkflowState.ASSIGNED,
    )


def _may_receive_delegation(lead: Unit, unit: Unit) -> bool:
    if unit.pk == lead.pk or unit.valid_to is not None:
        return False
    # Below the lead unit: its own service centre, a commune under a provincial lead…
    if unit.path.startswith(lead.path):
        return True
    # A commune (any administrative division) of the lead unit's province.
    province_path = "/" + lead.path.strip("/").split("/")[0] + "/"
    return bool(unit.level.is_administrative) and unit.path.startswith(province_path)


def task_delegate(
    *,
    actor: Any,
    task: Task,
    unit: Unit,
    title: str = "",
    deadline: dt.date | None = None,
    responsible_title: str = "",
    on_date: dt.date | None = None,
) -> Task:
    """Delegate part of a task to a unit (e.g. a commune): a sub-task.

    Rule: `unit` lies strictly below the lead unit, or is an open administrative division
    (a commune) of the lead unit's province: a department delegates to communes, which are
    its siblings' children, not its own; the task is assigned and open; the
    sub-task's deadline (default: the parent's current deadline) is not after the parent's.
    The sub-task is created `assigned` (the lead unit assigns it), approved by the lead
    unit, and counts only under its own unit (see `selectors.task_status_counts`).
    Action: APPROVE on the lead unit. Side effects: the sub-task, its history row
    ("delegate"), the parent's rolled-up progress, one audit entry. Errors: `AccessDenied`,
    `ValidationError`, `DomainError`.
    """
    require(actor, Action.APPROVE, task.lead_unit_id)
    lead = task.lead_unit
    if not _may_receive_delegation(lead, unit):
        raise ValidationError(
            {"unit": _("Choose a unit under the lead unit or a commune of its province.")}
        )
    with transaction.atomic():
        locked = _lock(task)
        if locked.workflow_state not in PROGRESS_STATES:
            raise DomainError(_("Only an assigned, open task can be delegated."))
        if locked.kind not in (TaskKind.TASK, TaskKind.INSTANCE):
            raise DomainError(_("A sub-task or a recurring template cannot be delegated."))
        limit = locked.current_deadline or locked.deadline
        day = deadline or limit
        if day is not None and limit is not None and day > limit:
            raise ValidationError(
                {"deadline": _("A sub-task cannot be due after its parent task.")}
            )
        child = _new_child(
            locked,
            kind=TaskKind.SUBTASK,
            lead_unit_id=unit.pk,
            title=(title or "").strip() or locked.title,
            deadline=day,
        )
        child.responsible_title = responsible_title or ""
        child.approving_unit_id = locked.lead_unit_id
        child.assigning_authority = str(lead)
        child.assigned_on = on_date or _today()
        _refresh_clarities(child, has_milestones=False)
        child.full_clean()
        child.save()
        _history(child, actor=actor, action="delegate", from_state=WorkflowState.PROPOSED)
        _rollup_parent(child)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=child,
            after=audit_snapshot(child),
            message=f"delegated from task {locked.pk}",
        )
    return child


# ---------------------------------------------------------------- recurring instances

_MONTHS = {
    Recurrence.MONTHLY: 1,
    Recurrence.QUARTERLY: 3,
    Recurrence.HALF_YEARLY: 6,
    Recurrence.ANNUAL: 12,
}


def _period_label(kind: str, start: dt.date) -> str:
    if kind == Recurrence.MONTHLY:
        return f"{start.month:02d}/{start.year}"
    if kind == Recurrence.QUARTERLY:
        return f"Q{(start.month - 1) // 3 + 1}/{start.year}"
    if kind == Recurrence.HALF_YEARLY:
        return f"H{(start.month - 1) // 6 + 1}/{start.year}"
    return str(start.year)


def recurrence_periods(
    kind: str, first: dt.date, until: dt.date
) -> list[tuple[str, dt.date, dt.date]]:
    """Calendar periods (label, start, end) of `kind` that overlap `first`..`until`."""
    months = _MONTHS[Recurrence(kind)]
    month0 = ((first.month - 1) // months) * months + 1
    start = dt.date(first.year, month0, 1)
    periods: list[tuple[str, dt.date, dt.date]] = []
    while start <= until:
        end_month = start.month + months - 1
        end = dt.date(start.year, end_month, calendar.monthrange(start.year, end_month)[1])
        periods.append((_period_label(kind, start), start, end))
        next_month = end_month + 1
        start = dt.date(start.year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
    return periods


def task_generate_instances(
    *, actor: Any, task: Task, offset_days: int | None = None
) -> list[Task]:
    """Create the period instances of a recurring template (idempotent).

    Rule: the template is `recurring`, assigned (not proposed/cancelled), with a recurrence
    and `recurrence_until`; periods run from its start date (else assigned date) to
    `recurrence_until`; each instance gets the period label, `deadline` = period end +
    `offset_days` (default `settings.TASKS_INSTANCE_DEADLINE_OFFSET_DAYS`, else 0), counts
    from the period start (`assigned_on`), and starts `assigned`. Periods that already have
    an instance are skipped. Action: EDIT on the lead unit. Side effects: the new instances
    with a history row each, one audit entry (none when nothing was new). Errors:
    `AccessDenied`, `ValidationError`, `DomainError`.
    """
    require(actor, Action.EDIT, task.lead_unit_id)
    offset = (
        offset_days
        if offset_days is not None
        else int(getattr(settings, "TASKS_INSTANCE_DEADLINE_OFFSET_DAYS", 0))
    )
    with transaction.atomic():
        locked = _lock(task)
        if locked.kind != TaskKind.RECURRING:
            raise DomainError(_("Only a recurring task generates period instances."))
        if locked.workflow_state in (WorkflowState.PROPOSED, WorkflowState.CANCELLED):
            raise DomainError(_("Assign the recurring task before generating its periods."))
        first = locked.start_date or locked.assigned_on
        if not locked.recurrence or locked.recurrence_until is None or first is None:
            raise ValidationError(
                {"recurrence_until": _("Give the recurrence, a start date and an end date.")}
            )
        existing = set(
            Task.objects.filter(parent=locked, kind=TaskKind.INSTANCE).values_list(
                "period_label", flat=True
            )
        )
        created: list[Task] = []
        for label, start, end in recurrence_periods(
            locked.recurrence, first, locked.recurrence_until
        ):
            if label in existing:
                continue
            child = _new_child(
                locked,
                kind=TaskKind.INSTANCE,
                lead_unit_id=locked.lead_unit_id,
                title=f"{locked.title} ({label})",
                deadline=end + dt.timedelta(days=offset),
            )
            child.period_label = label
            child.responsible_leader_id = locked.responsible_leader_id
            child.assigned_on = max(start, first)
            _refresh_clarities(child, has_milestones=False)
            child.full_clean()
            created.append(child)
        for child in created:
            child.save()
            child.co_units.set(locked.co_units.all())
            _history(child, actor=actor, action="generate", from_state=WorkflowState.PROPOSED)
        if created:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=locked,
                message=f"{len(created)} period instance(s): "
                + ", ".join(c.period_label for c in created),
            )
    return created


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
