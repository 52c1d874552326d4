"""Periods: regular ones created from the calendar on demand, ad-hoc ones declared by a unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.indicators.models import Period, PeriodKind
from tinhso.indicators.periods import (
    PeriodSpec,
    period_spec,
    period_spec_for_date,
    period_spec_from_code,
)
from tinhso.units.models import Unit

# --- periods -------------------------------------------------------------------------------


def _period_from_spec(spec: PeriodSpec) -> Period:
    period, _created = Period.objects.get_or_create(
        code=spec.code,
        defaults={
            "kind": spec.kind,
            "year": spec.year,
            "number": spec.number,
            "start": spec.start,
            "end": spec.end,
            "name": spec.name,
        },
    )
    return period


def period_get_or_create(kind: str, year: int, number: int = 1) -> Period:
    """The regular period (`month` 9 of 2025 → `2025-M09`, "Tháng 9/2025"), created if missing.

    Periods are shared reference data computed from the calendar, so creating one needs no
    right and writes no audit row. Errors: `ValueError` for an ad-hoc kind or a bad number.
    """
    return _period_from_spec(period_spec(kind, year, number))


def period_get_or_create_for_date(kind: str, day: dt.date) -> Period:
    """The regular period of `kind` containing `day`, created if missing."""
    return _period_from_spec(period_spec_for_date(kind, day))


def period_get_or_create_by_code(code: str) -> Period:
    """The period with `code`: an existing one (ad hoc included) or a regular one created now.

    Errors: `ValidationError` on `period` when the code is neither stored nor regular.
    """
    existing = Period.objects.filter(code=code).first()
    if existing is not None:
        return existing
    spec = period_spec_from_code(code)
    if spec is None:
        raise ValidationError({"period": _("Unknown period code.")})
    return _period_from_spec(spec)


def period_adhoc_create(
    *, actor: Any, code: str, start: dt.date, end: dt.date, name: str, unit: Unit
) -> Period:
    """An ad-hoc period (e.g. a campaign report window) declared by `unit`.

    Action: `Action.MANAGE` on `unit`. Side effects: one Period and one audit row.
    Errors: `ValidationError` (code taken, end before start).
    """
    require(actor, Action.MANAGE, unit)
    with transaction.atomic():
        period = Period(
            code=code,
            kind=PeriodKind.AD_HOC,
            year=start.year,
            number=1,
            start=start,
            end=end,
            name=name,
        )
        period.full_clean()
        period.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=period,
            unit=unit,
            after=audit_snapshot(period),
        )
    return period
