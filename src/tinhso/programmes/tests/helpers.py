"""Test helpers: indicators, periods, rollups and tasks built directly (other apps' rows)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from tinhso.indicators.models import Indicator, IndicatorRollup, IndicatorValue, Period
from tinhso.tasks.models import Task
from tinhso.units.tests.factories import level

_seq = itertools.count()


def indicator(owner, code=None) -> Indicator:
    return Indicator.objects.create(
        code=code or f"IND{next(_seq)}",
        name="Tỷ lệ hồ sơ trực tuyến",
        unit_of_measure="%",
        aggregation="ratio",
        frequency="quarter",
        entry_level=level("commune"),
        owner_unit=owner,
    )


def period(year: int, quarter: int) -> Period:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = (dt.date(year, 3 * quarter, 28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(
        days=1
    )
    obj, _ = Period.objects.get_or_create(
        code=f"{year}-Q{quarter}",
        defaults={"kind": "quarter", "year": year, "number": quarter, "start": start, "end": end},
    )
    return obj


def rollup(ind, unit, per, value, contributors=95, confirmed=95) -> IndicatorRollup:
    return IndicatorRollup.objects.create(
        indicator=ind,
        unit=unit,
        period=per,
        value=Decimal(value),
        contributors=contributors,
        confirmed=confirmed,
    )


def draft_value(ind, unit, per) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=ind,
        unit=unit,
        period=per,
        value=Decimal(1),
        status="draft",
        as_of=per.end,
        rollup_path=unit.path,
    )


def task(plan, lead_unit, group=None, **kwargs) -> Task:
    defaults = {"title": f"Nhiệm vụ {next(_seq)}", "deadline": dt.date(2025, 12, 31)}
    return Task.objects.create(
        plan=plan, lead_unit=lead_unit, group=group, **{**defaults, **kwargs}
    )
