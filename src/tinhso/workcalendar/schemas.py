"""API shapes of the working-day calendar."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

UnitName = Literal["working_days", "calendar_days", "working_hours", "months"]
PolicyName = Literal["day_count", "hour_count"]


class RangeQuery(Schema):
    """Query of `GET /calendar/working-days`: an inclusive date range (at most two years)."""

    start: dt.date
    end: dt.date


class DayOut(Schema):
    """One date of a range: worked or not, and why."""

    date: dt.date
    is_working_day: bool
    kind: Literal["working_day", "weekend", "day_off", "makeup_working_day"]
    reason: str
    legal_ref: str


class WorkingDaysOut(Schema):
    start: dt.date
    end: dt.date
    working_day_count: int
    days: list[DayOut]


class CalendarDayQuery(Schema):
    """Query of `GET /calendar/days`: the rows of one year (confirmed by default)."""

    year: int = Field(..., ge=1900, le=2300)
    status: Literal["confirmed", "proposed", "all"] = "confirmed"


class CalendarDayOut(Schema):
    """One official calendar row."""

    id: int
    date: dt.date
    kind: Literal["day_off", "working_day"]
    reason: str
    legal_ref: str
    applies_to: Literal["civil_service", "all"]
    status: Literal["proposed", "confirmed"]
    version: int
    updated_at: dt.datetime


class PauseIn(Schema):
    """A suspension of the time limit, e.g. from a supplement request to the complete return."""

    start: dt.datetime
    end: dt.datetime


class DueIn(Schema):
    """Input of `POST /calendar/due`. Datetimes must carry their offset (e.g. +07:00)."""

    start: dt.datetime
    amount: int
    unit: UnitName
    policy: PolicyName = "day_count"
    pauses: list[PauseIn] = Field(default_factory=list, max_length=50)


class DueOut(Schema):
    """The due moment (Asia/Ho_Chi_Minh) and how it was reached."""

    due: dt.datetime
    due_date: dt.date
    start_effective: dt.datetime
    amount: int
    unit: UnitName
    policy: PolicyName
    working_days_used: int
    default_only_years: list[int] = Field(
        default_factory=list,
        description="Years without any official day in the calendar: only Mon–Fri was applied.",
    )
