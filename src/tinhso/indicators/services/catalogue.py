"""The catalogue: indicators (create, update, hand over) and breakdown axes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.indicators.models import Aggregation, Dimension, DimensionMember, Indicator
from tinhso.units.models import Unit

from .lineage import indicator_rollups_rebuild

# --- catalogue -----------------------------------------------------------------------------

INDICATOR_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "description",
    "unit_of_measure",
    "aggregation",
    "numerator_label",
    "denominator_label",
    "scale",
    "frequency",
    "direction",
    "kind",
    "entry_level",
    "data_source",
    "min_value",
    "max_value",
    "max_change_pct",
    "decimals",
    "is_active",
    "is_illustrative",
)


def _apply(indicator: Indicator, data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(INDICATOR_FIELDS) - {"dimensions", "owner_unit"})
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    for name, value in data.items():
        if name not in {"dimensions", "owner_unit"}:
            setattr(indicator, name, value)
    ratio = indicator.aggregation == Aggregation.RATIO
    if ratio and indicator.scale is not None and Decimal(indicator.scale) <= 0:
        raise ValidationError({"scale": _("The scale of a ratio must be positive.")})
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None and Decimal(high) < Decimal(low):
        raise ValidationError({"max_value": _("The maximum cannot be below the minimum.")})


def indicator_create(*, actor: Any, owner_unit: Unit, data: Mapping[str, Any]) -> Indicator:
    """Add an indicator to the catalogue, owned and maintained by `owner_unit`.

    Action: `Action.MANAGE` on `owner_unit`. Side effects: one Indicator (with its
    breakdowns from `data["dimensions"]`) and one audit row. Errors: `ValidationError`
    (also when the maximum is below the minimum).
    """
    require(actor, Action.MANAGE, owner_unit)
    data = {k: v for k, v in data.items() if k != "owner_unit"}
    with transaction.atomic():
        indicator = Indicator(owner_unit=owner_unit)
        _apply(indicator, data)
        indicator.full_clean()
        indicator.save()
        if "dimensions" in data:
            indicator.dimensions.set(data["dimensions"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=indicator,
            after=audit_snapshot(indicator),
        )
    return indicator


def indicator_update(
    *, actor: Any, indicator: Indicator, data: Mapping[str, Any], expected_version: int
) -> Indicator:
    """Change a catalogue entry; `expected_version` must be the version the editor loaded.

    A change of aggregation or scale rebuilds the indicator's rollups. `data["owner_unit"]`
    (a Unit) hands the entry over to another unit, which the actor must also manage.
    Action: `Action.MANAGE` on the owner unit (and on the new owner). Side effects: saves
    with `version + 1`, one audit row. Errors: `ValidationError`; `ConcurrentEditError`
    when the version is stale; `AccessDenied` (404).
    """
    require(actor, Action.MANAGE, indicator.owner_unit_id)
    new_owner: Unit | None = data.get("owner_unit")
    if new_owner is not None:
        require(actor, Action.MANAGE, new_owner)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if locked.version != expected_version:
            raise ConcurrentEditError(
                _("Someone else changed this indicator after you opened it. Reload the page.")
            )
        before = audit_snapshot(locked)
        _apply(locked, data)
        if new_owner is not None:
            locked.owner_unit = new_owner
        locked.full_clean()
        locked.version += 1
        locked.save()
        if "dimensions" in data:
            locked.dimensions.set(data["dimensions"])
        after = audit_snapshot(locked)
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=locked, before=before, after=after
        )
        if before["aggregation"] != after["aggregation"] or before["scale"] != after["scale"]:
            indicator_rollups_rebuild(indicator=locked)
    return locked


def dimension_create(
    *,
    actor: Any,
    owner_unit: Unit,
    code: str,
    name: str,
    members: Sequence[tuple[str, str]],
) -> Dimension:
    """Declare a breakdown axis (e.g. target group) with its members, in display order.

    Breakdowns are shared catalogue data; the unit that declares one must be able to manage
    its catalogue. Action: `Action.MANAGE` on `owner_unit`. Side effects: one Dimension, its
    members, one audit row. Errors: `ValidationError` (code taken, bad member codes).
    """
    require(actor, Action.MANAGE, owner_unit)
    with transaction.atomic():
        dimension = Dimension(code=code, name=name)
        dimension.full_clean()
        dimension.save()
        for order, (member_code, member_name) in enumerate(members, start=1):
            member = DimensionMember(
                dimension=dimension, code=member_code, name=member_name, sort_order=order * 10
            )
            member.full_clean()
            member.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=dimension,
            unit=owner_unit,
            after={"code": code, "name": name, "members": [m[0] for m in members]},
        )
    return dimension
