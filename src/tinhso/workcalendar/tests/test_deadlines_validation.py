"""Invalid input to the deadline engine: `DeadlineInputError` with its field and code."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.workcalendar.deadlines import DeadlineInputError, WorkingCalendar

from .calendars import official_calendar
from .deadline_cases import CD, DC, MO, WD, t

CAL = official_calendar()


@pytest.mark.parametrize(
    ("kwargs", "field", "code"),
    [
        ({"start": t("2025-01-24 10:00").replace(tzinfo=None)}, "start", "naive_datetime"),
        ({"amount": 0}, "amount", "min"),
        ({"amount": -3}, "amount", "min"),
        ({"amount": 1001}, "amount", "max"),
        ({"amount": 10**30}, "amount", "max"),
        ({"amount": 2.5}, "amount", "type"),
        ({"amount": True}, "amount", "type"),
        ({"unit": "fortnights"}, "unit", "unit"),
        ({"unit": 3}, "unit", "unit"),
        ({"policy": "lunar"}, "policy", "policy"),
        ({"start": t("2030-01-02 10:00")}, "start", "out_of_range"),
        ({"start": "2025-01-24"}, "start", "invalid"),
        (
            {"pauses": [(t("2025-01-24 12:00"), t("2025-01-24 11:00"))]},
            "pauses.0.end",
            "pause_order",
        ),
        (
            {"pauses": [(t("2025-01-24 12:00"), t("2025-01-25 10:00").replace(tzinfo=None))]},
            "pauses.0.end",
            "naive_datetime",
        ),
        ({"pauses": [(t("2025-01-24 12:00"),)]}, "pauses.0", "invalid_pause"),
    ],
)
def test_invalid_input_raises_value_error(kwargs, field, code):
    args = {"start": t("2025-01-24 10:00"), "amount": 3, "unit": WD, "policy": DC, "pauses": []}
    args.update(kwargs)
    with pytest.raises(ValueError) as info:
        CAL.due(args["start"], args["amount"], args["unit"], args["policy"], args["pauses"])
    assert isinstance(info.value, DeadlineInputError)
    assert info.value.field == field
    assert info.value.code == code
    assert str(info.value)


def test_result_beyond_the_calendar_is_refused():
    cal = official_calendar(2025, 2026)
    with pytest.raises(DeadlineInputError, match="outside the calendar"):
        cal.due(t("2026-12-30 10:00"), 5, WD, DC)
    with pytest.raises(DeadlineInputError, match="outside the calendar"):
        cal.due(t("2026-12-30 10:00"), 2, MO, DC)
    with pytest.raises(DeadlineInputError, match="outside the calendar"):
        cal.due(t("2026-12-30 10:00"), 30, CD, DC)
    with pytest.raises(DeadlineInputError, match="outside the calendar"):
        cal.is_working_day(dt.date(2024, 12, 31))


def test_calendar_years_are_validated():
    with pytest.raises(ValueError, match="years"):
        WorkingCalendar(set(), set(), 2026, 2025)
