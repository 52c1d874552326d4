"""Access-matrix cases of indicators (see tinhso.core.testing.access_matrix).

* Indicator: the catalogue is public to every signed-in user (`public_read`); its writes
  need MANAGE on the owner unit: the edit form (UI) and `PATCH /api/v1/indicators/{code}`.
* IndicatorValue: read with VIEW on the value's unit (list page, API list), written with
  EDIT through the entry grid row (UI) and `PUT /api/v1/indicators/values` (API).
* IndicatorRollup: read with VIEW on the rollup's unit, on the indicator page
  (`?unit=`) and through the series endpoint; never written by hand.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.indicators import rollups
from tinhso.indicators.models import Indicator, IndicatorRollup, IndicatorValue, ValueStatus
from tinhso.indicators.tests.factories import IndicatorFactory, IndicatorValueFactory, month


def _indicator(unit: Any) -> Indicator:
    return IndicatorFactory(owner_unit=unit, entry_level=unit.level)


def _value(unit: Any) -> IndicatorValue:
    return IndicatorValueFactory(
        indicator=IndicatorFactory(entry_level=unit.level), unit=unit, period=month()
    )


def _rollup(unit: Any) -> IndicatorRollup:
    value = IndicatorValueFactory(
        indicator=IndicatorFactory(entry_level=unit.level),
        unit=unit,
        period=month(),
        status=ValueStatus.SUBMITTED,
    )
    rollups.refresh(
        indicator_ids=[value.indicator_id],
        period_ids=[value.period_id],
        unit_ids=rollups.ancestor_ids(value.rollup_path),
    )
    return IndicatorRollup.objects.get(indicator=value.indicator, unit=unit)


def _row(v: Any) -> dict[str, Any]:
    key = f"{v.indicator.code}--"
    return {
        "unit": v.unit.code,
        "period": v.period.code,
        "keys": key,
        f"{key}-indicator": v.indicator.code,
        f"{key}-breakdown": "",
        f"{key}-value": str(v.version + 20),
        f"{key}-as_of": "30/09/2025",
        f"{key}-version": v.version,
    }


def _indicator_form(i: Any) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": f"{i.name} (v{i.version + 1})",
        "unit_of_measure": i.unit_of_measure,
        "aggregation": i.aggregation,
        "scale": str(i.scale),
        "frequency": i.frequency,
        "direction": i.direction,
        "kind": i.kind,
        "entry_level": i.entry_level_id,
        "owner_unit": i.owner_unit_id,
        "decimals": i.decimals,
        "is_active": "on",
        "version": i.version,
    }


def _indicator_patch(i: Any) -> dict[str, Any]:
    return {"name": f"{i.name} (v{i.version + 1})", "version": i.version}


def _put(v: Any) -> dict[str, Any]:
    return {
        "unit": v.unit.code,
        "period": v.period.code,
        "indicator": v.indicator.code,
        "value": str(v.version + 20),
        "as_of": dt.date(2025, 9, 30).isoformat(),
        "version": v.version,
    }


CASES = [
    AccessCase(
        model=Indicator,
        make=_indicator,
        public_read=True,
        write_role="admin",
        ui_read=lambda i: f"/indicators/{i.code}/",
        api_read=lambda i: f"/api/v1/indicators/{i.code}",
        ui_list=("/indicators/?q=KPI", lambda i: f"<code>{i.code}</code>"),
        api_list=("/api/v1/indicators?limit=100", lambda i: f'"{i.code}"'),
        ui_write=Write(url=lambda i: f"/indicators/{i.code}/edit/", data=_indicator_form),
        api_write=Write(
            url=lambda i: f"/api/v1/indicators/{i.code}", data=_indicator_patch, method="patch"
        ),
    ),
    AccessCase(
        model=IndicatorValue,
        make=_value,
        write_role="officer",
        ui_list=("/indicators/values/", lambda v: f"<code>{v.indicator.code}</code>"),
        api_list=("/api/v1/indicators/values?limit=100", lambda v: f'"{v.indicator.code}"'),
        ui_write=Write(url=lambda v: "/indicators/entry/", data=_row),
        api_write=Write(url=lambda v: "/api/v1/indicators/values", data=_put, method="put"),
    ),
    AccessCase(
        model=IndicatorRollup,
        make=_rollup,
        ui_read=lambda r: f"/indicators/{r.indicator.code}/?unit={r.unit.code}",
        api_read=lambda r: f"/api/v1/indicators/{r.indicator.code}/series?unit={r.unit.code}",
    ),
]
