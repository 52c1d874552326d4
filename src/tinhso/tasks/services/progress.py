"""Progress, attachment and extension services of a task."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, can, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.tasks.models import (
    AttachmentKind,
    Task,
    TaskAttachment,
    TaskExtension,
    TaskMilestone,
    TaskProgress,
)

from .common import CLOSED_STATES, PROGRESS_STATES, _check_version, _lock, _today
from .tasks import _rollup_parent


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
