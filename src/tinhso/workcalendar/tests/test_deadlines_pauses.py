"""Pauses (supplement requests): time inside a pause is not counted.

The table is hand-checked like `test_deadlines_table` (conventions in `deadline_cases`).
"""

from __future__ import annotations

from .calendars import official_calendar
from .deadline_cases import CD, DC, HC, WD, WH, hand_checked, t

CAL = official_calendar()

CASES = [
    # ---------------------------------------------------------------- pauses
    (
        "2025-10-13 10:00",
        5,
        WD,
        DC,
        [],
        "2025-10-20 17:00",
        "no pause: Tue 14, Wed 15, Thu 16, Fri 17, Mon 20",
    ),
    (
        "2025-10-13 10:00",
        5,
        WD,
        DC,
        [("2025-10-15 09:00", "2025-10-17 10:00")],
        "2025-10-23 17:00",
        "pause Wed 15 – Fri 17 (request to return day, both skipped): Tue 14, Mon 20–Thu 23",
    ),
    (
        "2025-10-13 10:00",
        5,
        WD,
        DC,
        [("2025-10-15 09:00", "2025-10-15 15:00")],
        "2025-10-21 17:00",
        "request and return on Wed 15: only Wed 15 skipped, one day later",
    ),
    (
        "2025-10-14 08:00",
        8,
        WH,
        HC,
        [("2025-10-14 09:00", "2025-10-14 14:00")],
        "2025-10-15 11:30",
        "worked 08–09 and 14–17 = 4 h on Tue; 4 h on Wed from 07:30",
    ),
    (
        "2025-10-14 10:00",
        1,
        WD,
        DC,
        [("2025-10-10 09:00", "2025-10-13 09:00")],
        "2025-10-15 17:00",
        "a pause before the receipt is ignored",
    ),
    (
        "2025-10-14 10:00",
        1,
        WD,
        DC,
        [("2025-10-20 09:00", "2025-10-21 09:00")],
        "2025-10-15 17:00",
        "a pause after the due day is ignored",
    ),
    (
        "2025-10-14 10:00",
        1,
        WD,
        DC,
        [("2025-10-15 09:00", "2025-10-15 16:00")],
        "2025-10-16 17:00",
        "request on the last day: that day is skipped, due the day after the return",
    ),
    (
        "2025-01-24 10:00",
        8,
        WH,
        HC,
        [("2025-01-24 13:00", "2025-02-03 13:00")],
        "2025-02-04 10:00",
        "worked Fri 10–11:30 (1.5 h) and Mon 3 Feb 13–17 (4 h); 2.5 h on Tue 4",
    ),
    (
        "2025-10-01 10:00",
        8,
        CD,
        DC,
        [("2025-10-03 09:00", "2025-10-04 10:00")],
        "2025-10-13 17:00",
        "Thu 2 (1); Fri 3–Sat 4 skipped; Sun 5 … Sat 11 (2–8): Saturday, so Mon 13",
    ),
]


@hand_checked(CASES)
def test_due_hand_checked(start, amount, unit, policy, pauses, expected, why):
    pause_moments = [(t(a), t(b)) for a, b in pauses]
    assert CAL.due(t(start), amount, unit, policy, pause_moments) == t(expected), why
