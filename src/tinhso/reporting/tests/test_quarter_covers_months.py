"""A quarterly report carries the quarter's monthly figures: its workflow moves them too."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.indicators.models import Period
from tinhso.reporting import selectors, services
from tinhso.reporting.tests.factories import IndicatorFactory, value

pytestmark = pytest.mark.django_db


def _month(year: int, month: int) -> Period:
    start = dt.date(year, month, 1)
    end = (dt.date(year, month + 1, 1) if month < 12 else dt.date(year + 1, 1, 1)) - dt.timedelta(
        days=1
    )
    return Period.objects.create(
        code=f"{year}-M{month:02d}", kind="month", year=year, number=month, start=start, end=end
    )


def test_accepting_a_quarter_confirms_its_months_and_leaves_other_months(world, report):
    monthly = IndicatorFactory(frequency="month")
    inside = [value(monthly, world["A"], _month(2025, m)) for m in (7, 8, 9)]
    outside = value(monthly, world["A"], _month(2025, 10))
    quarterly = value(IndicatorFactory(), world["A"], world["period"])

    shown = selectors.report_values(report=report)
    assert {v.pk for v in shown} == {v.pk for v in [*inside, quarterly]}

    report = services.report_transition(actor=world["leader_a"], report=report, action="approve")
    report = services.report_transition(actor=world["reviewer"], report=report, action="accept")
    for v in [*inside, quarterly]:
        v.refresh_from_db()
        assert v.status == "confirmed"
    outside.refresh_from_db()
    assert outside.status == "draft"
