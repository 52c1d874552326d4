"""Aggregation up the unit tree: each rule, ratios across the tree and across a merger,
drafts never counting, incremental refresh equal to the full rebuild."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tinhso.accounts.access import unit_ids_for
from tinhso.accounts.tests.factories import member
from tinhso.indicators.models import IndicatorRollup, IndicatorValue
from tinhso.indicators.selectors import indicator_series, rollup_children, rollup_latest
from tinhso.indicators.services import (
    indicator_rollups_rebuild,
    indicator_value_save,
    indicator_values_set_status,
    value_rollup_path,
)
from tinhso.units.tests.factories import UnitFactory, UnitLineageFactory

from .factories import IndicatorFactory, month

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 9, 30)


def enter(actor, indicator, unit, period, *, submit=True, as_of=AS_OF, **figures):
    value = indicator_value_save(
        actor=actor, indicator=indicator, unit=unit, period=period, as_of=as_of, **figures
    )
    if submit:
        indicator_values_set_status(actor=actor, unit=unit, period=period, status="submitted")
    return value


def rollup(indicator, unit, period, breakdown=""):
    return IndicatorRollup.objects.filter(
        indicator=indicator, unit=unit, period=period, breakdown=breakdown
    ).first()


@pytest.mark.parametrize(
    ("trait", "a_value", "b_value", "expected"),
    [
        ("sum", "10", "30", Decimal(40)),
        ("average", "10", "30", Decimal(20)),
        ("maximum", "10", "30", Decimal(30)),
        ("average", "1", "2", Decimal("1.5")),
    ],
)
def test_each_rule_at_the_province(tree, admin, trait, a_value, b_value, expected):
    indicator = IndicatorFactory(**({trait: True} if trait != "sum" else {}))
    period = month()
    enter(admin, indicator, tree["A"], period, value=a_value)
    enter(admin, indicator, tree["B"], period, value=b_value)
    total = rollup(indicator, tree["P"], period)
    assert total.value == expected
    assert total.contributors == 2
    assert rollup(indicator, tree["A"], period).value == Decimal(a_value)


def test_last_takes_the_value_with_the_latest_as_of(tree, admin):
    indicator = IndicatorFactory(last=True)
    period = month()
    enter(admin, indicator, tree["A"], period, value="7", as_of=dt.date(2025, 9, 28))
    enter(admin, indicator, tree["B"], period, value="3", as_of=dt.date(2025, 9, 29))
    assert rollup(indicator, tree["P"], period).value == Decimal(3)
    enter(admin, indicator, tree["A"], period, value="8", as_of=dt.date(2025, 10, 2))
    assert rollup(indicator, tree["P"], period).value == Decimal(8)


def test_ratio_is_sum_over_sum_never_an_average_of_percentages(tree, admin):
    indicator = IndicatorFactory(ratio=True)
    period = month()
    enter(admin, indicator, tree["A"], period, numerator="1", denominator="10")
    enter(admin, indicator, tree["B"], period, numerator="9", denominator="10")
    assert IndicatorValue.objects.get(unit=tree["A"]).value == Decimal(10)
    total = rollup(indicator, tree["P"], period)
    assert total.value == Decimal(50)  # (1 + 9) / (10 + 10), not (10 % + 90 %) / 2 = 50 …
    assert (total.numerator_sum, total.denominator_sum) == (Decimal(10), Decimal(20))


def test_ratio_weights_by_denominator(tree, admin):
    indicator = IndicatorFactory(ratio=True)
    period = month()
    enter(admin, indicator, tree["A"], period, numerator="1", denominator="10")
    enter(admin, indicator, tree["B"], period, numerator="90", denominator="100")
    # Σ 91 / Σ 110 = 82.727…%, whereas the mean of 10 % and 90 % would be 50 %.
    assert rollup(indicator, tree["P"], period).value.quantize(Decimal("0.01")) == Decimal("82.73")


def test_drafts_never_count(tree, admin):
    indicator = IndicatorFactory()
    period = month()
    enter(admin, indicator, tree["A"], period, value="5")
    enter(admin, indicator, tree["B"], period, value="100", submit=False)
    total = rollup(indicator, tree["P"], period)
    assert (total.value, total.contributors) == (Decimal(5), 1)
    assert rollup(indicator, tree["B"], period) is None
    indicator_values_set_status(actor=admin, unit=tree["B"], period=period, status="submitted")
    assert rollup(indicator, tree["P"], period).value == Decimal(105)


def test_confirmed_count(tree, admin):
    indicator = IndicatorFactory()
    period = month()
    enter(admin, indicator, tree["A"], period, value="5")
    enter(admin, indicator, tree["B"], period, value="6")
    indicator_values_set_status(actor=admin, unit=tree["A"], period=period, status="confirmed")
    total = rollup(indicator, tree["P"], period)
    assert (total.contributors, total.confirmed) == (2, 1)


def merged_world(tree):
    """Former commune X (closed 1/7/2025) merged into A; Y split between B (most) and A."""
    x = UnitFactory(closed=True, name="Xã Hóa An (cũ)", level=tree["A"].level)
    y = UnitFactory(closed=True, name="Xã Tam Phước (cũ)", level=tree["A"].level)
    UnitLineageFactory(predecessor=x, successor=tree["A"])
    UnitLineageFactory(predecessor=y, successor=tree["A"], kind="split", partial=True)
    UnitLineageFactory(predecessor=y, successor=tree["B"], kind="merge", partial=False)
    return x, y


def test_value_of_a_closed_commune_counts_under_its_successor(tree):
    x, y = merged_world(tree)
    assert value_rollup_path(x) == tree["A"].path
    assert value_rollup_path(y) == tree["B"].path  # the whole-transfer link wins
    superuser = member(tree["P"], "admin", is_superuser=True)
    indicator = IndicatorFactory(ratio=True)
    period = month(2025, 3)
    enter(superuser, indicator, x, period, numerator="1", denominator="10")
    enter(superuser, indicator, tree["A"], period, numerator="9", denominator="10")
    assert rollup(indicator, tree["A"], period).value == Decimal(50)
    assert rollup(indicator, tree["A"], period).contributors == 2
    assert rollup(indicator, tree["P"], period).value == Decimal(50)
    assert rollup(indicator, x, period) is None


def test_rebuild_repoints_values_after_a_lineage_change(tree, admin):
    indicator = IndicatorFactory()
    period = month(2025, 3)
    x = UnitFactory(closed=True, level=tree["A"].level)
    superuser = member(tree["P"], "admin", is_superuser=True)
    enter(superuser, indicator, x, period, value="4")
    assert rollup(indicator, tree["B"], period) is None
    UnitLineageFactory(predecessor=x, successor=tree["B"])  # recorded later
    result = indicator_rollups_rebuild()
    assert result.repointed == 1
    assert rollup(indicator, tree["B"], period).value == Decimal(4)
    assert rollup(indicator, tree["P"], period).value == Decimal(4)


def _snapshot():
    return sorted(
        IndicatorRollup.objects.values_list(
            "indicator_id",
            "unit_id",
            "period_id",
            "breakdown",
            "value",
            "value_sum",
            "numerator_sum",
            "denominator_sum",
            "contributors",
            "confirmed",
            "latest_as_of",
        )
    )


def test_incremental_refresh_equals_rebuild(tree, admin):
    indicators = [
        IndicatorFactory(),
        IndicatorFactory(average=True),
        IndicatorFactory(ratio=True),
        IndicatorFactory(last=True),
        IndicatorFactory(maximum=True),
    ]
    c = UnitFactory(parent=tree["A"].parent, name="Xã Phước An")
    for m in (7, 8, 9):
        period = month(2025, m)
        for k, unit in enumerate((tree["A"], tree["B"], c)):
            for indicator in indicators:
                figures = (
                    {"numerator": str(k + m), "denominator": str(3 * (k + m))}
                    if indicator.is_ratio
                    else {"value": str((k + 1) * m + 0.5)}
                )
                indicator_value_save(
                    actor=admin,
                    indicator=indicator,
                    unit=unit,
                    period=period,
                    as_of=dt.date(2025, m, 10 + k),
                    **figures,
                )
            if (m, k) != (9, 2):  # one unit leaves September in draft
                indicator_values_set_status(
                    actor=admin, unit=unit, period=period, status="submitted"
                )
    indicator_values_set_status(
        actor=admin, unit=tree["A"], period=month(2025, 8), status="confirmed"
    )
    incremental = _snapshot()
    assert len(incremental) > 0
    IndicatorRollup.objects.all().delete()
    indicator_rollups_rebuild()
    assert _snapshot() == incremental


def test_series_and_latest_read_rollups(tree, admin, django_assert_num_queries):
    indicator = IndicatorFactory()
    for m in (6, 7, 8):
        enter(admin, indicator, tree["A"], month(2025, m), value=str(m), as_of=dt.date(2025, m, 28))
    unit_ids_for(admin, "view")  # the request's access cache, computed once per request
    with django_assert_num_queries(1):
        series = indicator_series(
            user=admin,
            indicator=indicator,
            unit=tree["P"],
            start=dt.date(2025, 7, 1),
            end=dt.date(2025, 12, 31),
        )
    assert [(r.period.code, r.value) for r in series] == [
        ("2025-M07", Decimal(7)),
        ("2025-M08", Decimal(8)),
    ]
    latest = rollup_latest(indicator=indicator, unit=tree["P"], as_of=dt.date(2025, 8, 15))
    assert latest.period.code == "2025-M07"
    assert latest.contributors == 1 and latest.confirmed == 0
    children = rollup_children(
        user=admin, indicator=indicator, unit=tree["P"], period=month(2025, 8)
    )
    assert [(u.pk, r.value if r else None) for u, r in children] == [
        (tree["A"].pk, Decimal(8)),
        (tree["B"].pk, None),
    ]


def test_rebuild_command(tree, admin):
    from io import StringIO

    from django.core.management import call_command

    indicator = IndicatorFactory()
    enter(admin, indicator, tree["A"], month(), value="3")
    IndicatorRollup.objects.all().delete()
    out = StringIO()
    call_command("rebuild_rollups", "--indicator", indicator.code, stdout=out)
    assert "2 rollups written" in out.getvalue()
    assert rollup(indicator, tree["P"], month()).value == Decimal(3)


def test_system_written_ratios_roll_up_and_leave_confirmed_values_alone(tree, admin):
    from tinhso.audit.models import AuditEntry
    from tinhso.indicators.models import ValueStatus
    from tinhso.indicators.services import SystemRatio, indicator_values_system_write

    indicator = IndicatorFactory(ratio=True)
    period = month()

    def write(a: tuple[int, int], b: tuple[int, int]) -> int:
        return indicator_values_system_write(
            period=period,
            rows=[
                SystemRatio(indicator, tree["A"], Decimal(a[0]), Decimal(a[1])),
                SystemRatio(indicator, tree["B"], Decimal(b[0]), Decimal(b[1])),
            ],
            source="Hệ thống một cửa (tự động)",
            as_of=AS_OF,
            label="test:2025-M09",
        )

    assert write((30, 40), (90, 60)) == 2  # B's numerator above its denominator is capped
    values = IndicatorValue.objects.filter(indicator=indicator).order_by("unit_id")
    assert [(v.numerator, v.denominator, v.status) for v in values] == [
        (Decimal(30), Decimal(40), ValueStatus.SUBMITTED),
        (Decimal(60), Decimal(60), ValueStatus.SUBMITTED),
    ]
    assert rollup(indicator, tree["P"], period).value == Decimal(90) / Decimal(100) * 100
    assert write((30, 40), (60, 60)) == 0  # unchanged: nothing rewritten, no audit row
    IndicatorValue.objects.filter(unit=tree["A"]).update(status=ValueStatus.CONFIRMED)
    assert write((10, 40), (0, 0)) == 0  # confirmed kept; a zero denominator is skipped
    assert AuditEntry.objects.filter(object_id="test:2025-M09").count() == 1
