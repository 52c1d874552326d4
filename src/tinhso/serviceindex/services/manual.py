"""Manual inputs of the 766 index."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.serviceindex.models import (
    DataSource,
    ManualInput,
)
from tinhso.serviceindex.periods import parse
from tinhso.units.models import Unit

from .common import _MAX_INPUT, version_for
from .scores import score_compute


def _decimal(raw: Any, name: str, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors.setdefault(name, []).append(_("Enter a number."))
        return None
    if not number.is_finite() or number < 0 or number > _MAX_INPUT:
        errors.setdefault(name, []).append(_("Enter a number between 0 and 10^12."))
        return None
    return number


def manual_input_save(
    *,
    actor: Any,
    unit: Unit,
    period_code: str,
    indicator_code: str,
    numerator: Any,
    denominator: Any,
    source: str,
    expected_version: int | None = None,
) -> ManualInput:
    """Enter or correct a figure the system cannot count (e.g. 1.1 announcements on time /
    announced, 5.2 petitions handled on time / received) for a unit and period.

    Rules: the period is a month, quarter or year code; the indicator belongs to the
    version valid then and is entered by hand or from the catalogue; 0 ≤ numerator ≤
    denominator; a source is required; `expected_version` (if given) must match.
    Action: `Action.EDIT` on `unit`. Side effects: saves the input, one audit row, and
    recomputes the unit's score for that period. Errors: `ValidationError`,
    `ConcurrentEditError`, `AccessDenied`.
    """
    require(actor, Action.EDIT, unit)
    errors: dict[str, list[str]] = {}
    period = parse(period_code)
    if period is None:
        raise ValidationError({"period": _("Unknown period code.")})
    version = version_for(period)
    codes = {
        i.code
        for i in version.indicators.all()
        if i.data_source in {DataSource.MANUAL, DataSource.CATALOGUE}
    }
    if indicator_code not in codes:
        errors["indicator"] = [_("This indicator is not entered by hand.")]
    num = _decimal(numerator, "numerator", errors)
    den = _decimal(denominator, "denominator", errors)
    if num is not None and den is not None and num > den:
        errors.setdefault("numerator", []).append(_("The numerator cannot exceed the denominator."))
    if not (source or "").strip():
        errors["source"] = [_("Say where the figure comes from.")]
    if errors:
        raise ValidationError(errors)
    assert num is not None and den is not None
    with transaction.atomic():
        row = (
            ManualInput.objects.select_for_update()
            .filter(unit_id=unit.pk, period_code=period.code, indicator_code=indicator_code)
            .first()
        )
        before = audit_snapshot(row) if row is not None else None
        if row is not None:
            if expected_version is not None and row.version != expected_version:
                raise ConcurrentEditError(
                    _("Someone else changed this figure after you opened it. Reload the page.")
                )
            row.version += 1
        else:
            row = ManualInput(unit=unit, period_code=period.code, indicator_code=indicator_code)
        row.numerator, row.denominator = num, den
        row.source = source.strip()
        row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before is not None else AuditEntry.Action.CREATE,
            obj=row,
            before=before,
            after=audit_snapshot(row),
        )
        score_compute(unit=unit, period=period)
    return row


# --- NQ57 indicators ------------------------------------------------------------------------
