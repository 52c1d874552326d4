"""Values computed by the system itself (not entered by an official): one entry point.

A system job (the Decision 766 refresh turning dossier counts into the NQ57 indicators of
each commune) has no user holding EDIT on every commune, so it cannot go through
`indicator_values_save_batch`. It writes here instead, under the same rules: ratios only
with 0 ≤ numerator ≤ denominator > 0, confirmed values are never touched, rollups are
refreshed in the same transaction, and the run leaves one audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.indicators import rollups
from tinhso.indicators.models import Indicator, IndicatorValue, Period, ValueStatus
from tinhso.units.models import Unit

__all__ = ["SystemRatio", "indicator_values_system_write"]


@dataclass(frozen=True)
class SystemRatio:
    """One computed ratio for an indicator × unit (the period is the call's)."""

    indicator: Indicator
    unit: Unit
    numerator: Decimal
    denominator: Decimal


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def indicator_values_system_write(
    *, period: Period, rows: Iterable[SystemRatio], source: str, as_of: dt.date, label: str
) -> int:
    """Upsert system-computed ratio values of `period` as *submitted*, sourced `source`.

    Rule: rows with a denominator ≤ 0 are skipped; a numerator above the denominator is
    capped; an existing confirmed value is left alone; an unchanged one is not rewritten.
    No Action (system job; callers are periodic tasks, never views).
    Side effects: `IndicatorValue` rows created/updated (`version + 1`), rollups refreshed
    for the touched units and their ancestors, one audit entry (`label`) when anything
    changed. Returns the number of values written.
    """
    rows = [r for r in rows if r.denominator > 0]
    if not rows:
        return 0
    with transaction.atomic():
        existing = {
            (v.indicator_id, v.unit_id): v
            for v in IndicatorValue.objects.select_for_update().filter(
                indicator__in={r.indicator.pk for r in rows},
                unit_id__in={r.unit.pk for r in rows},
                period=period,
                breakdown="",
            )
        }
        new: list[IndicatorValue] = []
        changed: list[IndicatorValue] = []
        paths: set[str] = set()
        for r in rows:
            num = min(r.numerator, r.denominator)
            value = (num / r.denominator * r.indicator.scale).quantize(Decimal("0.0001"))
            row = existing.get((r.indicator.pk, r.unit.pk))
            if row is not None:
                if row.status == ValueStatus.CONFIRMED:
                    continue
                if row.numerator == num and row.denominator == r.denominator:
                    continue
                row.numerator, row.denominator, row.value = num, r.denominator, value
                row.status, row.source, row.as_of = ValueStatus.SUBMITTED, source, as_of
                row.version += 1
                changed.append(row)
            else:
                new.append(
                    IndicatorValue(
                        indicator=r.indicator,
                        unit=r.unit,
                        period=period,
                        numerator=num,
                        denominator=r.denominator,
                        value=value,
                        status=ValueStatus.SUBMITTED,
                        source=source,
                        as_of=as_of,
                        rollup_path=r.unit.path,
                    )
                )
            paths.add(r.unit.path)
        if not new and not changed:
            return 0
        IndicatorValue.objects.bulk_create(new)
        IndicatorValue.objects.bulk_update(
            changed, ["numerator", "denominator", "value", "status", "source", "as_of", "version"]
        )
        rollups.refresh(
            indicator_ids=list({r.indicator.pk for r in rows}),
            period_ids=[period.pk],
            unit_ids={a for p in paths for a in _ancestor_ids(p)},
        )
        audit_record(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            object_type=IndicatorValue._meta.label,
            object_id=label,
            object_repr=label,
            after={"created": len(new), "updated": len(changed)},
            message=source,
        )
    return len(new) + len(changed)
