"""Delegation of sub-tasks and generation of recurring instances."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.tasks.models import (
    Recurrence,
    Task,
    TaskKind,
    WorkflowState,
)
from tinhso.units.models import Unit

from .common import PROGRESS_STATES, _history, _lock, _refresh_clarities, _today
from .tasks import _rollup_parent


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
