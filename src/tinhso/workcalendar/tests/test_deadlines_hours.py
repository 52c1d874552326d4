"""Working hours and the receipt rule: the 15:00 cut-off, lunch, time zones, the schedule.

The table is hand-checked like `test_deadlines_table` (conventions in `deadline_cases`).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.workcalendar.deadlines import TZ, Policy, TimeUnit, WorkingCalendar, WorkSchedule

from .calendars import official_calendar
from .deadline_cases import DC, HC, WD, WH, hand_checked, t

CAL = official_calendar()

CASES = [
    # ---------------------------------------------------------------- 15:00 rule, lunch
    (
        "2025-10-14 15:00:00",
        1,
        WD,
        DC,
        [],
        "2025-10-15 17:00",
        "15:00:00 sharp is still the same day: Wed 15",
    ),
    (
        "2025-10-14 15:00:01",
        1,
        WD,
        DC,
        [],
        "2025-10-16 17:00",
        "after 15:00: received Wed 15 07:30, so Thu 16",
    ),
    (
        "2025-10-14 16:00",
        8,
        WH,
        HC,
        [],
        "2025-10-15 17:00",
        "after 15:00: starts Wed 15 07:30; eight hours end at 17:00",
    ),
    (
        "2025-10-14 06:00",
        4,
        WH,
        HC,
        [],
        "2025-10-14 11:30",
        "before opening: counting starts at 07:30",
    ),
    ("2025-10-14 11:00", 1, WH, HC, [], "2025-10-14 13:30", "30 min before lunch, 30 min after it"),
    (
        "2025-10-14 12:00",
        2,
        WH,
        HC,
        [],
        "2025-10-14 15:00",
        "received during lunch: counting starts at 13:00",
    ),
    (
        "2025-10-14 11:30",
        4,
        WH,
        HC,
        [],
        "2025-10-14 17:00",
        "the whole afternoon; ends exactly at closing time, not 07:30 next day",
    ),
    (
        "2025-10-14 08:00",
        8,
        WH,
        HC,
        [],
        "2025-10-15 08:00",
        "08:00–11:30 + 13:00–17:00 = 7.5 h; 30 min on Wed 15 from 07:30",
    ),
]


@hand_checked(CASES)
def test_due_hand_checked(start, amount, unit, policy, pauses, expected, why):
    pause_moments = [(t(a), t(b)) for a, b in pauses]
    assert CAL.due(t(start), amount, unit, policy, pause_moments) == t(expected), why


def test_due_result_is_aware_in_ho_chi_minh():
    due = CAL.due(t("2025-01-24 10:00"), 3, WD, DC)
    assert due.tzinfo is TZ
    assert due.utcoffset() == dt.timedelta(hours=7)


def test_start_in_another_zone_is_converted_first():
    # 02:00 UTC on Fri 24 Jan = 09:00 in Hà Nội: before the cut-off, so due Mon 3 Feb.
    start = dt.datetime(2025, 1, 24, 2, 0, tzinfo=dt.UTC)
    assert CAL.due(start, 1, WD, DC) == t("2025-02-03 17:00")
    # 08:30 UTC = 15:30 local: after the cut-off.
    start = dt.datetime(2025, 1, 24, 8, 30, tzinfo=dt.UTC)
    assert CAL.due(start, 1, WD, DC) == t("2025-02-04 17:00")


def test_due_detail_reports_effective_start_and_days_used():
    result = CAL.due_detail(t("2025-01-24 15:30"), 1, WD, DC)
    assert result.start_effective == t("2025-02-03 07:30")
    assert result.due == t("2025-02-04 17:00")
    assert result.working_days_used == 1
    assert result.unit is TimeUnit.WORKING_DAYS
    assert result.policy is Policy.DAY_COUNT


def test_cutoff_can_be_switched_off():
    schedule = WorkSchedule(cutoff=None)
    cal = WorkingCalendar(set(), set(), 2025, 2025, schedule=schedule)
    # Without the 15:00 rule a 16:00 receipt on Tue 14 Oct counts that day: due Wed 15.
    assert cal.due(t("2025-10-14 16:00"), 1, WD, DC) == t("2025-10-15 17:00")
    # After closing time it still rolls to the next morning.
    assert cal.due(t("2025-10-14 17:30"), 1, WD, DC) == t("2025-10-16 17:00")


def test_schedule_is_a_parameter():
    schedule = WorkSchedule(
        periods=((dt.time(8, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30))),
        cutoff=dt.time(15, 30),
    )
    cal = WorkingCalendar(set(), set(), 2025, 2025, schedule=schedule)
    assert schedule.seconds_per_day == 8 * 3600
    # 08:00 + 8 h = 17:30 the same day; day counts end at 17:30.
    assert cal.due(t("2025-10-14 08:00"), 8, WH, HC) == t("2025-10-14 17:30")
    assert cal.due(t("2025-10-14 15:20"), 1, WD, DC) == t("2025-10-15 17:30")


@pytest.mark.parametrize(
    ("periods", "cutoff", "message"),
    [
        ((), dt.time(15), "at least one"),
        (((dt.time(12), dt.time(8)),), None, "ends before"),
        (((dt.time(8), dt.time(12)), (dt.time(11), dt.time(17))), None, "overlap"),
        (((dt.time(8), dt.time(12)),), dt.time(15), "cut-off"),
    ],
)
def test_invalid_schedules_are_refused(periods, cutoff, message):
    with pytest.raises(ValueError, match=message):
        WorkSchedule(periods=periods, cutoff=cutoff)
