"""Create and edit projects (fields, decision link, many-to-many links)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.documents.models import Document
from tinhso.programmes.models import Target
from tinhso.projects.models import Project
from tinhso.tasks.models import Task
from tinhso.units.models import Unit

from .common import _check_version, _lock, _unit

# Fields an editor sets on create and update; progress figures, the decision link and the
# version are written only by the services.
EDITABLE_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "kind",
    "description",
    "investor_name",
    "investor_type",
    "unit",
    "location_text",
    "latitude",
    "longitude",
    "area_ha",
    "decision_number",
    "planned_start",
    "planned_end",
    "total_investment",
    "status",
    "source",
    "is_illustrative",
)
M2M_FIELDS: tuple[str, ...] = ("communes", "tasks", "targets")


def _is_text(name: str) -> bool:
    field = Project._meta.get_field(name)
    return isinstance(field, (models.CharField, models.TextField)) and not field.null


def _assign(project: Project, data: Mapping[str, Any]) -> None:
    for name, value in data.items():
        if name == "unit":
            project.unit = _unit(value)
        elif isinstance(value, float):
            # A float from a caller: its decimal text, not its binary expansion.
            setattr(project, name, Decimal(str(value)))
        else:
            setattr(project, name, "" if value is None and _is_text(name) else value)


def _check_fields(data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(EDITABLE_FIELDS) - set(M2M_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})


def _resolve_decision(actor: Any, project: Project) -> None:
    """Link the decision in the registry when exactly one document has the number."""
    number = (project.decision_number or "").strip()
    project.decision_number = number
    if not number:
        project.decision_document = None
        return
    # The registry is public (documents are published texts). Exact or upper-case match:
    # SQLite's case-insensitive match ignores Vietnamese letters such as "đ".
    matches = list(
        Document.objects.filter(number__in={number, number.upper()})
        .order_by("pk")
        .values_list("pk", flat=True)[:2]
    )
    project.decision_document_id = matches[0] if len(matches) == 1 else None


def _validate(project: Project) -> None:
    project.full_clean()
    errors: dict[str, str] = {}
    if (project.latitude is None) != (project.longitude is None):
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    if project.latitude is not None and not -90 <= project.latitude <= 90:
        errors["latitude"] = _("A latitude is between -90 and 90.")
    if project.longitude is not None and not -180 <= project.longitude <= 180:
        errors["longitude"] = _("A longitude is between -180 and 180.")
    if errors:
        raise ValidationError(errors)


def _ids(values: Any, field: str) -> list[int]:
    try:
        return sorted({v.pk if isinstance(v, models.Model) else int(v) for v in values or []})
    except (TypeError, ValueError) as exc:
        raise ValidationError({field: _("Choose existing rows.")}) from exc


def _m2m_ids(actor: Any, data: Mapping[str, Any]) -> dict[str, list[int]]:
    """Checked ids of the many-to-many fields present in `data`: communes are current
    units, tasks are tasks the actor may see, targets exist (targets are published)."""
    result: dict[str, list[int]] = {}
    if "communes" in data:
        ids = _ids(data["communes"], "communes")
        if Unit.objects.filter(pk__in=ids).count() != len(ids):
            raise ValidationError({"communes": _("Choose existing units.")})
        result["communes"] = ids
    if "tasks" in data:
        ids = _ids(data["tasks"], "tasks")
        if Task.objects.for_user(actor, Action.VIEW).filter(pk__in=ids).count() != len(ids):
            raise ValidationError({"tasks": _("Choose tasks you can see.")})
        result["tasks"] = ids
    if "targets" in data:
        ids = _ids(data["targets"], "targets")
        if Target.objects.filter(pk__in=ids).count() != len(ids):
            raise ValidationError({"targets": _("Choose existing targets.")})
        result["targets"] = ids
    return result


def _m2m_snapshot(project: Project) -> dict[str, list[int]]:
    return {
        name: sorted(getattr(project, name).values_list("pk", flat=True)) for name in M2M_FIELDS
    }


def project_create(*, actor: Any, data: Mapping[str, Any]) -> Project:
    """Create a project.

    Rule: only `EDITABLE_FIELDS` plus `communes`/`tasks`/`targets`; code unique; the
    decision is linked to the registry when exactly one document has that number (as
    given or upper-case). Action: EDIT on the managing unit. Side effects: the project and
    its links, one audit entry. Errors: `AccessDenied`, `ValidationError`.
    """
    if data.get("unit") in (None, ""):
        raise ValidationError({"unit": _("This field is required.")})
    unit = _unit(data["unit"])
    require(actor, Action.EDIT, unit)
    _check_fields(data)
    project = Project()
    _assign(project, {k: v for k, v in data.items() if k not in M2M_FIELDS})
    with transaction.atomic():
        _resolve_decision(actor, project)
        _validate(project)
        links = _m2m_ids(actor, data)
        project.save()
        for name, ids in links.items():
            getattr(project, name).set(ids)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=project,
            after=audit_snapshot(project) | links,
        )
    return project


def project_update(
    *, actor: Any, project: Project, data: Mapping[str, Any], version: int
) -> Project:
    """Edit a project's fields and links.

    Rule: only `EDITABLE_FIELDS` plus the links; `version` must be the one read. Moving the
    project to another unit needs EDIT there too. Action: EDIT on the managing unit. Side
    effects: saves with `version + 1`, one audit entry (nothing when nothing changed).
    Errors: `AccessDenied`, `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    _check_fields(data)
    if data.get("unit") not in (None, ""):
        require(actor, Action.EDIT, _unit(data["unit"]))
    with transaction.atomic():
        locked = _lock(project)
        _check_version(locked, version)
        before = audit_snapshot(locked) | _m2m_snapshot(locked)
        _assign(locked, {k: v for k, v in data.items() if k not in M2M_FIELDS})
        _resolve_decision(actor, locked)
        _validate(locked)
        links = _m2m_ids(actor, data)
        after = audit_snapshot(locked) | {**_m2m_snapshot(locked), **links}
        if after == before:
            return locked
        locked.version += 1
        locked.save()
        for name, ids in links.items():
            getattr(locked, name).set(ids)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=audit_snapshot(locked) | _m2m_snapshot(locked),
        )
    return locked
