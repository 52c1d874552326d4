"""The target status engine: trajectory, achievement and measurement status as of a date.

Pure functions over plain data (no database): selectors build `TargetSpec` and
`Measurement` rows in bulk and call `target_status`. Table-driven tests in
`tests/test_targets.py` pin every rule below.

Trajectory. Points are (31/12 of the baseline year, baseline), (31/12 of each milestone
year, milestone value) and (31/12 of the target year, target value); the target value
wins over a milestone of the same year. `expected_on(spec, day)` interpolates linearly
by days between the two points around `day`; before the first point it is the first
point's value, after the last the final target. Without any point it is None.

Achievement as of `t` (deadline `D` = 31/12 of the target year, final target `T`,
expected `E = expected_on(t)`, measured `v`):

1. the latest assessment dated ≤ t, when it carries an explicit achievement and no
   indicator rollup of a later period has arrived since, decides (an official override);
2. no measured value → `unknown`; no numeric final target → `unknown`;
3. `v` meets `T` (≥ for higher-is-better, ≤ for lower-is-better) → `achieved`;
4. `t > D` and not met → `not_achieved`;
5. no expected value (no baseline and `t` before the first milestone) → `on_track`;
6. `v` meets `E` → `on_track`;
7. the shortfall `|E − v|` is at most `tolerance_pct` % of the gap still to close
   `|T − E|` → `at_risk`;
8. otherwise → `not_achieved` (off the trajectory beyond tolerance: the commitment for
   `t` is not achieved, even if the final deadline has not come). On `D` itself `E = T`,
   the tolerance is zero and rule 8 applies.

Measurement as of `t`: the latest assessment dated ≤ t and the latest indicator rollup
of a period ending ≤ t compete; the more recent wins (an assessment wins a tie):
an assessment gives its own status; a rollup gives `confirmed` when every counted value
is confirmed and `compiling` otherwise; only draft values (nothing counted yet) give
`compiling`; nothing at all gives `no_data`. Anything dated after `t` is ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
NOT_ACHIEVED = "not_achieved"
UNKNOWN = "unknown"
NO_DATA = "no_data"
COMPILING = "compiling"
CONFIRMED = "confirmed"

ACHIEVEMENT_CODES = (ACHIEVED, ON_TRACK, AT_RISK, NOT_ACHIEVED, UNKNOWN)
MEASUREMENT_CODES = (NO_DATA, COMPILING, CONFIRMED)
DEFAULT_TOLERANCE_PCT = Decimal(10)


@dataclass(frozen=True)
class TargetSpec:
    """What a target promises: direction, baseline, yearly milestones, final target."""

    direction: str = "higher"
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int = 2030
    milestones: Mapping[int, Decimal] = field(default_factory=dict)
    tolerance_pct: Decimal = DEFAULT_TOLERANCE_PCT

    @property
    def deadline(self) -> dt.date:
        return dt.date(self.target_year, 12, 31)


@dataclass(frozen=True)
class AssessmentFact:
    """One recorded assessment (value and/or achievement, with measurement status)."""

    as_of: dt.date
    measurement: str
    value: Decimal | None = None
    achievement: str = ""
    source: str = ""


@dataclass(frozen=True)
class RollupFact:
    """The province rollup of the target's indicator for one period."""

    period_end: dt.date
    value: Decimal | None
    contributors: int
    confirmed: int
    period_label: str = ""


@dataclass(frozen=True)
class Evidence:
    """Everything known about a target's measurement (may include facts after `as_of`)."""

    assessments: tuple[AssessmentFact, ...] = ()
    rollups: tuple[RollupFact, ...] = ()
    draft_until: dt.date | None = None  # latest period end with only draft values


@dataclass(frozen=True)
class TargetStatus:
    """The two statuses of a target as of a date, and what they were computed from."""

    as_of: dt.date
    achievement: str
    measurement: str
    expected: Decimal | None
    measured: Decimal | None
    measured_on: dt.date | None
    source: str
    overridden: bool = False


def trajectory(spec: TargetSpec) -> list[tuple[dt.date, Decimal]]:
    """The dated points of the target's path, sorted (see the module docstring)."""
    points: dict[int, Decimal] = {}
    if spec.baseline_value is not None and spec.baseline_year is not None:
        points[spec.baseline_year] = spec.baseline_value
    for year, value in spec.milestones.items():
        if spec.baseline_year is None or year > spec.baseline_year:
            points[year] = value
    if spec.target_value is not None:
        points[spec.target_year] = spec.target_value
    return [(dt.date(year, 12, 31), points[year]) for year in sorted(points)]


def expected_on(spec: TargetSpec, day: dt.date) -> Decimal | None:
    """The value the trajectory expects on `day` (linear between points), or None."""
    points = trajectory(spec)
    if not points:
        return None
    if day <= points[0][0]:
        return points[0][1] if spec.baseline_value is not None else None
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if day <= d1:
            share = Decimal((day - d0).days) / Decimal((d1 - d0).days)
            return v0 + (v1 - v0) * share
    return points[-1][1]


def meets(value: Decimal, goal: Decimal, direction: str) -> bool:
    """True when `value` reaches `goal` in the target's direction."""
    return value <= goal if direction == "lower" else value >= goal


def _latest_assessment(
    facts: Iterable[AssessmentFact], as_of: dt.date, *, with_value: bool = False
) -> AssessmentFact | None:
    best: AssessmentFact | None = None
    for fact in facts:
        if fact.as_of > as_of or (with_value and fact.value is None):
            continue
        if best is None or fact.as_of >= best.as_of:
            best = fact
    return best


def _latest_rollup(facts: Iterable[RollupFact], as_of: dt.date) -> RollupFact | None:
    best: RollupFact | None = None
    for fact in facts:
        if fact.period_end > as_of or fact.contributors <= 0 or fact.value is None:
            continue
        if best is None or fact.period_end > best.period_end:
            best = fact
    return best


def achievement_of(spec: TargetSpec, measured: Decimal | None, as_of: dt.date) -> str:
    """Rules 2–8 of the module docstring (no override)."""
    if measured is None or spec.target_value is None:
        return UNKNOWN
    if meets(measured, spec.target_value, spec.direction):
        return ACHIEVED
    if as_of > spec.deadline:
        return NOT_ACHIEVED
    expected = expected_on(spec, as_of)
    if expected is None or meets(measured, expected, spec.direction):
        return ON_TRACK
    tolerance = abs(spec.target_value - expected) * spec.tolerance_pct / Decimal(100)
    if abs(expected - measured) <= tolerance:
        return AT_RISK
    return NOT_ACHIEVED


def target_status(spec: TargetSpec, evidence: Evidence, as_of: dt.date) -> TargetStatus:
    """Both statuses of the target on `as_of`; facts dated after `as_of` are ignored."""
    latest = _latest_assessment(evidence.assessments, as_of)
    valued = _latest_assessment(evidence.assessments, as_of, with_value=True)
    rollup = _latest_rollup(evidence.rollups, as_of)
    measured: Decimal | None = None
    measured_on: dt.date | None = None
    source = ""
    if valued is not None and (rollup is None or valued.as_of >= rollup.period_end):
        measured, measured_on, source = valued.value, valued.as_of, valued.source
    elif rollup is not None:
        measured, measured_on, source = rollup.value, rollup.period_end, rollup.period_label
    # Measurement: the most recent of the latest assessment and the latest rollup.
    if latest is not None and (rollup is None or latest.as_of >= rollup.period_end):
        measurement = latest.measurement or NO_DATA
    elif rollup is not None:
        measurement = CONFIRMED if rollup.confirmed >= rollup.contributors else COMPILING
    elif evidence.draft_until is not None and evidence.draft_until <= as_of:
        measurement = COMPILING
    else:
        measurement = NO_DATA
    if (
        latest is not None
        and latest.achievement
        and (rollup is None or latest.as_of >= rollup.period_end)
    ):
        achievement, overridden = latest.achievement, True
    else:
        achievement, overridden = achievement_of(spec, measured, as_of), False
    return TargetStatus(
        as_of=as_of,
        achievement=achievement,
        measurement=measurement,
        expected=expected_on(spec, as_of),
        measured=measured,
        measured_on=measured_on,
        source=source,
        overridden=overridden,
    )


def count_statuses(statuses: Iterable[TargetStatus]) -> dict[str, dict[str, int]]:
    """Counts per achievement code and per measurement code (every code present, maybe 0)."""
    achievement = dict.fromkeys(ACHIEVEMENT_CODES, 0)
    measurement = dict.fromkeys(MEASUREMENT_CODES, 0)
    for status in statuses:
        achievement[status.achievement] = achievement.get(status.achievement, 0) + 1
        measurement[status.measurement] = measurement.get(status.measurement, 0) + 1
    return {"achievement": achievement, "measurement": measurement}
