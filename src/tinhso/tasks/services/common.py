"""Shared constants and helpers of the task services (locking, validation, history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.exceptions import ConcurrentEditError
from tinhso.programmes.models import Target
from tinhso.tasks import clarities
from tinhso.tasks.models import (
    Task,
    TaskKind,
    TaskTransition,
    WorkflowState,
)
from tinhso.units.models import Unit

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
