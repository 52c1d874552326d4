"""API shapes of digital literacy (`/api/v1/literacy`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema


class ProgressIn(Schema):
    """Query parameters of `GET /api/v1/literacy/progress`."""

    year: int = Field(2025, ge=2024, le=2035, description="Year of targets and populations.")
    as_of: dt.date | None = Field(None, description="Count records up to this date (today).")
    unit: str | None = Field(None, max_length=32, description="Unit code (and its subtree).")
    group: str | None = Field(
        None, max_length=30, description="Target group code (officials, students…)."
    )
    basis: Literal["learners", "completers"] = Field(
        "learners", description="Coverage numerator: unique learners or unique completers."
    )


class MeasuresOut(Schema):
    enrolments: int
    learners: int
    completions: int
    completers: int
    certificates: int
    ai_learners: int
    offline_learners: int


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class ProgressRowOut(Schema):
    unit: UnitRefOut
    group: str
    population: int | None
    population_source: str
    target_rate: Decimal | None
    measures: MeasuresOut
    coverage: Decimal | None
    light: str


class GroupTotalOut(Schema):
    group: str
    population: int | None
    target_rate: Decimal | None
    measures: MeasuresOut
    coverage: Decimal | None
    light: str


class TargetStatusOut(Schema):
    group: str
    measure: str
    target_rate: Decimal
    target_count: int | None
    source_document: str
    population: int
    value: int
    rate: Decimal | None
    achieved: bool


class ProgressOut(Schema):
    year: int
    as_of: dt.date
    basis: str
    unit: UnitRefOut | None
    overall: MeasuresOut
    totals: list[GroupTotalOut]
    targets: list[TargetStatusOut]
    targets_achieved: int
    rows: list[ProgressRowOut]


class CourseFilterIn(Schema):
    q: str | None = Field(None, max_length=100)
    as_of: dt.date | None = None
    ai_only: bool = False


class CourseOut(Schema):
    id: int
    code: str
    name: str
    provider: str
    mode: str
    is_ai_training: bool
    owner_unit: UnitRefOut
    measures: MeasuresOut


class CourseIn(Schema):
    code: str = Field(..., min_length=1, max_length=40)
    name: str = Field(..., min_length=1, max_length=300)
    owner_unit: str = Field(..., max_length=32, description="Owner unit code.")
    provider: str = Field("", max_length=200)
    mode: Literal["online", "offline"] = "online"
    is_ai_training: bool = False
    starts_on: dt.date | None = None


class TargetIn(Schema):
    unit: str = Field(..., max_length=32, description="Unit code.")
    group: str = Field(..., max_length=30)
    year: int = Field(..., ge=2024, le=2035)
    measure: Literal["coverage", "ai"] = "coverage"
    target_rate: Decimal = Field(..., ge=0, le=100, max_digits=5, decimal_places=2)
    target_count: int | None = Field(None, ge=0, le=100_000_000)
    source_document: str = Field("", max_length=120)
    note: str = Field("", max_length=300)
    version: int | None = Field(None, ge=1, le=2_000_000_000)


class TargetOut(Schema):
    id: int
    unit: UnitRefOut
    group: str
    year: int
    measure: str
    target_rate: Decimal
    target_count: int | None
    source_document: str
    version: int


class PopulationIn(Schema):
    unit: str = Field(..., max_length=32, description="Unit code.")
    group: str = Field(..., max_length=30)
    year: int = Field(..., ge=2024, le=2035)
    count: int = Field(..., ge=0, le=100_000_000)
    source: str = Field(..., min_length=1, max_length=300)
    as_of: dt.date
    version: int | None = Field(None, ge=1, le=2_000_000_000)


class PopulationOut(Schema):
    id: int
    unit: UnitRefOut
    group: str
    year: int
    count: int
    source: str
    as_of: dt.date
    version: int


class RowErrorOut(Schema):
    row: int | None
    column: str
    message: str


class ImportReportOut(Schema):
    saved: bool
    rows: int
    new: int
    updated: int
    unchanged: int
    duplicates: int
    bad_rows: int
    seconds: float
    errors: list[RowErrorOut]
