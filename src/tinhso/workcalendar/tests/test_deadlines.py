"""Hand-checked deadline cases around the 2025/2026 official schedules (spec §4.3–4.5).

Each expected value was worked out on paper from the calendar, not copied from the engine's
output; the comment says how. Conventions: receipt moments and results are local
(+07:00); "DC" = day_count (receipt day not counted, due at 17:00 of the last day),
"HC" = hour_count (working hours 07:30–11:30, 13:00–17:00); "WD" working days,
"WH" working hours, "CD" calendar days, "MO" months.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.workcalendar.deadlines import (
    TZ,
    DeadlineInputError,
    Policy,
    TimeUnit,
    WorkingCalendar,
    WorkSchedule,
)

from .calendars import official_calendar

CAL = official_calendar()


def t(text: str) -> dt.datetime:
    """A local moment from 'YYYY-MM-DD HH:MM[:SS]'."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=TZ)


WD, CD, WH, MO = "working_days", "calendar_days", "working_hours", "months"
DC, HC = "day_count", "hour_count"

# (start, amount, unit, policy, pauses, expected due, why)
CASES = [
    # ---------------------------------------------------------------- Tết Ất Tỵ 2025
    (
        "2025-01-24 10:00",
        3,
        WD,
        DC,
        [],
        "2025-02-05 17:00",
        "Fri 24 Jan not counted; 25 Jan–2 Feb is the Tết break; Mon 3 (1), Tue 4 (2), Wed 5 (3)",
    ),
    (
        "2025-01-24 10:00",
        1,
        WD,
        DC,
        [],
        "2025-02-03 17:00",
        "the next working day after Fri 24 Jan is Mon 3 Feb, after the nine-day break",
    ),
    (
        "2025-01-24 15:30",
        1,
        WD,
        DC,
        [],
        "2025-02-04 17:00",
        "after 15:00: counts as received Mon 3 Feb 07:30, so 3 Feb is the uncounted day",
    ),
    (
        "2025-01-24 15:00",
        1,
        WD,
        DC,
        [],
        "2025-02-03 17:00",
        "exactly 15:00 is not *after* the cut-off: received Fri, due Mon 3 Feb",
    ),
    (
        "2025-01-23 09:00",
        2,
        WD,
        DC,
        [],
        "2025-02-03 17:00",
        "Thu 23: Fri 24 is day 1, then the break, Mon 3 Feb is day 2",
    ),
    (
        "2025-01-24 10:00",
        8,
        WH,
        HC,
        [],
        "2025-02-03 10:00",
        "Fri 10:00–11:30 + 13:00–17:00 = 5.5 h; 2.5 h left on Mon 3 Feb from 07:30",
    ),
    (
        "2025-01-24 10:00",
        3,
        WD,
        HC,
        [],
        "2025-02-05 10:00",
        "24 h: 5.5 Fri, 8 Mon 3, 8 Tue 4 = 21.5; 2.5 h on Wed 5 from 07:30",
    ),
    (
        "2025-01-29 09:00",
        1,
        WD,
        DC,
        [],
        "2025-02-04 17:00",
        "received on a Tết day off: counts from Mon 3 Feb 07:30 (not counted), due Tue 4",
    ),
    (
        "2025-01-25 09:00",
        8,
        WH,
        HC,
        [],
        "2025-02-03 17:00",
        "received on Sat 25 Jan (break): starts Mon 3 Feb 07:30, eight hours end at 17:00",
    ),
    (
        "2025-01-20 09:00",
        10,
        CD,
        DC,
        [],
        "2025-02-03 17:00",
        "Mon 20 + 10 calendar days = Thu 30 Jan, a Tết day off: next working day Mon 3 Feb",
    ),
    (
        "2025-01-22 08:00",
        3,
        CD,
        DC,
        [],
        "2025-02-03 17:00",
        "Wed 22 + 3 = Sat 25 Jan (weekend, then the break): moved to Mon 3 Feb",
    ),
    # ---------------------------------------------------------------- 30/4–1/5 2025
    (
        "2025-04-25 09:00",
        1,
        WD,
        DC,
        [],
        "2025-04-26 17:00",
        "Sat 26 Apr 2025 is a make-up working day (swap for Fri 2 May)",
    ),
    ("2025-04-25 09:00", 2, WD, DC, [], "2025-04-28 17:00", "Sat 26 (1), Sun 27 off, Mon 28 (2)"),
    (
        "2025-04-24 10:00",
        3,
        WD,
        DC,
        [],
        "2025-04-28 17:00",
        "Fri 25 (1), Sat 26 make-up (2), Mon 28 (3)",
    ),
    (
        "2025-04-29 09:00",
        1,
        WD,
        DC,
        [],
        "2025-05-05 17:00",
        "Wed 30 Apr, Thu 1 May, Fri 2 May (swapped) and the weekend are off: Mon 5 May",
    ),
    (
        "2025-04-29 16:00",
        1,
        WD,
        DC,
        [],
        "2025-05-06 17:00",
        "after 15:00 on Tue 29: counts from Mon 5 May 07:30 (not counted), due Tue 6 May",
    ),
    (
        "2025-04-26 09:00",
        8,
        WH,
        HC,
        [],
        "2025-04-28 09:00",
        "received on the make-up Saturday: 2.5 + 4 = 6.5 h that day, 1.5 h on Mon 28",
    ),
    (
        "2025-04-26 16:00",
        1,
        WD,
        DC,
        [],
        "2025-04-29 17:00",
        "after 15:00 on the make-up Saturday: counts from Mon 28 07:30, due Tue 29",
    ),
    (
        "2025-04-28 10:00",
        16,
        WH,
        HC,
        [],
        "2025-05-05 10:00",
        "Mon 28: 5.5 h, Tue 29: 8 h = 13.5; 30 Apr–4 May off; 2.5 h on Mon 5 May",
    ),
    (
        "2025-04-21 09:00",
        9,
        CD,
        DC,
        [],
        "2025-05-05 17:00",
        "Mon 21 + 9 calendar days = Wed 30 Apr (holiday); 1–4 May off too: Mon 5 May",
    ),
    (
        "2025-04-04 10:00",
        1,
        WD,
        DC,
        [],
        "2025-04-08 17:00",
        "Fri 4 Apr: Sat 5, Sun 6 and Mon 7 (Hùng Kings) are off: Tue 8",
    ),
    (
        "2025-08-29 10:00",
        1,
        WD,
        DC,
        [],
        "2025-09-03 17:00",
        "National Day 2025: Sat 30 Aug – Tue 2 Sep off: Wed 3 Sep",
    ),
    # ---------------------------------------------------------------- New Year 2026
    (
        "2025-12-31 10:00",
        1,
        WD,
        DC,
        [],
        "2026-01-05 17:00",
        "Thu 1 and Fri 2 Jan (swapped) off, then the weekend: Mon 5 Jan",
    ),
    (
        "2026-01-09 10:00",
        1,
        WD,
        DC,
        [],
        "2026-01-10 17:00",
        "Sat 10 Jan 2026 is the make-up working day for Fri 2 Jan",
    ),
    (
        "2026-01-09 15:00:01",
        1,
        WD,
        DC,
        [],
        "2026-01-12 17:00",
        "one second after 15:00: counts from Sat 10 Jan 07:30 (a working day, not counted)",
    ),
    (
        "2025-12-31 14:00",
        8,
        WH,
        HC,
        [],
        "2026-01-05 14:00",
        "Wed 31 Dec: 3 h (14–17); 1–4 Jan off; Mon 5: 4 h morning + 1 h from 13:00",
    ),
    (
        "2026-01-09 13:00",
        8,
        WH,
        HC,
        [],
        "2026-01-10 11:30",
        "Fri 13–17 = 4 h; make-up Sat 10 Jan 07:30–11:30 = 4 h: ends at 11:30",
    ),
    # ---------------------------------------------------------------- Tết Bính Ngọ 2026
    (
        "2026-02-13 10:00",
        1,
        WD,
        DC,
        [],
        "2026-02-23 17:00",
        "Sat 14 – Sun 22 Feb is the Tết break: Mon 23 Feb",
    ),
    ("2026-02-13 10:00", 5, WD, DC, [], "2026-02-27 17:00", "Mon 23 (1) … Fri 27 (5)"),
    (
        "2026-02-12 09:00",
        3,
        WD,
        HC,
        [],
        "2026-02-24 09:00",
        "Thu 12: 6.5 h, Fri 13: 8 h = 14.5; break; Mon 23: 8 h = 22.5; 1.5 h on Tue 24",
    ),
    (
        "2026-02-06 10:00",
        14,
        CD,
        DC,
        [],
        "2026-02-23 17:00",
        "Fri 6 + 14 calendar days = Fri 20 Feb (Tết, mùng 4): next working day Mon 23",
    ),
    # ---------------------------------------------------------------- Apr–May 2026
    (
        "2026-04-24 10:00",
        1,
        WD,
        DC,
        [],
        "2026-04-28 17:00",
        "Sat 25, Sun 26 (Hùng Kings) and Mon 27 (compensatory) off: Tue 28",
    ),
    (
        "2026-04-29 10:00",
        1,
        WD,
        DC,
        [],
        "2026-05-04 17:00",
        "Thu 30 Apr and Fri 1 May off, then the weekend: Mon 4 May",
    ),
    (
        "2026-03-31 10:00",
        1,
        MO,
        DC,
        [],
        "2026-05-04 17:00",
        "31 Mar + 1 month = Thu 30 Apr (holiday); 1 May and the weekend off: Mon 4 May",
    ),
    # ---------------------------------------------------------------- Aug–Sep 2026
    (
        "2026-08-21 10:00",
        1,
        WD,
        DC,
        [],
        "2026-08-22 17:00",
        "Sat 22 Aug 2026 is the make-up working day for Mon 31 Aug",
    ),
    ("2026-08-21 10:00", 3, WD, DC, [], "2026-08-25 17:00", "Sat 22 (1), Mon 24 (2), Tue 25 (3)"),
    (
        "2026-08-28 10:00",
        1,
        WD,
        DC,
        [],
        "2026-09-03 17:00",
        "Sat 29 – Wed 2 Sep off (31 Aug swapped): Thu 3 Sep",
    ),
    # ---------------------------------------------------------------- 24 Nov 2026
    (
        "2026-11-23 10:00",
        1,
        WD,
        DC,
        [],
        "2026-11-25 17:00",
        "Tue 24 Nov is Vietnamese Culture Day (seeded as a day off): Wed 25",
    ),
    (
        "2026-11-23 14:00",
        8,
        WH,
        HC,
        [],
        "2026-11-25 14:00",
        "Mon 23: 3 h; Tue 24 off; Wed 25: 4 h morning + 1 h from 13:00",
    ),
    (
        "2026-11-24 09:00",
        1,
        WD,
        DC,
        [],
        "2026-11-26 17:00",
        "received on the day off: counts from Wed 25 07:30 (not counted), due Thu 26",
    ),
    (
        "2026-11-20 10:00",
        4,
        CD,
        DC,
        [],
        "2026-11-25 17:00",
        "Fri 20 + 4 calendar days = Tue 24 Nov (off): Wed 25",
    ),
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


@pytest.mark.parametrize(
    ("start", "amount", "unit", "policy", "pauses", "expected", "why"),
    CASES,
    ids=[f"{c[0]}+{c[1]}{c[2][:5]}-{c[3][:3]}" for c in CASES],
)
def test_due_hand_checked(start, amount, unit, policy, pauses, expected, why):
    pause_moments = [(t(a), t(b)) for a, b in pauses]
    assert CAL.due(t(start), amount, unit, policy, pause_moments) == t(expected), why


def test_case_table_is_large_enough():
    assert len(CASES) >= 40


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


# ---------------------------------------------------------------------- validation


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


# ---------------------------------------------------------------------- bulk API


def test_due_many_matches_due():
    starts = [t("2025-01-24 10:00"), t("2025-04-26 16:00"), t("2026-11-23 14:00")]
    epoch = [int(s.timestamp()) for s in starts]
    result = CAL.due_many(epoch, [3, 1, 8], [WD, WD, WH], [DC, DC, HC])
    assert [dt.datetime.fromtimestamp(x, TZ) for x in result] == [
        t("2025-02-05 17:00"),
        t("2025-04-29 17:00"),
        t("2026-11-25 14:00"),
    ]


@pytest.mark.parametrize(
    ("amount", "unit", "policy", "field"),
    [
        (0, WD, DC, "amount"),
        (5, "weeks", DC, "unit"),
        (5, WD, "x", "policy"),
        (1.5, WD, DC, "amount"),
    ],
)
def test_due_many_validates_each_item(amount, unit, policy, field):
    ok = int(t("2025-10-14 10:00").timestamp())
    with pytest.raises(DeadlineInputError, match="Item 1") as info:
        CAL.due_many([ok, ok], [1, amount], [WD, unit], [DC, policy])
    assert info.value.field == field


def test_due_many_refuses_mismatched_lengths_and_out_of_range():
    with pytest.raises(ValueError, match="same length"):
        CAL.due_many([1], [1, 2], [WD], [DC])
    with pytest.raises(DeadlineInputError, match="outside"):
        CAL.due_many([0], [1], [WD], [DC])  # 1970
