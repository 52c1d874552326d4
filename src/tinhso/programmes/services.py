"""Write use-cases of plans, catalogues, target sets, targets and assessments.

Access: plans and everything under them are written by officers of the plan's owner unit
(or a unit above it): `Action.EDIT` on `plan.unit`. Catalogues are province-wide
reference data: a new catalogue or version needs `Action.MANAGE` on a province-level unit.
Every write runs in one transaction and leaves one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, require, unit_ids_for
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.documents.models import Document
from tinhso.units.models import Unit

from .models import (
    Achievement,
    Catalogue,
    CatalogueItem,
    MeasurementStatus,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)

PLAN_FIELDS: tuple[str, ...] = (
    "title",
    "implements",
    "parent",
    "catalogue",
    "period_start",
    "period_end",
    "status",
    "is_illustrative",
    "source_note",
)
TARGET_FIELDS: tuple[str, ...] = (
    "key",
    "code",
    "text",
    "group",
    "indicator",
    "unit_of_measure",
    "direction",
    "baseline_value",
    "baseline_year",
    "target_value",
    "target_year",
    "value_text",
    "vision_value",
    "vision_text",
    "lead_unit",
    "source_document",
    "is_illustrative",
    "source_note",
    "sort_order",
)
_TARGET_COPY = [f for f in TARGET_FIELDS if f != "group"]


def _reject_nul(values: Mapping[str, Any]) -> None:
    """Refuse text with NUL characters (PostgreSQL cannot store them) as a field error."""
    bad = sorted(k for k, v in values.items() if isinstance(v, str) and "\x00" in v)
    if bad:
        raise ValidationError(dict.fromkeys(bad, _("Null characters are not allowed.")))


def _stale(what: str) -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else saved this %(what)s after you opened it. Reload the page, check "
            "their changes and enter yours again."
        )
        % {"what": what}
    )


def _unknown(data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    _reject_nul(data)
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be set here.")))


# ---------------------------------------------------------------------------------------
# Catalogues


def _require_catalogue_right(actor: Any) -> None:
    if getattr(actor, "is_superuser", False):
        return
    ids = unit_ids_for(actor, Action.MANAGE)
    if not Unit.objects.filter(pk__in=ids, level__code="province").exists():
        raise AccessDenied("No such object.")


def catalogue_create(
    *,
    actor: Any,
    code: str,
    name: str,
    items: list[tuple[str, str]],
    source_document: Document | None = None,
    valid_from: dt.date | None = None,
) -> Catalogue:
    """Create version 1 of a classification catalogue with its items (code, name).

    Action: MANAGE on a province-level unit. Side effects: catalogue + items, one audit
    entry. Errors: `AccessDenied`, `ValidationError` (duplicate code or item code).
    """
    _require_catalogue_right(actor)
    _reject_nul({"code": code, "name": name, **{f"item_{c}": n for c, n in items}})
    with transaction.atomic():
        cat = Catalogue(
            code=code,
            version=1,
            name=name,
            source_document=source_document,
            valid_from=valid_from,
        )
        cat.full_clean()
        cat.save()
        for order, (item_code, item_name) in enumerate(items, start=1):
            item = CatalogueItem(catalogue=cat, code=item_code, name=item_name, sort_order=order)
            item.full_clean(exclude=["catalogue"])
            item.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=cat,
            after={"code": code, "name": name, "items": [c for c, _n in items]},
        )
    return cat


def catalogue_new_version(
    *,
    actor: Any,
    catalogue: Catalogue,
    valid_from: dt.date,
    name: str | None = None,
    source_document: Document | None = None,
) -> Catalogue:
    """Start version N+1 of a catalogue: copy its items, close the old version.

    Rule: only from the latest version; the old version's `valid_to` becomes `valid_from`
    and it is kept (plans classified by it stay valid). Action: MANAGE on a province-level
    unit. Side effects: new catalogue and items, one audit entry. Errors: `AccessDenied`,
    `DomainError` (not the latest version), `ValidationError` (dates out of order).
    """
    _require_catalogue_right(actor)
    with transaction.atomic():
        old = Catalogue.objects.select_for_update().get(pk=catalogue.pk)
        latest = Catalogue.objects.filter(code=old.code).aggregate(v=Max("version"))["v"]
        if latest != old.version:
            raise DomainError(_("Only the latest version can be revised."), code="not_latest")
        if old.valid_from is not None and valid_from <= old.valid_from:
            raise ValidationError(
                {"valid_from": _("The new version must start after the current one.")}
            )
        new = Catalogue.objects.create(
            code=old.code,
            version=old.version + 1,
            name=name or old.name,
            source_document=source_document or old.source_document,
            valid_from=valid_from,
        )
        CatalogueItem.objects.bulk_create(
            CatalogueItem(catalogue=new, code=i.code, name=i.name, sort_order=i.sort_order)
            for i in old.items.order_by("sort_order", "code")
        )
        old.valid_to = valid_from
        old.save(update_fields=["valid_to"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=new,
            after={"code": new.code, "version": new.version, "from_version": old.version},
        )
    return new


# ---------------------------------------------------------------------------------------
# Plans and groups


def _check_plan_links(plan: Plan) -> None:
    if plan.parent_id is not None and plan.pk is not None:
        seen: set[int] = {plan.pk}
        current: int | None = plan.parent_id
        while current is not None:
            if current in seen:
                raise ValidationError({"parent": _("A plan cannot be its own ancestor.")})
            seen.add(current)
            current = Plan.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    if plan.period_start and plan.period_end and plan.period_end < plan.period_start:
        raise ValidationError({"period_end": _("The end comes before the start.")})


def plan_create(
    *,
    actor: Any,
    unit: Unit,
    document: Document,
    title: str,
    data: Mapping[str, Any] | None = None,
) -> Plan:
    """Create a plan issued by `document` and owned by `unit`.

    `data` may set `implements`, `parent`, `catalogue`, `period_start`, `period_end`,
    `status`, `is_illustrative`, `source_note`. Action: EDIT on `unit`. Side effects: one
    plan, one audit entry. Errors: `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, unit)
    _reject_nul({"title": title})
    extra = dict(data or {})
    _unknown(extra, PLAN_FIELDS)
    with transaction.atomic():
        plan = Plan(unit=unit, document=document, title=(title or "").strip(), **extra)
        plan.full_clean()
        _check_plan_links(plan)
        plan.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=plan,
            after=audit_snapshot(plan, ["document", "unit", *PLAN_FIELDS]),
        )
    return plan


def plan_update(*, actor: Any, plan: Plan, data: Mapping[str, Any], version: int) -> Plan:
    """Change a plan's title, links, period, status or notes (not its unit or document).

    Action: EDIT on the plan's unit. Side effects: `version + 1`, one audit entry; nothing
    when nothing changes. Errors: `AccessDenied`, `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, plan.unit_id)
    _unknown(data, PLAN_FIELDS)
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.version != version:
            raise _stale(_("plan"))
        before = audit_snapshot(locked, list(PLAN_FIELDS))
        for name, value in data.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        locked.full_clean()
        _check_plan_links(locked)
        after = audit_snapshot(locked, list(PLAN_FIELDS))
        if after == before:
            return locked
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=locked, before=before, after=after
        )
    return locked


def plan_group_create(
    *,
    actor: Any,
    plan: Plan,
    code: str,
    title: str,
    catalogue_item: CatalogueItem | None = None,
    sort_order: int = 100,
) -> PlanGroup:
    """Add a group (section) to a plan, optionally classified by a catalogue item.

    Rule: the item must belong to the plan's catalogue when the plan has one; codes are
    unique within the plan. Action: EDIT on the plan's unit. Side effects: one group, one
    audit entry. Errors: `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, plan.unit_id)
    if (
        catalogue_item is not None
        and plan.catalogue_id is not None
        and catalogue_item.catalogue_id != plan.catalogue_id
    ):
        raise ValidationError({"catalogue_item": _("Choose an item of the plan's catalogue.")})
    _reject_nul({"code": code, "title": title})
    group = PlanGroup(
        plan=plan,
        code=(code or "").strip(),
        title=(title or "").strip(),
        catalogue_item=catalogue_item,
        sort_order=sort_order,
    )
    group.full_clean()
    with transaction.atomic():
        group.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=group,
            after=audit_snapshot(group, ["plan", "code", "title", "catalogue_item"]),
        )
    return group


def plan_groups_from_catalogue(*, actor: Any, plan: Plan) -> list[PlanGroup]:
    """Create one group per item of the plan's catalogue that has no group yet.

    Action: EDIT on the plan's unit. Side effects: the new groups and one audit entry.
    Errors: `AccessDenied`, `DomainError` (plan without catalogue).
    """
    require(actor, Action.EDIT, plan.unit_id)
    if plan.catalogue_id is None:
        raise DomainError(_("The plan has no group catalogue."), code="no_catalogue")
    with transaction.atomic():
        existing = set(PlanGroup.objects.filter(plan=plan).values_list("code", flat=True))
        items = CatalogueItem.objects.filter(catalogue_id=plan.catalogue_id).order_by(
            "sort_order", "code"
        )
        created = [
            PlanGroup.objects.create(
                plan=plan,
                code=item.code,
                title=item.name,
                catalogue_item=item,
                sort_order=item.sort_order,
            )
            for item in items
            if item.code not in existing
        ]
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=plan,
            message=f"groups from catalogue: {', '.join(g.code for g in created)}",
        )
    return created


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
