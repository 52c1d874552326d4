"""Access-matrix cases of the 766 index (see tinhso.core.testing.access_matrix).

* ManualInput: read with VIEW on its unit (the unit's score page lists it; the API list),
  written with EDIT through the page's form (UI) and `PUT /api/v1/serviceindex/manual-inputs`.
* UnitPeriodScore: read with VIEW on its unit (the score page, the API list and the commune
  ranking); derived data, never written by hand.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.serviceindex import services
from tinhso.serviceindex.models import ManualInput, UnitPeriodScore
from tinhso.serviceindex.periods import quarter

PERIOD = "2025-Q3"


def _manual(unit: Any) -> ManualInput:
    return ManualInput.objects.create(
        unit=unit,
        period_code=PERIOD,
        indicator_code="1.1",
        numerator=Decimal(3),
        denominator=Decimal(4),
        source=f"source-{unit.code}",
    )


def _score(unit: Any) -> UnitPeriodScore:
    return services.score_compute(unit=unit, period=quarter(2025, 3))


def _form(m: Any) -> dict[str, Any]:
    return {
        "period": m.period_code,
        "indicator": m.indicator_code,
        "numerator": "2",
        "denominator": "4",
        "source": f"source-{m.unit.code} v{m.version + 1}",
    }


def _put(m: Any) -> dict[str, Any]:
    return {
        "unit": m.unit.code,
        "period": m.period_code,
        "indicator": m.indicator_code,
        "numerator": "1",
        "denominator": "4",
        "source": f"source-{m.unit.code} v{m.version + 1}",
        "version": m.version,
    }


CASES = [
    AccessCase(
        model=ManualInput,
        make=_manual,
        write_role="officer",
        ui_read=lambda m: f"/chi-so-766/{m.unit.code}/?period={m.period_code}",
        api_list=("/api/v1/serviceindex/manual-inputs?limit=100", lambda m: m.source),
        ui_write=Write(url=lambda m: f"/chi-so-766/{m.unit.code}/nhap-lieu/", data=_form),
        api_write=Write(
            url=lambda m: "/api/v1/serviceindex/manual-inputs", data=_put, method="put"
        ),
    ),
    AccessCase(
        model=UnitPeriodScore,
        make=_score,
        ui_read=lambda s: f"/chi-so-766/{s.unit.code}/?period={s.period_code}",
        ui_list=(f"/chi-so-766/xep-hang/?period={PERIOD}", lambda s: s.unit.name),
        api_list=(
            f"/api/v1/serviceindex/scores?period={PERIOD}&limit=100",
            lambda s: f'"{s.unit.code}"',
        ),
    ),
]
