"""API shapes of the finance app (`/api/v1/finance`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .models import MAX_YEAR, MIN_YEAR, ExpenditureType, FundingSource

MAX_AMOUNT = 10**17  # far beyond any budget, far below 2**63 đồng


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class RateOptionsIn(Schema):
    """The two explicit options of every rate (both default to excluded)."""

    as_of: dt.date | None = Field(None, description="Date of the figures (default today).")
    include_carried_over: bool = Field(
        False, description="Add capital carried over from previous years to the base."
    )
    include_supplementary: bool = Field(
        False, description="Add supplementary capital assigned during the year to the base."
    )


class LineFilterIn(RateOptionsIn):
    """Query parameters of `GET /api/v1/finance/lines`."""

    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    expenditure_type: ExpenditureType | None = None
    source: FundingSource | None = None
    unit: str | None = Field(None, max_length=32, description="Unit code (and units below).")
    lagging: bool | None = Field(None, description="Only the lines whose rate lags.")
    q: str | None = Field(None, max_length=100)


class SummaryIn(RateOptionsIn):
    """Query parameters of `GET /api/v1/finance/summary`."""

    year: int | None = Field(
        None, ge=MIN_YEAR, le=MAX_YEAR, description="Fiscal year (default: that of as_of)."
    )
    unit: str | None = Field(None, max_length=32, description="Unit code (and units below).")


class FiguresOut(Schema):
    as_of: dt.date
    allocated: int
    supplementary: int
    carried_over: int
    disbursed: int
    returned: int


class LineListItemOut(Schema):
    id: int
    fiscal_year: int
    code: str
    title: str
    source: str
    expenditure_type: str
    unit: UnitRefOut
    task_id: int | None
    plan_id: int | None
    project_id: int | None
    decision_number: str
    is_st_dt: bool
    is_illustrative: bool
    version: int
    latest: FiguresOut | None = Field(None, description="Latest snapshot on or before as_of.")
    base: int | None
    rate_percent: Decimal | None = Field(None, description="Disbursed ÷ base, %, 1 decimal.")
    lag_threshold_percent: Decimal
    lagging: bool


class SnapshotOut(Schema):
    id: int
    line_id: int
    as_of: dt.date
    allocated: int
    supplementary: int
    carried_over: int
    disbursed: int
    returned: int
    committed: int | None
    source: str
    note: str
    created_at: dt.datetime


class LineDetailOut(LineListItemOut):
    note: str
    snapshots: list[SnapshotOut]


class LineCreateIn(Schema):
    fiscal_year: int = Field(..., ge=MIN_YEAR, le=MAX_YEAR)
    code: str = Field("", max_length=40)
    title: str = Field(..., min_length=1, max_length=500)
    source: FundingSource = FundingSource.LOCAL
    expenditure_type: ExpenditureType
    unit: str = Field(..., min_length=1, max_length=32, description="Managing unit code.")
    task: int | None = Field(None, ge=1, le=2**62)
    plan: int | None = Field(None, ge=1, le=2**62)
    project: int | None = Field(None, ge=1, le=2**62)
    decision_number: str = Field("", max_length=80)
    is_st_dt: bool = True
    note: str = Field("", max_length=5000)
    is_illustrative: bool = False


class LineUpdateIn(Schema):
    version: int = Field(..., ge=1, le=2**31)
    fiscal_year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    code: str | None = Field(None, max_length=40)
    title: str | None = Field(None, min_length=1, max_length=500)
    source: FundingSource | None = None
    expenditure_type: ExpenditureType | None = None
    unit: str | None = Field(None, min_length=1, max_length=32)
    task: int | None = Field(None, ge=1, le=2**62)
    plan: int | None = Field(None, ge=1, le=2**62)
    project: int | None = Field(None, ge=1, le=2**62)
    decision_number: str | None = Field(None, max_length=80)
    is_st_dt: bool | None = None
    note: str | None = Field(None, max_length=5000)
    is_illustrative: bool | None = None


class SnapshotIn(Schema):
    as_of: dt.date
    allocated: int = Field(0, ge=0, le=MAX_AMOUNT)
    supplementary: int = Field(0, ge=0, le=MAX_AMOUNT)
    carried_over: int = Field(0, ge=0, le=MAX_AMOUNT)
    disbursed: int = Field(0, ge=0, le=MAX_AMOUNT)
    returned: int = Field(0, ge=0, le=MAX_AMOUNT)
    committed: int | None = Field(None, ge=0, le=MAX_AMOUNT)
    source: str = Field("", max_length=300)
    note: str = Field("", max_length=500)


class LocalTotalIn(Schema):
    unit: str = Field(..., min_length=1, max_length=32, description="Unit code (the province).")
    fiscal_year: int = Field(..., ge=MIN_YEAR, le=MAX_YEAR)
    as_of: dt.date
    total_estimate: int | None = Field(None, ge=1, le=MAX_AMOUNT)
    total_settled: int | None = Field(None, ge=1, le=MAX_AMOUNT)
    source: str = Field(..., min_length=1, max_length=500)
    is_illustrative: bool = False


class LocalTotalOut(Schema):
    id: int
    unit: UnitRefOut
    fiscal_year: int
    as_of: dt.date
    total_estimate: int | None
    total_settled: int | None
    source: str
    is_illustrative: bool


class AggregateOut(Schema):
    allocated: int
    supplementary: int
    carried_over: int
    returned: int
    base: int
    disbursed: int
    lines: int
    units: int
    rate_percent: Decimal | None
    lagging: bool


class UnitRateOut(Schema):
    unit_id: int
    unit_name: str
    total: AggregateOut
    recurrent: AggregateOut
    investment: AggregateOut
    zero_disbursement: bool


class ShareOut(Schema):
    numerator: int
    denominator: int | None
    percent: Decimal | None
    target_percent: Decimal
    meets_target: bool | None
    total_id: int | None
    total_source: str
    total_as_of: dt.date | None
    basis: str


class SummaryOut(Schema):
    fiscal_year: int
    as_of: dt.date
    include_carried_over: bool
    include_supplementary: bool
    basis: str
    elapsed_percent: Decimal
    tolerance_points: Decimal
    lag_threshold_percent: Decimal
    total: AggregateOut
    recurrent: AggregateOut
    investment: AggregateOut
    units: list[UnitRateOut]
    low_units: list[UnitRateOut]
    lines_without_snapshot: int
    share: ShareOut
