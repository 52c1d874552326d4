"""The status workflow of values: submit, confirm, return and reopen."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.indicators import rollups
from tinhso.indicators.models import Indicator, IndicatorValue, Period, ValueStatus
from tinhso.units.models import Unit

from .values import _Written

# --- status --------------------------------------------------------------------------------

# (from, to) → the action the actor needs on the unit. Returning (submitted → draft) and
# reopening (confirmed → submitted, `reopen=True`) need a reason.
TRANSITIONS: dict[tuple[str, str], Action] = {
    (ValueStatus.DRAFT, ValueStatus.SUBMITTED): Action.EDIT,
    (ValueStatus.SUBMITTED, ValueStatus.CONFIRMED): Action.APPROVE,
    (ValueStatus.SUBMITTED, ValueStatus.DRAFT): Action.APPROVE,
    (ValueStatus.CONFIRMED, ValueStatus.SUBMITTED): Action.APPROVE,
}
NEEDS_REASON = frozenset(
    {(ValueStatus.SUBMITTED, ValueStatus.DRAFT), (ValueStatus.CONFIRMED, ValueStatus.SUBMITTED)}
)


def _source_status(status: str, reopen: bool) -> str:
    if status == ValueStatus.SUBMITTED:
        return ValueStatus.CONFIRMED if reopen else ValueStatus.DRAFT
    if status == ValueStatus.CONFIRMED:
        return ValueStatus.SUBMITTED
    if status == ValueStatus.DRAFT:
        return ValueStatus.SUBMITTED
    raise ValidationError({"status": _("Unknown status.")})


def indicator_values_set_status(
    *,
    actor: Any,
    unit: Unit,
    period: Period,
    status: str,
    reason: str = "",
    reopen: bool = False,
    indicators: Iterable[Indicator] | None = None,
    authorised_by_caller: bool = False,
) -> int:
    """Move a unit's values for a period to `status`; returns how many changed.

    Transitions (`TRANSITIONS`): draft → submitted (Action.EDIT on the unit); submitted →
    confirmed (Action.APPROVE); submitted → draft, i.e. returned (Action.APPROVE and a
    `reason`); confirmed → submitted, i.e. reopened (`reopen=True`, Action.APPROVE and a
    `reason`). Values in any other state are left alone. Limit to `indicators` when given
    (a report's indicator list).

    `authorised_by_caller=True` is for the reporting app only: its workflow service has
    already checked the reviewer's rights on the report (the standing agency confirming a
    commune's values holds no role in the commune itself), so no `require` is done here.
    Every other caller leaves it False.

    Side effects: updates status and version of the values, one audit row ("transition",
    with the count and the reason), and refreshes the rollups of the unit's ancestors (a
    draft stops or starts counting). Errors: `ValidationError` (unknown status, missing
    reason), `AccessDenied`.
    """
    source = _source_status(status, reopen)
    action = TRANSITIONS[(source, status)]
    if not authorised_by_caller:
        require(actor, action, unit)
    if (source, status) in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Give a reason for sending values back.")})
    written = _Written()
    with transaction.atomic():
        qs = IndicatorValue.objects.select_for_update().filter(
            unit_id=unit.pk, period_id=period.pk, status=source
        )
        if indicators is not None:
            qs = qs.filter(indicator_id__in=[i.pk for i in indicators])
        rows = list(qs.order_by("pk").values_list("pk", "indicator_id", "rollup_path"))
        if not rows:
            return 0
        IndicatorValue.objects.filter(pk__in=[r[0] for r in rows]).update(
            status=status, version=F("version") + 1
        )
        for _pk, indicator_id, path in rows:
            written.indicator_ids.add(indicator_id)
            written.unit_ids.update(rollups.ancestor_ids(path))
        written.period_ids.add(period.pk)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            unit=unit,
            object_type=IndicatorValue._meta.label,
            object_id=f"{unit.pk}:{period.code}",
            object_repr=f"{unit} · {period}",
            before={"status": source},
            after={"status": status, "count": len(rows)},
            message=reason.strip(),
        )
        written.refresh()
    return len(rows)
