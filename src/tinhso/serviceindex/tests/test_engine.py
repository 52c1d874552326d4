"""The engine against spec §1.8 (every point, group totals, total, band, sensitivities) and
table-driven tests of each rule type and zero-denominator policy."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.utils import translation

from tinhso.serviceindex import engine
from tinhso.serviceindex.engine import BandDef, IndicatorDef, VersionDef, evaluate
from tinhso.serviceindex.example import EXAMPLE_COUNTS
from tinhso.serviceindex.periods import quarter
from tinhso.serviceindex.services import version_def, version_for

D = Decimal


@pytest.fixture
def seeded(db) -> VersionDef:
    return version_def(version_for(quarter(2026, 3)))


def _two(value: Decimal) -> str:
    return f"{value.quantize(D('0.01'))}"


EXPECTED_POINTS = {
    "1.1": "5.70",
    "1.2": "3.60",
    "1.3": "1.96",
    "1.4": "5.88",
    "2.1": "19.20",
    "3.1": "2.00",
    "3.2": "2.80",
    "3.3": "5.40",
    "3.6": "4.05",
    "3.5b": "1.80",
    "3.5a": "2.00",
    "4.1": "5.58",
    "4.2": "3.60",
    "4.6": "1.50",
    "4.3": "1.25",
    "4.4": "1.20",
    "4.5b": "1.40",
    "4.5a": "1.20",
    "5.2": "5.25",
    "5.3": "5.25",
    "5.4": "6.00",
}


def test_worked_example_reproduced_to_the_point(seeded):
    result = evaluate(EXAMPLE_COUNTS, seeded, is_commune=True)
    assert {i.code: _two(i.points) for i in result.indicators} == EXPECTED_POINTS
    assert [_two(result.group(n).points) for n in range(1, 6)] == [
        "17.14",
        "19.20",
        "18.05",
        "15.73",
        "16.50",
    ]
    panels = {p.key: _two(p.points) for p in result.panels}
    assert panels["online_services"] == "10.20"
    assert panels["online_payment"] == "7.85"
    assert _two(result.total) == "86.62"
    assert result.max_total == 100
    assert result.band == "Tốt"
    # Full precision is carried: 1.4 is exactly 6 × 1176/1200.
    assert result.indicator("1.4").points == D(6) * D(1176) / D(1200)
    assert result.indicator("5.4").rate == D("0.95")


def _with(version: VersionDef, code: str, **changes) -> VersionDef:
    indicators = tuple(
        dataclasses.replace(i, **changes) if i.code == code else i for i in version.indicators
    )
    return dataclasses.replace(version, indicators=indicators)


def test_sensitivity_4_2_threshold_adds_0_40(seeded):
    base = evaluate(EXAMPLE_COUNTS, seeded).total
    changed = _with(seeded, "4.2", rule=engine.RULE_CAPPED, threshold=D("0.80"))
    assert evaluate(EXAMPLE_COUNTS, changed).total - base == D("0.40")


def test_sensitivity_population_indicators_not_applicable_add_1_40(seeded):
    base = evaluate(EXAMPLE_COUNTS, seeded, is_commune=True)
    na = evaluate(
        EXAMPLE_COUNTS, dataclasses.replace(seeded, not_applicable_full=True), is_commune=True
    )
    assert na.total - base.total == D("1.40")
    assert na.indicator("4.5a").status == engine.STATUS_NOT_APPLICABLE
    # The policy concerns communes only: the province is computed as usual.
    province = evaluate(EXAMPLE_COUNTS, dataclasses.replace(seeded, not_applicable_full=True))
    assert province.total == base.total


def test_sensitivity_sync_factor_on_3_3_minus_0_11(seeded):
    base = evaluate(EXAMPLE_COUNTS, seeded).total
    changed = evaluate(EXAMPLE_COUNTS, _with(seeded, "3.3", factor_code="1.4"))
    assert changed.indicator("3.3").rate == D("0.441")
    assert _two(base - changed.total) == "0.11"
    assert _two(changed.total) == "86.51"


def test_explanations_are_vietnamese(seeded):
    with translation.override("vi"):
        result = evaluate({**EXAMPLE_COUNTS, "announced": None}, seeded)
    assert result.indicator("1.1").formula.startswith("Chưa có số liệu")
    text = result.indicator("3.1").formula
    assert "81,82 %" in text and "tối đa" in text
    assert "6 × 45,00 % / 50,00 % = 5,40" in result.indicator("3.3").formula
    inputs = result.indicator("2.1").inputs
    assert [(i["key"], i["value"]) for i in inputs] == [("on_time", "1152"), ("received", "1200")]


def _one(**kwargs) -> VersionDef:
    defn = IndicatorDef(
        code="x",
        group=1,
        panel="transparency",
        name="X",
        max_points=D(4),
        numerator_keys=("n",),
        denominator_keys=("d",),
        **kwargs,
    )
    return VersionDef(code="t", indicators=(defn,), bands=(BandDef("A", D(3), "a"),))


@pytest.mark.parametrize(
    ("kwargs", "counts", "points", "rate", "status"),
    [
        ({}, {"n": 3, "d": 4}, "3", "0.75", engine.STATUS_COMPUTED),
        ({}, {"n": 5, "d": 4}, "4", "1", engine.STATUS_COMPUTED),  # clamped
        ({"rule": "capped", "threshold": D("0.5")}, {"n": 1, "d": 4}, "2", "0.25", "computed"),
        ({"rule": "capped", "threshold": D("0.5")}, {"n": 3, "d": 4}, "4", "0.75", "computed"),
        ({"rule": "capped", "threshold": D("0.8")}, {"n": 4, "d": 5}, "4", "0.8", "computed"),
        ({"zero_policy": "full"}, {"n": 0, "d": 0}, "4", None, "zero_denominator"),
        ({"zero_policy": "zero"}, {"n": 0, "d": 0}, "0", "0", "zero_denominator"),
        ({"zero_policy": "na"}, {"n": 0, "d": 0}, "0", None, "zero_denominator"),
        ({"zero_policy": "full"}, {}, "4", None, "no_data"),
        ({"zero_policy": "zero"}, {"n": 2}, "0", "0", "no_data"),
        ({"zero_policy": "na"}, {"d": 3}, "0", None, "no_data"),
        ({"complement": True}, {"n": 1, "d": 4}, "3", "0.75", "computed"),
        ({"denominator_mode": "max"}, {"n": 2, "d": 4}, "2", "0.5", "computed"),
    ],
)
def test_rule_types_and_zero_policies(kwargs, counts, points, rate, status):
    result = evaluate(counts, _one(**kwargs))
    item = result.indicator("x")
    assert item.points == D(points)
    assert item.rate == (None if rate is None else D(rate))
    assert item.status == status
    assert result.band == ("A" if D(points) >= 3 else "")


def test_denominator_max_takes_the_largest():
    defn = IndicatorDef(
        code="1.4",
        group=1,
        panel="transparency",
        name="sync",
        max_points=D(6),
        numerator_keys=("s",),
        denominator_keys=("r", "s"),
        denominator_mode="max",
    )
    version = VersionDef(code="t", indicators=(defn,))
    assert evaluate({"s": 50, "r": 40}, version).indicator("1.4").points == D(6)
    assert evaluate({"s": 30, "r": 60}, version).indicator("1.4").points == D(3)


def test_bands_pick_the_highest_reached():
    bands = (BandDef("Yếu", D(0)), BandDef("Tốt", D(80)), BandDef("Xuất sắc", D(90)))
    assert engine.band_for(D("89.999"), bands)[0] == "Tốt"
    assert engine.band_for(D(90), bands)[0] == "Xuất sắc"
    assert engine.band_for(D("49.99"), bands)[0] == "Yếu"


def test_count_keys_lists_each_key_once(seeded):
    keys = engine.count_keys(seeded)
    assert len(keys) == len(set(keys)) == len(EXAMPLE_COUNTS)
    assert set(keys) == set(EXAMPLE_COUNTS)
