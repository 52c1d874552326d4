"""Write use-cases of projects: create, edit, progress updates, milestones, blockers, photos.

Every service: `require(...)` first (EDIT on the project's managing unit; moving a project
to another unit needs EDIT on both), `full_clean()`, one `transaction.atomic()` with a row
lock on the project (`select_for_update`), a `version` check where the caller edits what it
read (stale → `ConcurrentEditError`, HTTP 409), and exactly one `audit_record(...)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.documents.models import Document
from tinhso.programmes.models import Target
from tinhso.tasks.models import Task
from tinhso.units.models import Unit

from .models import (
    MilestoneKind,
    Project,
    ProjectBlocker,
    ProjectMilestone,
    ProjectPhoto,
    ProjectProgress,
)
from .photos import check_photo

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

# Milestone kinds in their natural order (sort_order of new rows).
MILESTONE_ORDER: dict[str, int] = {kind: 10 * (i + 1) for i, kind in enumerate(MilestoneKind)}


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _conflict() -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else saved this project after you opened it. Reload the page, check "
            "their changes and enter yours again."
        )
    )


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _check_version(project: Project, expected: int | None) -> None:
    if expected is not None and project.version != expected:
        raise _conflict()


def _unit(value: Any, field: str = "unit") -> Unit:
    if isinstance(value, Unit):
        return value
    unit = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        unit = Unit.objects.filter(pk=int(value)).first()
    if unit is None:
        raise ValidationError({field: _("Choose an existing unit.")})
    return unit


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


def project_progress_create(
    *,
    actor: Any,
    project: Project,
    as_of: dt.date | None = None,
    physical_percent: int,
    financial_percent: int | None = None,
    disbursed_amount: int | None = None,
    narrative: str,
    blockers: str = "",
    recommendations: str = "",
    version: int | None = None,
    source: str = "",
    is_illustrative: bool = False,
) -> ProjectProgress:
    """Record a progress update as of a date.

    Rule: `as_of` not in the future (default today) and not before the latest update;
    physical % 0–100 and not below the latest update's; financial % 0–100, or computed
    (rounded down) from `disbursed_amount` over the total investment when only the amount
    is given; one of the two is required; a narrative is required. Action: EDIT on the
    managing unit. Side effects: the update row; the project's latest figures,
    `progress_as_of` and `version + 1`; one audit entry. Errors: `AccessDenied`,
    `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    day = as_of or _today()
    errors: dict[str, str] = {}
    if day > _today():
        errors["as_of"] = _("This date is in the future.")
    if not (narrative or "").strip():
        errors["narrative"] = _("Describe the results achieved.")
    if physical_percent is None or not 0 <= physical_percent <= 100:
        errors["physical_percent"] = _("Enter a percentage between 0 and 100.")
    if financial_percent is not None and not 0 <= financial_percent <= 100:
        errors["financial_percent"] = _("Enter a percentage between 0 and 100.")
    if disbursed_amount is not None and disbursed_amount < 0:
        errors["disbursed_amount"] = _("An amount cannot be negative.")
    if financial_percent is None and disbursed_amount is None:
        errors["financial_percent"] = _("Give the financial progress or the amount disbursed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(project)
        _check_version(locked, version)
        if financial_percent is None:
            total = locked.total_investment or 0
            if total <= 0:
                raise ValidationError(
                    {
                        "financial_percent": _(
                            "The total investment is not known: give the percentage."
                        )
                    }
                )
            financial_percent = min(100, 100 * int(disbursed_amount or 0) // total)
        if locked.progress_as_of is not None and day < locked.progress_as_of:
            raise ValidationError({"as_of": _("An update cannot be dated before the latest one.")})
        if locked.progress_as_of is not None and physical_percent < locked.physical_percent:
            raise ValidationError(
                {"physical_percent": _("Physical progress cannot go below the last update.")}
            )
        progress = ProjectProgress(
            project=locked,
            as_of=day,
            physical_percent=physical_percent,
            financial_percent=financial_percent,
            disbursed_amount=disbursed_amount,
            narrative=narrative.strip(),
            blockers=(blockers or "").strip(),
            recommendations=(recommendations or "").strip(),
            author=_user(actor),
            source=source,
            is_illustrative=is_illustrative,
        )
        progress.full_clean()
        progress.save()
        locked.physical_percent = physical_percent
        locked.financial_percent = financial_percent
        if disbursed_amount is not None:
            locked.disbursed_amount = disbursed_amount
        locked.progress_as_of = day
        locked.version += 1
        locked.save(
            update_fields=[
                "physical_percent",
                "financial_percent",
                "disbursed_amount",
                "progress_as_of",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=progress,
            unit=locked.unit_id,
            after=audit_snapshot(progress),
        )
    return progress


_MILESTONE_FIELDS = ("kind", "title", "planned_on", "actual_on", "note", "source", "sort_order")


def project_milestones_update(
    *,
    actor: Any,
    project: Project,
    milestones: Sequence[Mapping[str, Any]],
    version: int | None,
) -> list[ProjectMilestone]:
    """Set milestone dates: each item names a milestone by `id` (any kind) or by `kind`
    (one per kind except "other", which always adds a row) and gives `planned_on`,
    `actual_on`, `title`, `note` (only the keys given change).

    Rule: an actual date is not in the future; `version` must be the project's as read.
    Action: EDIT on the managing unit. Side effects: the rows, the project's `version + 1`,
    one audit entry listing the changes. Errors: `AccessDenied`, `ValidationError`,
    `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    if not milestones:
        raise ValidationError({"milestones": _("Give at least one milestone.")})
    with transaction.atomic():
        locked = _lock(project)
        _check_version(locked, version)
        existing = {m.pk: m for m in ProjectMilestone.objects.filter(project=locked)}
        by_kind = {m.kind: m for m in existing.values() if m.kind != MilestoneKind.OTHER}
        changes: list[dict[str, Any]] = []
        saved: list[ProjectMilestone] = []
        for index, item in enumerate(milestones):
            unknown = set(item) - set(_MILESTONE_FIELDS) - {"id"}
            if unknown:
                raise ValidationError({"milestones": _("Unknown milestone field.")})
            row = _milestone_row(locked, item, existing, by_kind)
            before = audit_snapshot(row) if row.pk else None
            for name in _MILESTONE_FIELDS:
                if name in item and name != "kind":
                    value = item[name]
                    setattr(
                        row,
                        name,
                        "" if value is None and name in {"title", "note", "source"} else value,
                    )
            if row.actual_on is not None and row.actual_on > _today():
                raise ValidationError({"actual_on": _("This date is in the future.")})
            try:
                row.full_clean(validate_constraints=False)
            except ValidationError as exc:
                raise ValidationError(
                    {f"milestones[{index}].{k}": v for k, v in exc.message_dict.items()}
                ) from exc
            if before is not None and audit_snapshot(row) == before:
                saved.append(row)
                continue
            if row.pk:
                row.version += 1
            row.save()
            by_kind.setdefault(row.kind, row)
            saved.append(row)
            changes.append({"before": before, "after": audit_snapshot(row)})
        if not changes:
            return saved
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            after={"milestones": changes},
            message=f"project {locked.pk}: {len(changes)} milestone(s)",
        )
    return saved


def _milestone_row(
    project: Project,
    item: Mapping[str, Any],
    existing: dict[int, ProjectMilestone],
    by_kind: dict[str, ProjectMilestone],
) -> ProjectMilestone:
    if item.get("id") is not None:
        row = existing.get(int(item["id"]))
        if row is None:
            raise ValidationError({"milestones": _("Choose a milestone of this project.")})
        return row
    kind = item.get("kind")
    if kind not in MilestoneKind.values:
        raise ValidationError({"kind": _("Choose a milestone.")})
    if kind != MilestoneKind.OTHER and kind in by_kind:
        return by_kind[kind]
    return ProjectMilestone(project=project, kind=kind, sort_order=MILESTONE_ORDER[kind])


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


def project_photo_add(
    *,
    actor: Any,
    project: Project,
    file: Any,
    caption: str,
    taken_on: dt.date | None = None,
    latitude: Any = None,
    longitude: Any = None,
) -> ProjectPhoto:
    """Add a site photo.

    Rule: `photos.check_photo` (JPEG/PNG/WebP by extension and first bytes, ≤ 10 MB); a
    caption; `taken_on` not in the future; both or neither coordinates. Action: EDIT on the
    managing unit. Side effects: the stored file and row, one audit entry. Errors:
    `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    content_type = check_photo(file)
    errors: dict[str, str] = {}
    if not (caption or "").strip():
        errors["caption"] = _("Write a caption.")
    if taken_on is not None and taken_on > _today():
        errors["taken_on"] = _("This date is in the future.")
    if (latitude is None) != (longitude is None):
        errors["longitude"] = _("Give both latitude and longitude, or neither.")
    if errors:
        raise ValidationError(errors)
    photo = ProjectPhoto(
        project=project,
        file=file,
        content_type=content_type,
        size=int(file.size),
        caption=caption.strip(),
        taken_on=taken_on,
        latitude=Decimal(str(latitude)) if isinstance(latitude, float) else latitude,
        longitude=Decimal(str(longitude)) if isinstance(longitude, float) else longitude,
        uploaded_by=_user(actor),
    )
    with transaction.atomic():
        _lock(project)
        photo.full_clean()
        photo.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=photo,
            unit=project.unit_id,
            after=audit_snapshot(photo),
        )
    return photo
