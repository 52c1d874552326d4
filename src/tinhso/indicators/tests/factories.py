"""Factories for the indicator catalogue, periods and values (traits for rules and statuses)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from tinhso.indicators.models import (
    Aggregation,
    Dimension,
    DimensionMember,
    Indicator,
    IndicatorValue,
    ValueStatus,
)
from tinhso.indicators.services import period_get_or_create
from tinhso.units.tests.factories import UnitFactory, level


def month(year: int = 2025, number: int = 9):
    return period_get_or_create("month", year, number)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"KPI-{n:03d}")
    name = factory.Sequence(lambda n: f"Chỉ tiêu thử nghiệm {n}")
    unit_of_measure = "hồ sơ"
    aggregation = Aggregation.SUM
    frequency = "month"
    entry_level = factory.LazyFunction(lambda: level("commune"))
    owner_unit = factory.SubFactory(UnitFactory, department=True)

    class Params:
        ratio = factory.Trait(
            aggregation=Aggregation.RATIO,
            unit_of_measure="%",
            numerator_label="Hồ sơ trực tuyến",
            denominator_label="Tổng số hồ sơ",
            scale=Decimal(100),
        )
        average = factory.Trait(aggregation=Aggregation.AVERAGE)
        last = factory.Trait(aggregation=Aggregation.LAST)
        maximum = factory.Trait(aggregation=Aggregation.MAX)
        quarterly = factory.Trait(frequency="quarter")
        bounded = factory.Trait(min_value=Decimal(0), max_value=Decimal(1000))
        guarded = factory.Trait(max_change_pct=Decimal(50))


class DimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dimension

    code = factory.Sequence(lambda n: f"dim{n}")
    name = factory.Sequence(lambda n: f"Nhóm đối tượng {n}")


class DimensionMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DimensionMember

    dimension = factory.SubFactory(DimensionFactory)
    code = factory.Sequence(lambda n: f"m{n}")
    name = factory.Sequence(lambda n: f"Thành phần {n}")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    """A value saved directly (no rules, no rollup): use services to test behaviour."""

    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    unit = factory.SubFactory(UnitFactory)
    period = factory.LazyFunction(month)
    value = Decimal(10)
    as_of = dt.date(2025, 9, 30)
    rollup_path = factory.LazyAttribute(lambda o: o.unit.path)

    class Params:
        submitted = factory.Trait(status=ValueStatus.SUBMITTED)
        confirmed = factory.Trait(status=ValueStatus.CONFIRMED)
