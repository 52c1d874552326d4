"""Factories of reporting: periods, schedules, rounds (via the service) and values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory

from tinhso.documents.models import Document
from tinhso.indicators.models import Indicator, IndicatorValue, Period
from tinhso.programmes.models import Plan
from tinhso.reporting import services
from tinhso.reporting.models import Report, ReportSchedule
from tinhso.units.tests.factories import UnitFactory, level


def quarter(year: int = 2025, number: int = 3) -> Period:
    """The Period of quarter `number` of `year` (created if missing)."""
    start = dt.date(year, 3 * number - 2, 1)
    end_month = 3 * number
    end = (
        dt.date(year, 12, 31)
        if end_month == 12
        else dt.date(year, end_month + 1, 1) - dt.timedelta(days=1)
    )
    obj, _ = Period.objects.get_or_create(
        code=f"{year}-Q{number}",
        defaults={"kind": "quarter", "year": year, "number": number, "start": start, "end": end},
    )
    return obj


class ReportScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportSchedule
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"nq57-quy-{n}")
    name = factory.Sequence(lambda n: f"Báo cáo quý NQ57 ({n})")
    cadence = "quarter"
    due_days_after_end = 5
    reviewer_unit = factory.SubFactory(UnitFactory, department=True)

    @factory.post_generation
    def levels(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        codes = extracted if extracted is not None else ["commune"]
        self.reporting_levels.set([level(code) for code in codes])


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"KPI-{n:03d}")
    name = factory.Sequence(lambda n: f"Tỷ lệ hồ sơ trực tuyến {n}")
    unit_of_measure = "%"
    aggregation = "ratio"
    frequency = "quarter"
    kind = "operational"
    entry_level = factory.LazyFunction(lambda: level("commune"))
    owner_unit = factory.SubFactory(UnitFactory, department=True)


def value(indicator: Indicator, unit: Any, period: Period, **kwargs: Any) -> IndicatorValue:
    defaults: dict[str, Any] = {
        "numerator": Decimal("45"),
        "denominator": Decimal("60"),
        "value": Decimal("75"),
        "as_of": period.end,
        "source": "Hệ thống một cửa",
    }
    defaults.update(kwargs)
    return IndicatorValue.objects.create(indicator=indicator, unit=unit, period=period, **defaults)


def plan(unit: Any, number: str = "469-KH/TU") -> Plan:
    """A plan owned by `unit` with its issuing document."""
    doc = Document.objects.create(
        number=number,
        issuer="Tỉnh ủy",
        issued_on=dt.date(2025, 3, 1),
        title="Kế hoạch",
        owner_unit=unit,
    )
    return Plan.objects.create(document=doc, unit=unit, title=f"Kế hoạch {number}")


def open_report(
    unit: Any, schedule: ReportSchedule | None = None, period: Period | None = None
) -> Report:
    """The draft report of `unit` in a round opened by the system (actor None)."""
    schedule = schedule or ReportScheduleFactory(
        reviewer_unit=UnitFactory(parent=unit.parent, department=True)
    )
    round_ = services.report_round_open(actor=None, schedule=schedule, period=period or quarter())
    return Report.objects.get(obligation__round=round_, obligation__unit=unit)
