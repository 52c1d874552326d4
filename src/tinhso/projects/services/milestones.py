"""Milestone dates of a project."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.projects.models import MilestoneKind, Project, ProjectMilestone

from .common import _check_version, _lock, _today

# Milestone kinds in their natural order (sort_order of new rows).
MILESTONE_ORDER: dict[str, int] = {kind: 10 * (i + 1) for i, kind in enumerate(MilestoneKind)}

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
