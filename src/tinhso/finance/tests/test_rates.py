"""Table-driven tests of `rates.py`: bases with the two options, as-of selection, returned
amounts, zero bases, aggregation by type and unit, lag threshold and the S&T share."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tinhso.finance import rates
from tinhso.finance.rates import Figures, LineInfo, Options

D = dt.date
BOTH = Options(include_carried_over=True, include_supplementary=True)
SUPP = Options(include_supplementary=True)
CARRIED = Options(include_carried_over=True)
NONE = Options()


@pytest.mark.parametrize(
    ("figures", "options", "base", "rate"),
    [
        # allocated only
        (dict(allocated=100, disbursed=40), NONE, 100, Decimal(40)),
        # supplementary counts only when included
        (dict(allocated=100, supplementary=60, disbursed=40), NONE, 100, Decimal(40)),
        (dict(allocated=100, supplementary=60, disbursed=40), SUPP, 160, Decimal(25)),
        # carried over counts only when included
        (dict(allocated=100, carried_over=60, disbursed=40), NONE, 100, Decimal(40)),
        (dict(allocated=100, carried_over=60, disbursed=40), CARRIED, 160, Decimal(25)),
        (dict(allocated=100, supplementary=60, carried_over=40, disbursed=50), BOTH, 200, 25),
        # returned capital always leaves the base
        (dict(allocated=100, returned=20, disbursed=40), NONE, 80, Decimal(50)),
        (dict(allocated=100, supplementary=20, returned=20, disbursed=40), SUPP, 100, 40),
        # a base that would be negative is 0: no rate
        (dict(allocated=10, supplementary=50, returned=30, disbursed=5), NONE, 0, None),
        # zero base: no rate (not 0 %, not an error)
        (dict(), NONE, 0, None),
        # excluding carried over may show more than 100 %
        (dict(allocated=50, carried_over=50, disbursed=75), NONE, 50, Decimal(150)),
    ],
)
def test_base_and_rate(figures, options, base, rate):
    snap = Figures(line_id=1, as_of=D(2025, 8, 31), **figures)
    assert rates.base_of(snap, options) == base
    got = rates.rate_of(snap.disbursed, rates.base_of(snap, options))
    assert got == (None if rate is None else Decimal(rate))


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (D(2025, 1, 30), {}),  # before any snapshot: nothing
        (D(2025, 1, 31), {1: D(2025, 1, 31)}),  # on the date itself
        (D(2025, 3, 15), {1: D(2025, 2, 28), 2: D(2025, 3, 1)}),  # latest on or before
        (D(2025, 12, 31), {1: D(2025, 4, 30), 2: D(2025, 3, 1)}),
    ],
)
def test_latest_snapshot_on_or_before(as_of, expected):
    snaps = [
        Figures(line_id=1, as_of=D(2025, 4, 30)),
        Figures(line_id=1, as_of=D(2025, 1, 31)),
        Figures(line_id=1, as_of=D(2025, 2, 28)),
        Figures(line_id=2, as_of=D(2025, 3, 1)),
    ]
    got = rates.latest_on_or_before(snaps, as_of)
    assert {k: v.as_of for k, v in got.items()} == expected


@pytest.mark.parametrize(
    ("year", "as_of", "elapsed"),
    [
        (2025, D(2024, 12, 31), Decimal(0)),
        (2025, D(2025, 1, 1), Decimal(100) / 365),
        (2025, D(2025, 8, 31), Decimal(243 * 100) / 365),
        (2024, D(2024, 12, 31), Decimal(100)),  # leap year: 366 days
        (2024, D(2024, 2, 29), Decimal(60 * 100) / 366),
        (2025, D(2026, 1, 15), Decimal(100)),
    ],
)
def test_elapsed_share(year, as_of, elapsed):
    assert rates.elapsed_share(year, as_of) == elapsed


@pytest.mark.parametrize(
    ("rate", "elapsed", "tolerance", "lagging"),
    [
        (Decimal(49), Decimal(75), Decimal(25), True),  # spec: < 50 % at end of Q3
        (Decimal(50), Decimal(75), Decimal(25), False),
        (Decimal(0), Decimal(10), Decimal(25), False),  # threshold floored at 0
        (None, Decimal(90), Decimal(0), False),  # nothing to disburse never lags
        (Decimal(60), Decimal(66), Decimal(5), True),
    ],
)
def test_lag(rate, elapsed, tolerance, lagging):
    assert rates.is_lagging(rate, rates.lag_threshold(elapsed, tolerance)) is lagging


def _lines():
    return [
        LineInfo(1, unit_id=10, unit_name="Sở A", expenditure_type="investment"),
        LineInfo(2, unit_id=10, unit_name="Sở A", expenditure_type="recurrent"),
        LineInfo(3, unit_id=20, unit_name="Sở B", expenditure_type="investment"),
        LineInfo(4, unit_id=30, unit_name="Sở C", expenditure_type="recurrent", is_st_dt=False),
        LineInfo(5, unit_id=40, unit_name="Sở D", expenditure_type="investment"),  # no figures
    ]


def _snaps():
    return [
        Figures(1, D(2025, 7, 31), allocated=300, disbursed=100),
        Figures(1, D(2025, 8, 31), allocated=300, supplementary=100, disbursed=150),
        Figures(1, D(2025, 9, 30), allocated=300, supplementary=100, disbursed=390),  # later
        Figures(2, D(2025, 8, 15), allocated=100, carried_over=50, disbursed=10),
        Figures(3, D(2025, 8, 31), allocated=100, returned=20, disbursed=80),
        Figures(4, D(2025, 8, 31), allocated=200, disbursed=0),
    ]


@pytest.mark.parametrize(
    ("options", "total", "investment", "recurrent"),
    [
        # base: 300 + 100 + 80 + 200 = 680 ; disbursed 150 + 10 + 80 + 0 = 240
        (NONE, (680, 240), (380, 230), (300, 10)),
        (SUPP, (780, 240), (480, 230), (300, 10)),
        (CARRIED, (730, 240), (380, 230), (350, 10)),
        (BOTH, (830, 240), (480, 230), (350, 10)),
    ],
)
def test_summarise_by_type(options, total, investment, recurrent):
    s = rates.summarise(_lines(), _snaps(), fiscal_year=2025, as_of=D(2025, 8, 31), options=options)
    assert (s.total.base, s.total.disbursed) == total
    assert (s.by_type["investment"].base, s.by_type["investment"].disbursed) == investment
    assert (s.by_type["recurrent"].base, s.by_type["recurrent"].disbursed) == recurrent
    assert s.total.rate == Decimal(total[1]) * 100 / Decimal(total[0])
    # Sums stay of one kind: allocated is never mixed with disbursed.
    assert s.total.allocated == 300 + 100 + 100 + 200
    assert s.lines_without_snapshot == 1
    assert (s.by_type["investment"].lines, s.by_type["investment"].units) == (2, 2)
    assert (s.total.lines, s.total.units) == (4, 3)


def test_summarise_by_unit_and_low_units():
    s = rates.summarise(
        _lines(),
        _snaps(),
        fiscal_year=2025,
        as_of=D(2025, 8, 31),
        options=NONE,
        tolerance_points=Decimal(25),
    )
    # 243 days of 365 gone: 66.58 %, minus 25 points: lagging below 41.58 %.
    assert rates.rounded(s.threshold) == Decimal("41.6")
    by_unit = {u.unit_name: u for u in s.units}
    assert [u.unit_name for u in s.units] == ["Sở A", "Sở B", "Sở C"]
    assert by_unit["Sở A"].total.base == 400
    assert by_unit["Sở A"].by_type["investment"].rate == 50
    assert by_unit["Sở B"].total.rate == 100
    assert by_unit["Sở C"].is_zero
    # Sở C disbursed nothing; Sở A (160/400 = 40 %) lags; Sở B does not.
    assert [u.unit_name for u in s.low_units] == ["Sở C", "Sở A"]
    assert s.total.lagging  # 240 / 680 = 35.3 %


def test_rounding_is_half_up():
    assert rates.rounded(Decimal("45.55")) == Decimal("45.6")
    assert rates.rounded(Decimal(3285) * 100 / Decimal(7204)) == Decimal("45.6")
    assert rates.rounded(None) is None


@pytest.mark.parametrize(
    ("options", "estimate", "numerator", "percent", "meets"),
    [
        # flagged lines 1–3 only (line 4 is not S&T): 300 + 100 + 80
        (NONE, 16_000, 480, Decimal(3), True),
        (SUPP, 16_000, 580, Decimal(580) * 100 / 16_000, True),
        (NONE, 32_000, 480, Decimal("1.5"), False),
        (NONE, None, 480, None, None),  # no denominator: no share
    ],
)
def test_st_share(options, estimate, numerator, percent, meets):
    latest = rates.latest_on_or_before(_snaps(), D(2025, 8, 31))
    share = rates.st_share(_lines(), latest, estimate, options=options)
    assert share.numerator == numerator
    assert share.percent == percent
    assert share.meets_target is meets
