"""Shared vocabulary of the hand-checked deadline tests (`test_deadlines_*.py`).

Receipt moments and results are local (+07:00); "DC" = day_count (receipt day not counted,
due at 17:00 of the last day), "HC" = hour_count (working hours 07:30–11:30, 13:00–17:00);
"WD" working days, "WH" working hours, "CD" calendar days, "MO" months. A case is
(start, amount, unit, policy, pauses, expected due, why).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tinhso.workcalendar.deadlines import TZ


def t(text: str) -> dt.datetime:
    """A local moment from 'YYYY-MM-DD HH:MM[:SS]'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


WD, CD, WH, MO = "working_days", "calendar_days", "working_hours", "months"
DC, HC = "day_count", "hour_count"


def hand_checked(cases: list[tuple[Any, ...]]) -> pytest.MarkDecorator:
    """Parametrize `test_due_hand_checked` over a table of cases, one id per case."""
    return pytest.mark.parametrize(
        ("start", "amount", "unit", "policy", "pauses", "expected", "why"),
        cases,
        ids=[f"{c[0]}+{c[1]}{c[2][:5]}-{c[3][:3]}" for c in cases],
    )
