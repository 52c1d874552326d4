"""API shapes of indicators (`/api/v1/indicators`): catalogue, values, series, status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class IndicatorFilterIn(Schema):
    """Query parameters of `GET /api/v1/indicators`."""

    q: str | None = Field(None, max_length=100, description="Part of the code or name.")
    kind: str | None = Field(None, max_length=12, description="strategic | operational")
    frequency: str | None = Field(None, max_length=10, description="month | quarter | half | year")
    aggregation: str | None = Field(
        None, max_length=10, description="sum | avg | ratio | last | max"
    )
    level: str | None = Field(None, max_length=40, description="Entry level code, e.g. commune.")
    active: bool | None = Field(None, description="Default: only indicators in use.")


class MemberOut(Schema):
    code: str
    name: str
    key: str


class DimensionOut(Schema):
    code: str
    name: str
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj: object) -> list[object]:
        return list(obj.members.all())  # type: ignore[attr-defined]  # a Dimension


class IndicatorOut(Schema):
    """A catalogue entry (flat: levels and units as codes)."""

    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    frequency: str
    direction: str
    kind: str
    entry_level: str = Field(..., alias="entry_level.code")
    owner_unit: str = Field(..., alias="owner_unit.code")
    owner_unit_name: str = Field(..., alias="owner_unit.name")
    is_active: bool
    is_illustrative: bool


class IndicatorDetailOut(IndicatorOut):
    """A catalogue entry with its definition, checks and breakdowns."""

    description: str
    numerator_label: str
    denominator_label: str
    scale: Decimal
    data_source: str
    min_value: Decimal | None
    max_value: Decimal | None
    max_change_pct: Decimal | None
    decimals: int
    version: int
    dimensions: list[DimensionOut]

    @staticmethod
    def resolve_dimensions(obj: object) -> list[object]:
        return list(obj.dimensions.all())  # type: ignore[attr-defined]  # an Indicator


class IndicatorIn(Schema):
    """A new catalogue entry; levels, units and breakdowns by code. The service checks the
    rules (unique code, positive ratio scale, minimum ≤ maximum) and answers 422 per field."""

    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=300)
    description: str = ""
    unit_of_measure: str = Field(..., min_length=1, max_length=40)
    aggregation: str = Field(..., max_length=10, description="sum | avg | ratio | last | max")
    numerator_label: str = Field("", max_length=200)
    denominator_label: str = Field("", max_length=200)
    scale: Decimal = Field(Decimal(100), max_digits=8, decimal_places=2)
    frequency: str = Field(..., max_length=10, description="month | quarter | half | year")
    direction: str = Field("higher", max_length=10, description="higher | lower")
    kind: str = Field("operational", max_length=12, description="strategic | operational")
    entry_level: str = Field(..., max_length=40, description="Unit level code, e.g. commune.")
    dimensions: list[str] = Field(default_factory=list, description="Breakdown codes.")
    owner_unit: str = Field(..., max_length=32, description="Code of a unit you manage.")
    data_source: str = Field("", max_length=300)
    min_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    max_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    max_change_pct: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    decimals: int = Field(1, ge=0, le=10)
    is_active: bool = True


class IndicatorPatchIn(Schema):
    """Fields to change (omitted = unchanged); `version` is the one read (409 when stale)."""

    name: str | None = Field(None, min_length=1, max_length=300)
    description: str | None = None
    unit_of_measure: str | None = Field(None, min_length=1, max_length=40)
    aggregation: str | None = Field(None, max_length=10)
    numerator_label: str | None = Field(None, max_length=200)
    denominator_label: str | None = Field(None, max_length=200)
    scale: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    frequency: str | None = Field(None, max_length=10)
    direction: str | None = Field(None, max_length=10)
    kind: str | None = Field(None, max_length=12)
    entry_level: str | None = Field(None, max_length=40)
    dimensions: list[str] | None = None
    owner_unit: str | None = Field(None, max_length=32)
    data_source: str | None = Field(None, max_length=300)
    min_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    max_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    max_change_pct: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    decimals: int | None = Field(None, ge=0, le=10)
    is_active: bool | None = None
    version: int = Field(..., ge=1)


class SeriesFilterIn(Schema):
    """Query parameters of `GET /api/v1/indicators/{code}/series`."""

    unit: str = Field(..., max_length=32, description="Unit code (current unit).")
    from_: dt.date | None = Field(None, alias="from", description="First day (YYYY-MM-DD).")
    to: dt.date | None = Field(None, description="Last day (YYYY-MM-DD).")
    breakdown: str = Field("", max_length=81, description="dimension:member; empty = total.")


class SeriesPointOut(Schema):
    """The aggregate over the unit's subtree for one period."""

    period: str = Field(..., alias="period.code")
    period_name: str = Field(..., alias="period.name")
    start: dt.date = Field(..., alias="period.start")
    end: dt.date = Field(..., alias="period.end")
    value: Decimal | None
    numerator_sum: Decimal | None
    denominator_sum: Decimal | None
    contributors: int
    confirmed: int
    latest_as_of: dt.date | None


class SeriesOut(Schema):
    indicator: str
    unit: str
    aggregation: str
    points: list[SeriesPointOut]


class ValueFilterIn(Schema):
    """Query parameters of `GET /api/v1/indicators/values`."""

    unit: str | None = Field(None, max_length=32, description="Unit code: its whole subtree.")
    period: str | None = Field(None, max_length=24, description="Period code, e.g. 2025-M09.")
    indicator: str | None = Field(None, max_length=40, description="Indicator code.")
    status: str | None = Field(None, max_length=10, description="draft | submitted | confirmed")


class ValueOut(Schema):
    id: int
    indicator: str = Field(..., alias="indicator.code")
    unit: str = Field(..., alias="unit.code")
    unit_name: str = Field(..., alias="unit.name")
    period: str = Field(..., alias="period.code")
    breakdown: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    status: str
    source: str
    as_of: dt.date
    comment: str
    is_outlier: bool
    version: int
    updated_at: dt.datetime


class ValueIn(Schema):
    """One value to enter; `version` is the one read (0 = no value yet; omitted = no check)."""

    indicator: str = Field(..., max_length=40)
    unit: str = Field(..., max_length=32)
    period: str = Field(..., max_length=24)
    breakdown: str = Field("", max_length=81)
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    source: str = Field("", max_length=300)
    as_of: dt.date
    comment: str = Field("", max_length=2000)
    version: int | None = Field(None, ge=0)


class BatchIn(Schema):
    rows: list[ValueIn] = Field(..., max_length=5000)


class StatusIn(Schema):
    """Move a unit's values for a period: submitted, confirmed, or back (draft / reopen)."""

    unit: str = Field(..., max_length=32)
    period: str = Field(..., max_length=24)
    status: str = Field(..., max_length=10)
    reason: str = Field("", max_length=500)
    reopen: bool = False


class StatusOut(Schema):
    changed: int


class ErrorItemOut(Schema):
    loc: list[str | int]
    msg: str
    type: str


class ErrorsOut(Schema):
    detail: list[ErrorItemOut]
