"""API shapes of periodic reporting (`/api/v1/reports`)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class ReportFilterIn(Schema):
    """Query parameters of `GET /api/v1/reports`."""

    state: Literal["draft", "unit_approved", "accepted", "returned"] | None = None
    schedule: str | None = Field(None, max_length=40, description="Regime code.")
    period: str | None = Field(None, max_length=24, description="Period code, e.g. 2025-Q3.")
    round: int | None = Field(None, ge=1, le=2**31 - 1, description="Round id.")
    unit: str | None = Field(None, max_length=32, description="Reporting unit code.")
    awaiting_review: bool = Field(
        False, description="Only reports awaiting review by the caller's standing agency."
    )


class TimelinessFilterIn(Schema):
    """Query parameters of `GET /api/v1/reports/timeliness`."""

    round: int | None = Field(None, ge=1, le=2**31 - 1)
    schedule: str | None = Field(None, max_length=40)
    period: str | None = Field(None, max_length=24)
    level: str | None = Field(None, max_length=40, description="Unit level code.")
    unit: str | None = Field(None, max_length=32)
    status: Literal["on_time", "late", "missing", "not_yet_due"] | None = None
    as_of: dt.date | None = Field(None, description="Judge deadlines as of this date.")


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class ScheduleOut(Schema):
    id: int
    code: str
    name: str
    cadence: str
    cutoff_day: int | None
    due_days_after_end: int
    reviewer_unit: UnitRefOut
    is_active: bool


class ReportListItemOut(Schema):
    id: int
    unit: UnitRefOut
    schedule: str
    round_id: int
    round_title: str
    period: str
    due_on: dt.date
    state: str
    revision: int
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    version: int


class ValueOut(Schema):
    indicator: str
    name: str
    kind: str
    unit_of_measure: str
    breakdown: str
    value: str | None
    numerator: str | None
    denominator: str | None
    status: str
    as_of: dt.date
    source: str


class EventOut(Schema):
    action: str
    from_state: str
    to_state: str
    revision: int
    note: str
    actor: str | None
    at: dt.datetime
    has_snapshot: bool


class ReportDetailOut(ReportListItemOut):
    reviewer_unit: UnitRefOut
    cutoff_on: dt.date
    period_start: dt.date
    period_end: dt.date
    results: str
    difficulties: str
    next_tasks: str
    return_reason: str
    locked: bool
    allowed_actions: list[str]
    values: list[ValueOut]
    events: list[EventOut]


class ReportUpdateIn(Schema):
    """Body of `PATCH /api/v1/reports/{id}`: the version read, then the sections to change;
    `prefill: true` fills the EMPTY sections from the unit's task progress in the period."""

    version: int = Field(..., ge=1, le=2**31 - 1)
    results: str | None = Field(None, max_length=20000)
    difficulties: str | None = Field(None, max_length=20000)
    next_tasks: str | None = Field(None, max_length=20000)
    prefill: bool = False


class TransitionIn(Schema):
    """Body of `POST /api/v1/reports/{id}/transitions`."""

    action: Literal["approve", "accept", "return", "reopen"]
    note: str = Field("", max_length=5000)
    version: int | None = Field(
        None, ge=1, le=2**31 - 1, description="The version read (conflict check)."
    )


class TimelinessRowOut(Schema):
    obligation_id: int
    round_id: int
    round_title: str
    schedule_code: str
    period_code: str
    unit_code: str
    unit_name: str
    unit_level: str
    due_on: dt.date
    report_id: int | None
    state: str
    submitted_on: dt.date | None
    status: str


class TotalsOut(Schema):
    expected: int
    received: int
    on_time: int
    late: int
    missing: int
    not_yet_due: int
    received_rate: float | None
    on_time_rate: float | None


class RoundTotalsOut(Schema):
    round_id: int
    title: str
    due_on: dt.date
    totals: TotalsOut


class TimelinessOut(Schema):
    as_of: dt.date
    totals: TotalsOut
    rounds: list[RoundTotalsOut]
    rows: list[TimelinessRowOut]


class ExportFormatIn(Schema):
    format: Literal["json", "xlsx"] = "json"
