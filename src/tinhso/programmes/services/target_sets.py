"""Write services for target sets, targets and their assessments."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.documents.models import Document
from tinhso.programmes.models import (
    Achievement,
    MeasurementStatus,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)

from .common import _TARGET_COPY, TARGET_FIELDS, _reject_nul, _stale, _unknown

# ---------------------------------------------------------------------------------------
# Target sets


def target_set_create(
    *,
    actor: Any,
    plan: Plan,
    label: str,
    valid_from: dt.date,
    document: Document | None = None,
    tolerance_pct: Decimal | None = None,
) -> TargetSet:
    """Create the first target set of a plan (later versions come from `target_set_revise`).

    Action: EDIT on the plan's unit. Side effects: one set, one audit entry. Errors:
    `AccessDenied`, `DomainError` when the plan already has a set.
    """
    require(actor, Action.EDIT, plan.unit_id)
    _reject_nul({"label": label})
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=plan.pk)
        if TargetSet.objects.filter(plan=plan).exists():
            raise DomainError(
                _("This plan already has a target set: revise it instead."), code="has_set"
            )
        ts = TargetSet(
            plan=plan,
            version=1,
            label=(label or "").strip(),
            valid_from=valid_from,
            document=document,
        )
        if tolerance_pct is not None:
            ts.tolerance_pct = tolerance_pct
        ts.full_clean()
        ts.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=ts,
            after=audit_snapshot(ts, ["plan", "version", "label", "valid_from", "document"]),
        )
    return ts


def target_set_revise(
    *,
    actor: Any,
    target_set: TargetSet,
    label: str,
    valid_from: dt.date,
    document: Document | None = None,
) -> TargetSet:
    """Create version N+1 of a plan's target set (e.g. 43 → 45 targets) keeping history.

    Rule: only the latest version is revised; `valid_from` comes after the old set's start.
    Every target is copied with the same `key`, its milestones and national links; the
    old set gets `valid_to = valid_from` and keeps its targets and assessments untouched.
    Targets are then added, changed or removed on the new version. Action: EDIT on the
    plan's unit. Side effects: one set, copied targets and milestones, one audit entry.
    Errors: `AccessDenied`, `DomainError` (not the latest), `ValidationError` (dates).
    """
    require(actor, Action.EDIT, target_set.plan.unit_id)
    _reject_nul({"label": label})
    with transaction.atomic():
        Plan.objects.select_for_update().get(pk=target_set.plan_id)
        old = TargetSet.objects.get(pk=target_set.pk)
        latest = TargetSet.objects.filter(plan_id=old.plan_id).aggregate(v=Max("version"))["v"]
        if latest != old.version:
            raise DomainError(_("Only the latest version can be revised."), code="not_latest")
        if valid_from <= old.valid_from:
            raise ValidationError(
                {"valid_from": _("The new version must start after the current one.")}
            )
        new = TargetSet(
            plan_id=old.plan_id,
            version=old.version + 1,
            label=(label or "").strip(),
            valid_from=valid_from,
            document=document,
            tolerance_pct=old.tolerance_pct,
        )
        new.full_clean()
        new.save()
        olds = list(
            Target.objects.filter(target_set=old)
            .prefetch_related("milestones", "national_targets")
            .order_by("sort_order", "pk")
        )
        copies = Target.objects.bulk_create(
            Target(
                target_set=new,
                group_id=t.group_id,
                **{name: getattr(t, name) for name in _TARGET_COPY},
            )
            for t in olds
        )
        TargetMilestone.objects.bulk_create(
            TargetMilestone(target=copy, year=m.year, value=m.value)
            for t, copy in zip(olds, copies, strict=True)
            for m in t.milestones.all()
        )
        through = Target.national_targets.through
        through.objects.bulk_create(
            through(from_target_id=copy.pk, to_target_id=n.pk)
            for t, copy in zip(olds, copies, strict=True)
            for n in t.national_targets.all()
        )
        old.valid_to = valid_from
        old.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=new,
            after={
                "version": new.version,
                "label": new.label,
                "valid_from": valid_from,
                "from_version": old.version,
                "targets_copied": len(copies),
            },
        )
    return new


# ---------------------------------------------------------------------------------------
# Targets and milestones


def _check_target(target: Target) -> None:
    if target.group_id is not None:
        plan_id = TargetSet.objects.filter(pk=target.target_set_id).values_list(
            "plan_id", flat=True
        )[0]
        if not PlanGroup.objects.filter(pk=target.group_id, plan_id=plan_id).exists():
            raise ValidationError({"group": _("Choose a group of the same plan.")})
    if (
        target.baseline_year is not None
        and target.target_year is not None
        and target.baseline_year >= target.target_year
    ):
        raise ValidationError(
            {"baseline_year": _("The baseline year must be before the target year.")}
        )


def _set_milestones(target: Target, milestones: Mapping[int, Decimal]) -> None:
    rows = []
    for year, value in milestones.items():
        row = TargetMilestone(target=target, year=year, value=value)
        try:
            row.full_clean(exclude=["target"], validate_unique=False)
        except ValidationError as exc:
            raise ValidationError({"milestones": exc.messages}) from exc
        if not 1900 <= year <= 2100:
            raise ValidationError({"milestones": _("Milestone years run from 1900 to 2100.")})
        rows.append(row)
    for year in milestones:
        if target.baseline_year is not None and year <= target.baseline_year:
            raise ValidationError({"milestones": _("Milestones come after the baseline year.")})
        if year > target.target_year:
            raise ValidationError(
                {"milestones": _("Milestones come no later than the target year.")}
            )
    TargetMilestone.objects.filter(target=target).delete()
    TargetMilestone.objects.bulk_create(sorted(rows, key=lambda r: r.year))


def target_create(
    *,
    actor: Any,
    target_set: TargetSet,
    data: Mapping[str, Any],
    milestones: Mapping[int, Decimal] | None = None,
) -> Target:
    """Add a target (with yearly milestones) to a target set.

    Rule: `key` unique in the set (the same key in another version is the same target);
    group of the same plan; baseline year before target year; milestones between them.
    Action: EDIT on the plan's unit. Side effects: target and milestones, one audit entry.
    Errors: `AccessDenied`, `ValidationError`, `DomainError` (closed version).
    """
    require(actor, Action.EDIT, target_set.plan.unit_id)
    _unknown(data, TARGET_FIELDS)
    if target_set.valid_to is not None:
        raise DomainError(_("Targets of a closed version are history."), code="closed_set")
    target = Target(target_set=target_set, **data)
    target.full_clean()
    _check_target(target)
    try:
        with transaction.atomic():
            target.save()
            _set_milestones(target, milestones or {})
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=target,
                after={
                    **audit_snapshot(target, list(TARGET_FIELDS)),
                    "milestones": {str(y): str(v) for y, v in (milestones or {}).items()},
                },
            )
    except IntegrityError as exc:
        raise ValidationError({"key": _("This key is already used in the set.")}) from exc
    return target


def target_update(
    *,
    actor: Any,
    target: Target,
    data: Mapping[str, Any],
    version: int,
    milestones: Mapping[int, Decimal] | None = None,
) -> Target:
    """Change a target (and, when given, replace its milestones).

    Rule: as `target_create`; refused when `version` is stale. Action: EDIT on the plan's
    unit. Side effects: `version + 1`, one audit entry; nothing when nothing changes.
    Errors: `AccessDenied`, `ValidationError`, `ConcurrentEditError`, `DomainError`
    (targets of a closed version are history).
    """
    require(actor, Action.EDIT, target.target_set.plan.unit_id)
    _unknown(data, TARGET_FIELDS)
    with transaction.atomic():
        locked = Target.objects.select_for_update().get(pk=target.pk)
        if locked.version != version:
            raise _stale(_("target"))
        if TargetSet.objects.filter(pk=locked.target_set_id, valid_to__isnull=False).exists():
            raise DomainError(_("Targets of a closed version are history."), code="closed_set")
        before = audit_snapshot(locked, list(TARGET_FIELDS))
        before["milestones"] = {
            str(m.year): str(m.value) for m in locked.milestones.order_by("year")
        }
        for name, value in data.items():
            setattr(locked, name, value)
        locked.full_clean()
        _check_target(locked)
        if milestones is not None:
            _set_milestones(locked, milestones)
        after = audit_snapshot(locked, list(TARGET_FIELDS))
        after["milestones"] = {
            str(m.year): str(m.value) for m in locked.milestones.order_by("year")
        }
        if after == before:
            return locked
        locked.version += 1
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError as exc:
            raise ValidationError({"key": _("This key is already used in the set.")}) from exc
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=locked, before=before, after=after
        )
    return locked


def target_delete(*, actor: Any, target: Target) -> None:
    """Remove a target from the latest version of its set (a revision that drops it).

    Rule: targets of an older (closed) version are history and are never removed; a target
    with assessments is kept too. Action: EDIT on the plan's unit. Side effects: deletes
    the target and its milestones, one audit entry. Errors: `AccessDenied`, `DomainError`.
    """
    require(actor, Action.EDIT, target.target_set.plan.unit_id)
    with transaction.atomic():
        ts = TargetSet.objects.select_for_update().get(pk=target.target_set_id)
        if ts.valid_to is not None:
            raise DomainError(_("Targets of a closed version are history."), code="closed_set")
        if TargetAssessment.objects.filter(target_id=target.pk).exists():
            raise DomainError(_("A target with assessments is kept."), code="has_assessments")
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            obj=target,
            before=audit_snapshot(target, ["key", "code", "text"]),
        )
        target.delete()


# ---------------------------------------------------------------------------------------
# Assessments


def target_assess(
    *,
    actor: Any,
    target: Target,
    as_of: dt.date,
    measurement: str,
    value: Decimal | None = None,
    achievement: str = "",
    source: str = "",
    note: str = "",
) -> TargetAssessment:
    """Record a dated measurement of a target (value and/or official achievement).

    Rule: a value or an achievement is required; an explicit achievement overrides the
    computed one from `as_of` on; `confirmed` needs a source. Action: EDIT on the plan's
    unit. Side effects: one assessment, one audit entry. Errors: `AccessDenied`,
    `ValidationError`.
    """
    require(actor, Action.EDIT, target.target_set.plan.unit_id)
    _reject_nul(
        {"measurement": measurement, "achievement": achievement, "source": source, "note": note}
    )
    errors: dict[str, str] = {}
    if measurement not in MeasurementStatus.values:
        errors["measurement"] = _("Choose a measurement status.")
    if achievement and achievement not in Achievement.values:
        errors["achievement"] = _("Choose an achievement status.")
    if value is None and not achievement:
        errors["value"] = _("Enter a value or an achievement.")
    if measurement == MeasurementStatus.CONFIRMED and not (source or "").strip():
        errors["source"] = _("A confirmed figure needs its source.")
    if errors:
        raise ValidationError(errors)
    assessment = TargetAssessment(
        target=target,
        as_of=as_of,
        value=value,
        achievement=achievement,
        measurement=measurement,
        source=(source or "").strip(),
        note=(note or "").strip(),
        author=actor if getattr(actor, "is_authenticated", False) else None,
    )
    assessment.full_clean(exclude=["author"])
    with transaction.atomic():
        assessment.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=assessment,
            after=audit_snapshot(
                assessment, ["target", "as_of", "value", "achievement", "measurement", "source"]
            ),
        )
    return assessment
