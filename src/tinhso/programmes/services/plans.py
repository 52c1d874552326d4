"""Write services for plans and their groups."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.documents.models import Document
from tinhso.programmes.models import CatalogueItem, Plan, PlanGroup
from tinhso.units.models import Unit

from .common import PLAN_FIELDS, _reject_nul, _stale, _unknown

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
