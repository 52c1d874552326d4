"""The flow of three 766 rates into the NQ57 indicators."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.indicators.models import (
    Aggregation,
    Frequency,
    Indicator,
)
from tinhso.indicators.services import (
    SystemRatio,
    indicator_values_system_write,
    period_get_or_create_by_code,
)
from tinhso.serviceindex.models import (
    UnitPeriodScore,
)
from tinhso.serviceindex.periods import ScorePeriod
from tinhso.units.models import Unit, UnitLevel

from .common import NQ57_FLOWS, SYSTEM_SOURCE


def _province() -> Unit | None:
    return (
        Unit.objects.filter(
            valid_to__isnull=True, level__code="province", code=settings.TINHSO_PROVINCE_CODE
        )
        .order_by("pk")
        .first()
    )


def nq57_indicators_ensure() -> dict[str, Indicator]:
    """The NQ57 indicators the index feeds, by code; missing ones are created (monthly,
    commune level, ratio in %, owned by the province) when the province and the commune
    level exist. A system job. Side effects: may create indicators (one audit row each)."""
    found = {i.code: i for i in Indicator.objects.filter(code__in=list(NQ57_FLOWS))}
    missing = [code for code in NQ57_FLOWS if code not in found]
    if not missing:
        return found
    province = _province()
    level = UnitLevel.objects.filter(code="commune").first()
    if province is None or level is None:
        return found
    for code in missing:
        _num, _den, name, num_label, den_label = NQ57_FLOWS[code]
        indicator = Indicator(
            code=code,
            name=name,
            unit_of_measure="%",
            aggregation=Aggregation.RATIO,
            numerator_label=num_label,
            denominator_label=den_label,
            frequency=Frequency.MONTHLY,
            entry_level=level,
            owner_unit=province,
            data_source=SYSTEM_SOURCE,
            min_value=Decimal(0),
            max_value=Decimal(100),
            decimals=2,
        )
        indicator.full_clean()
        indicator.save()
        audit_record(actor=None, action=AuditEntry.Action.CREATE, obj=indicator, unit=province.pk)
        found[code] = indicator
    return found


def nq57_values_write(*, period: ScorePeriod, scores: Iterable[UnitPeriodScore]) -> int:
    """Write the online-dossier share (3.3), digitisation (4.2) and e-result (4.1) rates of
    each commune score of a month into the matching NQ57 indicators, as submitted values
    sourced "Hệ thống một cửa (tự động)"; confirmed values are locked and left alone.

    Written through `indicators.services.indicator_values_system_write` (the entry point
    for system-computed values: same rules as entry, rollups in the transaction, one audit
    row per month). Returns the number of values written.
    """
    if period.kind != "month":
        return 0
    scores = list(scores)
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in=[s.unit_id for s in scores], level__code="commune"
        ).order_by("pk")
    }
    commune_scores = [s for s in scores if s.unit_id in units]
    if not commune_scores:
        return 0
    indicators = nq57_indicators_ensure()
    if not indicators:
        return 0
    rows = [
        SystemRatio(
            indicator=indicator,
            unit=units[score.unit_id],
            numerator=Decimal(str(score.counts.get(NQ57_FLOWS[code][0], 0))),
            denominator=Decimal(str(score.counts.get(NQ57_FLOWS[code][1], 0))),
        )
        for score in commune_scores
        for code, indicator in indicators.items()
    ]
    return indicator_values_system_write(
        period=period_get_or_create_by_code(period.code),
        rows=rows,
        source=SYSTEM_SOURCE,
        as_of=min(timezone.localdate(), period.last),
        label=f"serviceindex:{period.code}",
    )
