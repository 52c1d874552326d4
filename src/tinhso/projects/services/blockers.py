"""Blockers (vướng mắc) of a project: record and resolve."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.projects.models import Project, ProjectBlocker
from tinhso.units.models import Unit

from .common import _lock, _today, _unit, _user


def project_blocker_create(
    *,
    actor: Any,
    project: Project,
    description: str,
    raised_on: dt.date | None = None,
    owner_unit: Unit | int | None = None,
    decision_from: str = "",
    source: str = "",
) -> ProjectBlocker:
    """Record a blocker (vướng mắc) of a project.

    Rule: a description; `raised_on` not in the future (default today); the unit in charge
    is an existing unit. Action: EDIT on the managing unit. Side effects: the blocker row,
    one audit entry. Errors: `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    day = raised_on or _today()
    errors: dict[str, str] = {}
    if not (description or "").strip():
        errors["description"] = _("Describe the difficulty.")
    if day > _today():
        errors["raised_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    blocker = ProjectBlocker(
        project=project,
        description=description.strip(),
        raised_on=day,
        owner_unit=_unit(owner_unit, "owner_unit") if owner_unit is not None else None,
        decision_from=(decision_from or "").strip(),
        created_by=_user(actor),
        source=source,
    )
    with transaction.atomic():
        _lock(project)
        blocker.full_clean()
        blocker.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=blocker,
            unit=project.unit_id,
            after=audit_snapshot(blocker),
        )
    return blocker


def project_blocker_resolve(
    *,
    actor: Any,
    blocker: ProjectBlocker,
    resolved_on: dt.date | None = None,
    resolution: str,
    version: int | None = None,
) -> ProjectBlocker:
    """Mark a blocker resolved.

    Rule: not already resolved; `resolved_on` (default today) not in the future and not
    before `raised_on`; how it was resolved is required; `version` as read. Action: EDIT on
    the project's managing unit. Side effects: the blocker (`version + 1`), one audit entry.
    Errors: `AccessDenied`, `ValidationError`, `DomainError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, blocker.project.unit_id)
    day = resolved_on or _today()
    errors: dict[str, str] = {}
    if not (resolution or "").strip():
        errors["resolution"] = _("Say how it was resolved.")
    if day > _today():
        errors["resolved_on"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = ProjectBlocker.objects.select_for_update().get(pk=blocker.pk)
        if version is not None and locked.version != version:
            raise ConcurrentEditError(
                _("Someone else changed this blocker after you opened it. Reload the page.")
            )
        if locked.resolved_on is not None:
            raise DomainError(_("This blocker is already resolved."))
        if day < locked.raised_on:
            raise ValidationError({"resolved_on": _("This date is before the blocker was raised.")})
        before = audit_snapshot(locked)
        locked.resolved_on = day
        locked.resolution = resolution.strip()
        locked.version += 1
        locked.full_clean()
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            unit=blocker.project.unit_id,
            before=before,
            after=audit_snapshot(locked),
        )
    return locked
