"""The official 2025/2026 schedules of spec §4.3–4.4, typed in by hand a second time.

The engine tests build their `WorkingCalendar` from these sets, independently of the seed
migration; `test_models.py` checks that the seeded rows say the same.
"""

from __future__ import annotations

import datetime as dt

from tinhso.workcalendar.deadlines import WorkingCalendar

D = dt.date

OFF_2025 = {
    D(2025, 1, 1),  # New Year (Wed)
    *(D(2025, 1, d) for d in range(27, 32)),  # Tết Ất Tỵ statutory days Mon 27 – Fri 31 Jan
    D(2025, 4, 7),  # Hùng Kings (Mon)
    D(2025, 4, 30),  # Reunification (Wed)
    D(2025, 5, 1),  # Labour Day (Thu)
    D(2025, 5, 2),  # swapped with Sat 26 Apr
    D(2025, 9, 1),  # National Day adjacent day (Mon)
    D(2025, 9, 2),  # National Day (Tue)
}
OFF_2026 = {
    D(2026, 1, 1),  # New Year (Thu)
    D(2026, 1, 2),  # swapped with Sat 10 Jan (Dispatch 12729/VPCP-KGVX)
    *(D(2026, 2, d) for d in range(16, 21)),  # Tết Bính Ngọ Mon 16 – Fri 20 Feb
    D(2026, 4, 27),  # Hùng Kings compensatory day (26 Apr is a Sunday)
    D(2026, 4, 30),  # Reunification (Thu)
    D(2026, 5, 1),  # Labour Day (Fri)
    D(2026, 8, 31),  # swapped with Sat 22 Aug
    D(2026, 9, 1),  # National Day adjacent day (Tue)
    D(2026, 9, 2),  # National Day (Wed)
    D(2026, 11, 24),  # Vietnamese Culture Day (Tue)
}
WORKING_SATURDAYS = {D(2025, 4, 26), D(2026, 1, 10), D(2026, 8, 22)}


def official_calendar(first_year: int = 2025, last_year: int = 2027) -> WorkingCalendar:
    """2025–2026 official, 2027 plain Monday–Friday."""
    return WorkingCalendar(OFF_2025 | OFF_2026, WORKING_SATURDAYS, first_year, last_year)
