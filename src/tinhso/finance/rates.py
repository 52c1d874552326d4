"""Disbursement rates, the lag flag and the S&T share, computed from snapshots (pure code).

Rules (spec §6):

* For each line, the figures used on an as-of date are those of its **latest snapshot on
  or before** that date; a line without one counts nowhere.
* **Base** = allocated (+ supplementary if `include_supplementary`) (+ carried over if
  `include_carried_over`) − returned, floored at 0. **Rate** = disbursed ÷ base; no rate
  when the base is 0. Both options are explicit in every caller (defaults: both excluded,
  i.e. the rate on the allocation, the basis of the published figures).
* Amounts of one kind are summed across lines (allocated with allocated, disbursed with
  disbursed); allocated, disbursed and settled amounts are never added to each other.
* **Lag**: a rate lags when it is below the elapsed share of the fiscal year at the as-of
  date minus a tolerance in percentage points (e.g. 75 % of the year gone, tolerance 25:
  lagging below 50 %, the spec's "< 50 % at end of Q3").
* **Share** of S&T + innovation + DT spending = base of the flagged lines ÷ the total local
  budget expenditure estimate; estimates are never divided by a settlement.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

RECURRENT = "recurrent"
INVESTMENT = "investment"
TYPES = (RECURRENT, INVESTMENT)
DEFAULT_TOLERANCE_POINTS = Decimal("25")
SHARE_TARGET_PERCENT = Decimal("3")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Options:
    """What the base includes besides the allocation (both off by default)."""

    include_carried_over: bool = False
    include_supplementary: bool = False


@dataclass(frozen=True)
class LineInfo:
    """What the rates need to know about a budget line."""

    line_id: int
    unit_id: int
    unit_name: str
    expenditure_type: str
    is_st_dt: bool = True


@dataclass(frozen=True)
class Figures:
    """One snapshot's amounts (integer đồng) on `as_of`."""

    line_id: int
    as_of: dt.date
    allocated: int = 0
    supplementary: int = 0
    carried_over: int = 0
    disbursed: int = 0
    returned: int = 0


def latest_on_or_before(snapshots: Iterable[Figures], as_of: dt.date) -> dict[int, Figures]:
    """Per line, the snapshot with the greatest date not after `as_of`."""
    latest: dict[int, Figures] = {}
    for snap in snapshots:
        if snap.as_of > as_of:
            continue
        current = latest.get(snap.line_id)
        if current is None or snap.as_of > current.as_of:
            latest[snap.line_id] = snap
    return latest


def base_of(snap: Figures, options: Options) -> int:
    """Allocated (+ supplementary) (+ carried over) − returned, never below 0."""
    total = snap.allocated
    if options.include_supplementary:
        total += snap.supplementary
    if options.include_carried_over:
        total += snap.carried_over
    return max(total - snap.returned, 0)


def rate_of(disbursed: int, base: int) -> Decimal | None:
    """Disbursed ÷ base as a percentage (exact Decimal); None when the base is 0."""
    if base <= 0:
        return None
    return Decimal(disbursed) * HUNDRED / Decimal(base)


def rounded(percent: Decimal | None, places: str = "0.1") -> Decimal | None:
    """A percentage rounded half-up for display (45.599… → 45.6)."""
    if percent is None:
        return None
    return percent.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def elapsed_share(fiscal_year: int, as_of: dt.date) -> Decimal:
    """Percentage of the fiscal year (calendar year) elapsed at the end of `as_of`."""
    start = dt.date(fiscal_year, 1, 1)
    if as_of < start:
        return Decimal(0)
    if as_of.year > fiscal_year:
        return HUNDRED
    days = 366 if calendar.isleap(fiscal_year) else 365
    return Decimal((as_of - start).days + 1) * HUNDRED / Decimal(days)


def lag_threshold(elapsed: Decimal, tolerance_points: Decimal) -> Decimal:
    """The rate below which disbursement lags: elapsed share − tolerance (not below 0)."""
    return max(elapsed - tolerance_points, Decimal(0))


def is_lagging(rate: Decimal | None, threshold: Decimal) -> bool:
    """True when there is something to disburse and the rate is below the threshold."""
    return rate is not None and rate < threshold


@dataclass
class Aggregate:
    """Sums of one kind each over a set of lines, and the rate of their sums."""

    allocated: int = 0
    supplementary: int = 0
    carried_over: int = 0
    returned: int = 0
    base: int = 0
    disbursed: int = 0
    lines: int = 0
    unit_ids: set[int] = field(default_factory=set)
    rate: Decimal | None = None
    lagging: bool = False

    @property
    def units(self) -> int:
        return len(self.unit_ids)

    @property
    def rate_display(self) -> Decimal | None:
        return rounded(self.rate)

    def add(self, info: LineInfo, snap: Figures, options: Options) -> None:
        self.allocated += snap.allocated
        self.supplementary += snap.supplementary
        self.carried_over += snap.carried_over
        self.returned += snap.returned
        self.base += base_of(snap, options)
        self.disbursed += snap.disbursed
        self.lines += 1
        self.unit_ids.add(info.unit_id)

    def close(self, threshold: Decimal) -> None:
        self.rate = rate_of(self.disbursed, self.base)
        self.lagging = is_lagging(self.rate, threshold)


@dataclass
class UnitRow:
    """One managing unit: its totals and its totals per expenditure type."""

    unit_id: int
    unit_name: str
    total: Aggregate
    by_type: dict[str, Aggregate]

    @property
    def is_zero(self) -> bool:
        return self.total.base > 0 and self.total.disbursed == 0


@dataclass
class Summary:
    """Rates overall, by expenditure type and by unit on `as_of` for `fiscal_year`."""

    fiscal_year: int
    as_of: dt.date
    options: Options
    elapsed: Decimal
    tolerance_points: Decimal
    threshold: Decimal
    total: Aggregate
    by_type: dict[str, Aggregate]
    units: list[UnitRow]
    lines_without_snapshot: int

    @property
    def low_units(self) -> list[UnitRow]:
        """Units with nothing disbursed or lagging, lowest rate first."""
        rows = [u for u in self.units if u.is_zero or u.total.lagging]
        return sorted(rows, key=lambda u: (u.total.rate or Decimal(0), u.unit_name))


def summarise(
    lines: Iterable[LineInfo],
    snapshots: Iterable[Figures],
    *,
    fiscal_year: int,
    as_of: dt.date,
    options: Options,
    tolerance_points: Decimal = DEFAULT_TOLERANCE_POINTS,
) -> Summary:
    """Rates of `lines` (latest snapshot on or before `as_of` each), by type and by unit."""
    latest = latest_on_or_before(snapshots, as_of)
    elapsed = elapsed_share(fiscal_year, as_of)
    threshold = lag_threshold(elapsed, tolerance_points)
    total = Aggregate()
    by_type = {kind: Aggregate() for kind in TYPES}
    units: dict[int, UnitRow] = {}
    missing = 0
    for info in lines:
        snap = latest.get(info.line_id)
        if snap is None:
            missing += 1
            continue
        total.add(info, snap, options)
        by_type.setdefault(info.expenditure_type, Aggregate()).add(info, snap, options)
        row = units.get(info.unit_id)
        if row is None:
            row = UnitRow(
                info.unit_id, info.unit_name, Aggregate(), {k: Aggregate() for k in TYPES}
            )
            units[info.unit_id] = row
        row.total.add(info, snap, options)
        row.by_type.setdefault(info.expenditure_type, Aggregate()).add(info, snap, options)
    for agg in (total, *by_type.values()):
        agg.close(threshold)
    for row in units.values():
        row.total.close(threshold)
        for agg in row.by_type.values():
            agg.close(threshold)
    return Summary(
        fiscal_year=fiscal_year,
        as_of=as_of,
        options=options,
        elapsed=elapsed,
        tolerance_points=tolerance_points,
        threshold=threshold,
        total=total,
        by_type=by_type,
        units=sorted(units.values(), key=lambda u: (u.unit_name, u.unit_id)),
        lines_without_snapshot=missing,
    )


@dataclass(frozen=True)
class Share:
    """S&T + innovation + DT spending (base of the flagged lines) in the total local budget."""

    numerator: int
    denominator: int | None
    percent: Decimal | None
    target: Decimal = SHARE_TARGET_PERCENT

    @property
    def percent_display(self) -> Decimal | None:
        return rounded(self.percent, "0.01")

    @property
    def meets_target(self) -> bool | None:
        return None if self.percent is None else self.percent >= self.target


def st_share(
    lines: Iterable[LineInfo],
    latest: Mapping[int, Figures],
    total_estimate: int | None,
    *,
    options: Options,
) -> Share:
    """Share of the flagged lines' base in `total_estimate` (None without an estimate)."""
    numerator = sum(
        base_of(latest[info.line_id], options)
        for info in lines
        if info.is_st_dt and info.line_id in latest
    )
    if not total_estimate or total_estimate <= 0:
        return Share(numerator=numerator, denominator=None, percent=None)
    return Share(
        numerator=numerator,
        denominator=total_estimate,
        percent=Decimal(numerator) * HUNDRED / Decimal(total_estimate),
    )
