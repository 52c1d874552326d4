"""Table-driven tests of the target status engine (programmes/targets.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tinhso.programmes import targets as e

D = Decimal

D31 = dt.date

# Baseline 40 (end 2024), milestone 50 (end 2025), 60 (end 2026), target 80 (end 2030).
UP = e.TargetSpec(
    direction="higher",
    baseline_value=D(40),
    baseline_year=2024,
    target_value=D(80),
    target_year=2030,
    milestones={2025: D(50), 2026: D(60)},
)
# Lower is better: dossiers returned late, 20 % (2024) → 5 % (2027), milestone 15 (2025).
DOWN = e.TargetSpec(
    direction="lower",
    baseline_value=D(20),
    baseline_year=2024,
    target_value=D(5),
    target_year=2027,
    milestones={2025: D(15)},
)
NO_BASE = e.TargetSpec(target_value=D(100), target_year=2027, milestones={2026: D(60)})


@pytest.mark.parametrize(
    ("spec", "day", "expected"),
    [
        (UP, D31(2024, 6, 30), D(40)),  # before the first point: the baseline
        (UP, D31(2024, 12, 31), D(40)),  # on the baseline date
        (UP, D31(2025, 12, 31), D(50)),  # on a milestone date exactly
        (UP, D31(2026, 12, 31), D(60)),
        (UP, D31(2030, 12, 31), D(80)),  # on the deadline: the target
        (UP, D31(2031, 6, 1), D(80)),  # after the target year: the target
        (DOWN, D31(2025, 12, 31), D(15)),
        (DOWN, D31(2027, 12, 31), D(5)),
        (NO_BASE, D31(2026, 6, 30), None),  # no baseline, before the first milestone
        (NO_BASE, D31(2026, 12, 31), None),  # still no earlier point to start from
        (e.TargetSpec(), D31(2025, 1, 1), None),  # nothing numeric at all
    ],
)
def test_expected_on_points(spec, day, expected):
    assert e.expected_on(spec, day) == expected


def test_expected_interpolates_linearly_by_days():
    mid = e.expected_on(UP, D31(2025, 7, 2))  # 183 of 365 days into 2025
    assert abs(mid - (D(40) + D(10) * D(183) / D(365))) < D("1e-9")
    # Lower is better interpolates downwards.
    assert D(5) < e.expected_on(DOWN, D31(2026, 7, 2)) < D(15)
    # After the no-baseline target's first milestone, the line runs to the target.
    later = e.expected_on(NO_BASE, D31(2027, 7, 2))
    assert abs(later - (D(60) + D(40) * D(183) / D(365))) < D("1e-9")


def _a(day, measurement="confirmed", value=None, achievement="", source="BC"):
    return e.AssessmentFact(
        as_of=day, measurement=measurement, value=value, achievement=achievement, source=source
    )


def _r(day, value, contributors=95, confirmed=95):
    return e.RollupFact(period_end=day, value=value, contributors=contributors, confirmed=confirmed)


AUG = D31(2025, 8, 31)
E_AUG = e.expected_on(UP, AUG)  # ≈ 46.66
# Tolerance on 31/08/2025: 10 % of the gap still to close (80 − 46.66) ≈ 3.33.

CASES = [
    # id, spec, evidence, as_of, achievement, measurement
    ("no data", UP, e.Evidence(), AUG, "unknown", "no_data"),
    ("meets final target", UP, e.Evidence((_a(AUG, value=D(81)),)), AUG, "achieved", "confirmed"),
    ("exactly final target", UP, e.Evidence((_a(AUG, value=D(80)),)), AUG, "achieved", "confirmed"),
    ("above trajectory", UP, e.Evidence((_a(AUG, value=D(47)),)), AUG, "on_track", "confirmed"),
    ("within tolerance", UP, e.Evidence((_a(AUG, value=D(44)),)), AUG, "at_risk", "confirmed"),
    ("beyond tolerance", UP, e.Evidence((_a(AUG, value=D(42)),)), AUG, "not_achieved", "confirmed"),
    (
        "before first milestone on baseline",
        UP,
        e.Evidence((_a(D31(2024, 6, 1), value=D(40)),)),
        D31(2024, 6, 30),
        "on_track",
        "confirmed",
    ),
    (
        "on a milestone date, milestone met",
        UP,
        e.Evidence((_a(D31(2025, 12, 31), value=D(50)),)),
        D31(2025, 12, 31),
        "on_track",
        "confirmed",
    ),
    (
        "on a milestone date, just short",
        UP,
        e.Evidence((_a(D31(2025, 12, 31), value=D("49.5")),)),
        D31(2025, 12, 31),
        "at_risk",
        "confirmed",
    ),
    (
        "on the deadline, short: tolerance is zero",
        UP,
        e.Evidence((_a(D31(2030, 12, 31), value=D("79.9")),)),
        D31(2030, 12, 31),
        "not_achieved",
        "confirmed",
    ),
    (
        "after the target year, not met",
        UP,
        e.Evidence((_a(D31(2030, 6, 30), value=D(79)),)),
        D31(2031, 1, 1),
        "not_achieved",
        "confirmed",
    ),
    (
        "after the target year, met",
        UP,
        e.Evidence((_a(D31(2030, 6, 30), value=D(85)),)),
        D31(2031, 1, 1),
        "achieved",
        "confirmed",
    ),
    (
        "lower is better: met",
        DOWN,
        e.Evidence((_a(AUG, value=D(4)),)),
        AUG,
        "achieved",
        "confirmed",
    ),
    (
        "lower is better: on track",
        DOWN,
        e.Evidence((_a(AUG, value=D(16)),)),
        AUG,
        "on_track",
        "confirmed",
    ),
    (
        "lower is better: off track",
        DOWN,
        e.Evidence((_a(AUG, value=D(19)),)),
        AUG,
        "not_achieved",
        "confirmed",
    ),
    (
        "assessment override wins",
        UP,
        e.Evidence((_a(AUG, value=D(42), achievement="achieved"),)),
        AUG,
        "achieved",
        "confirmed",
    ),
    (
        "achievement-only assessment, no value",
        UP,
        e.Evidence((_a(AUG, measurement="compiling", achievement="on_track"),)),
        AUG,
        "on_track",
        "compiling",
    ),
    (
        "assessment after as_of is ignored",
        UP,
        e.Evidence((_a(D31(2025, 9, 30), value=D(90)),)),
        AUG,
        "unknown",
        "no_data",
    ),
    (
        "older assessment used when the newer one is after as_of",
        UP,
        e.Evidence((_a(D31(2025, 6, 30), value=D(48)), _a(D31(2025, 9, 30), value=D(90)))),
        AUG,
        "on_track",
        "confirmed",
    ),
    (
        "rollup all confirmed",
        UP,
        e.Evidence(rollups=(_r(D31(2025, 6, 30), D(47)),)),
        AUG,
        "on_track",
        "confirmed",
    ),
    (
        "rollup partly confirmed = compiling",
        UP,
        e.Evidence(rollups=(_r(D31(2025, 6, 30), D(47), contributors=95, confirmed=60),)),
        AUG,
        "on_track",
        "compiling",
    ),
    (
        "rollup of a period ending after as_of is ignored",
        UP,
        e.Evidence(rollups=(_r(D31(2025, 9, 30), D(90)),)),
        AUG,
        "unknown",
        "no_data",
    ),
    (
        "rollup without contributors is ignored",
        UP,
        e.Evidence(rollups=(_r(D31(2025, 6, 30), D(90), contributors=0, confirmed=0),)),
        AUG,
        "unknown",
        "no_data",
    ),
    (
        "only drafts = compiling",
        UP,
        e.Evidence(draft_until=D31(2025, 6, 30)),
        AUG,
        "unknown",
        "compiling",
    ),
    (
        "newer rollup beats an older assessment",
        UP,
        e.Evidence(
            (_a(D31(2025, 3, 31), value=D(41), achievement="at_risk"),),
            (_r(D31(2025, 6, 30), D(81)),),
        ),
        AUG,
        "achieved",
        "confirmed",
    ),
    (
        "newer compiling assessment beats an older confirmed rollup",
        UP,
        e.Evidence(
            (_a(D31(2025, 8, 1), measurement="compiling", value=D(48)),),
            (_r(D31(2025, 6, 30), D(45)),),
        ),
        AUG,
        "on_track",
        "compiling",
    ),
    (
        "no baseline, before the first milestone, not met",
        NO_BASE,
        e.Evidence((_a(AUG, value=D(10)),)),
        AUG,
        "on_track",
        "confirmed",
    ),
    (
        "no numeric target: unknown even with a value",
        e.TargetSpec(),
        e.Evidence((_a(AUG, value=D(10)),)),
        AUG,
        "unknown",
        "confirmed",
    ),
]


@pytest.mark.parametrize(
    ("spec", "evidence", "as_of", "achievement", "measurement"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_target_status(spec, evidence, as_of, achievement, measurement):
    status = e.target_status(spec, evidence, as_of)
    assert (status.achievement, status.measurement) == (achievement, measurement)


def test_status_reports_what_it_used():
    ev = e.Evidence((_a(D31(2025, 6, 30), value=D(45), source="BC 198"),))
    status = e.target_status(UP, ev, AUG)
    assert status.measured == D(45)
    assert status.measured_on == D31(2025, 6, 30)
    assert status.source == "BC 198"
    assert status.expected == E_AUG
    assert not status.overridden
    assert e.target_status(
        UP, e.Evidence((_a(AUG, value=D(1), achievement="achieved"),)), AUG
    ).overridden


def test_tolerance_is_data():
    strict = e.TargetSpec(**{**UP.__dict__, "tolerance_pct": D(0)})
    loose = e.TargetSpec(**{**UP.__dict__, "tolerance_pct": D(50)})
    ev = e.Evidence((_a(AUG, value=D(44)),))
    assert e.target_status(strict, ev, AUG).achievement == "not_achieved"
    assert e.target_status(UP, ev, AUG).achievement == "at_risk"
    assert e.target_status(loose, e.Evidence((_a(AUG, value=D(35)),)), AUG).achievement == "at_risk"


def test_count_statuses_lists_every_code():
    statuses = [
        e.target_status(UP, e.Evidence((_a(AUG, value=D(81)),)), AUG),
        e.target_status(UP, e.Evidence((_a(AUG, value=D(81)),)), AUG),
        e.target_status(UP, e.Evidence(), AUG),
    ]
    counts = e.count_statuses(statuses)
    assert counts["achievement"] == {
        "achieved": 2,
        "on_track": 0,
        "at_risk": 0,
        "not_achieved": 0,
        "unknown": 1,
    }
    assert counts["measurement"] == {"no_data": 1, "compiling": 0, "confirmed": 2}
