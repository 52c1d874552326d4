"""Months on the calendar, and the day functions (working days, ordinals, totals).

The table is hand-checked like `test_deadlines_table` (conventions in `deadline_cases`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from .calendars import official_calendar
from .deadline_cases import DC, HC, MO, hand_checked, t

CAL = official_calendar()

CASES = [
    # ---------------------------------------------------------------- months
    (
        "2025-01-31 10:00",
        1,
        MO,
        DC,
        [],
        "2025-03-03 17:00",
        "31 Jan 2025 is a Tết day off: received Mon 3 Feb; 3 Feb + 1 month = Mon 3 Mar",
    ),
    (
        "2025-10-31 10:00",
        1,
        MO,
        DC,
        [],
        "2025-12-01 17:00",
        "31 Oct + 1 month = 30 Nov (clamped, Sunday): Mon 1 Dec",
    ),
    (
        "2025-12-31 10:00",
        1,
        MO,
        DC,
        [],
        "2026-02-02 17:00",
        "31 Dec + 1 month = Sat 31 Jan 2026: Mon 2 Feb",
    ),
    (
        "2025-12-31 10:00",
        2,
        MO,
        DC,
        [],
        "2026-03-02 17:00",
        "31 Dec + 2 months = 28 Feb 2026 (clamped from 31, Saturday): Mon 2 Mar",
    ),
    (
        "2025-03-31 10:00",
        1,
        MO,
        DC,
        [],
        "2025-05-05 17:00",
        "31 Mar + 1 month = Wed 30 Apr (holiday); 1–4 May off: Mon 5 May",
    ),
    (
        "2025-10-31 10:00",
        1,
        MO,
        HC,
        [],
        "2025-12-01 17:00",
        "months are counted in calendar days whatever the policy",
    ),
]


@hand_checked(CASES)
def test_due_hand_checked(start, amount, unit, policy, pauses, expected, why):
    pause_moments = [(t(a), t(b)) for a, b in pauses]
    assert CAL.due(t(start), amount, unit, policy, pause_moments) == t(expected), why


# ---------------------------------------------------------------------- day functions


@pytest.mark.parametrize(
    ("day", "working", "why"),
    [
        (dt.date(2025, 4, 26), True, "make-up Saturday 2025"),
        (dt.date(2025, 4, 27), False, "plain Sunday"),
        (dt.date(2025, 5, 2), False, "swapped Friday"),
        (dt.date(2025, 2, 3), True, "first day after Tết 2025"),
        (dt.date(2026, 1, 2), False, "swapped Friday (Dispatch 12729)"),
        (dt.date(2026, 1, 10), True, "make-up Saturday 2026"),
        (dt.date(2026, 8, 22), True, "make-up Saturday for 31 Aug"),
        (dt.date(2026, 8, 31), False, "swapped Monday"),
        (dt.date(2026, 11, 24), False, "Culture Day"),
        (dt.date(2027, 1, 1), True, "2027 has no official rows: Mon–Fri default"),
    ],
)
def test_is_working_day(day, working, why):
    assert CAL.is_working_day(day) is working, why


def test_add_working_days_and_between():
    assert CAL.add_working_days(dt.date(2025, 1, 24), 3) == dt.date(2025, 2, 5)
    assert CAL.add_working_days(dt.date(2025, 2, 5), -3) == dt.date(2025, 1, 24)
    assert CAL.add_working_days(dt.date(2025, 1, 25), 0) == dt.date(2025, 1, 25)
    # From a Saturday inside the break, the first working day is Mon 3 Feb.
    assert CAL.add_working_days(dt.date(2025, 1, 25), 1) == dt.date(2025, 2, 3)
    assert CAL.working_days_between(dt.date(2025, 1, 24), dt.date(2025, 2, 5)) == 3
    assert CAL.working_days_between(dt.date(2025, 2, 5), dt.date(2025, 1, 24)) == -3
    assert CAL.working_days_between(dt.date(2025, 1, 25), dt.date(2025, 2, 2)) == 0
    assert CAL.next_working_day(dt.date(2025, 4, 30)) == dt.date(2025, 5, 5)
    assert CAL.next_working_day(dt.date(2025, 4, 25), include=False) == dt.date(2025, 4, 26)


def test_working_day_totals_per_year():
    # 2025: 261 weekdays − 12 weekdays off + 1 make-up Saturday = 250.
    assert len(CAL.working_days_in(dt.date(2025, 1, 1), dt.date(2025, 12, 31))) == 250
    # 2026: 261 weekdays − 14 weekdays off + 2 make-up Saturdays = 249.
    assert len(CAL.working_days_in(dt.date(2026, 1, 1), dt.date(2026, 12, 31))) == 249
    assert CAL.working_days_in(dt.date(2025, 2, 1), dt.date(2025, 1, 1)) == []
