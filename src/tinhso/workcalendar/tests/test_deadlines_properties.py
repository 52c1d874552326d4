"""Property-based tests of the deadline engine (hypothesis) on the official 2025–2026 calendar."""

from __future__ import annotations

import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tinhso.workcalendar.deadlines import TZ, Policy, TimeUnit

from .calendars import official_calendar

CAL = official_calendar(2025, 2032)
FIRST, LAST = dt.date(2025, 1, 1), dt.date(2026, 12, 31)
OPEN = (dt.time(7, 30), dt.time(11, 30), dt.time(13, 0), dt.time(17, 0))

days = st.dates(min_value=FIRST, max_value=LAST)
moments = st.builds(
    lambda d, minute: dt.datetime.combine(d, dt.time(minute // 60, minute % 60), tzinfo=TZ),
    days,
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
units = st.sampled_from(list(TimeUnit))
policies = st.sampled_from(list(Policy))
amounts = st.integers(min_value=1, max_value=60)


def within_working_time(moment: dt.datetime) -> bool:
    local = moment.astimezone(TZ)
    clock = local.time()
    morning = OPEN[0] < clock <= OPEN[1]
    afternoon = OPEN[2] < clock <= OPEN[3]
    return CAL.is_working_day(local.date()) and (morning or afternoon)


@given(moments, amounts, units, policies)
def test_due_is_monotonic_in_amount(start, amount, unit, policy):
    assert CAL.due(start, amount, unit, policy) <= CAL.due(start, amount + 1, unit, policy)


@given(moments, amounts, policies)
def test_working_days_strictly_increase(start, amount, policy):
    one_more = CAL.due(start, amount + 1, TimeUnit.WORKING_DAYS, policy)
    assert CAL.due(start, amount, TimeUnit.WORKING_DAYS, policy) < one_more


@given(moments, amounts, units, policies)
def test_due_is_on_a_working_day_within_working_hours(start, amount, unit, policy):
    due = CAL.due(start, amount, unit, policy)
    assert CAL.is_working_day(due.date())
    assert within_working_time(due)
    assert due > start


@given(
    moments,
    amounts,
    st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.MONTHS]),
)
def test_day_count_ends_at_close_of_a_working_day(start, amount, unit):
    due = CAL.due(start, amount, unit, Policy.DAY_COUNT)
    assert CAL.is_working_day(due.date())
    assert due.time() == dt.time(17, 0)


@given(moments, amounts)
def test_day_count_working_days_equals_add_working_days(start, amount):
    result = CAL.due_detail(start, amount, TimeUnit.WORKING_DAYS, Policy.DAY_COUNT)
    effective = result.start_effective.date()
    assert CAL.is_working_day(effective)
    assert result.due.date() == CAL.add_working_days(effective, amount)
    assert result.working_days_used == amount
    assert start <= result.start_effective or start.time() < dt.time(7, 30)


@given(days, st.integers(0, 200), st.integers(0, 200))
def test_adding_n_then_m_equals_adding_n_plus_m(day, n, m):
    assert CAL.add_working_days(CAL.add_working_days(day, n), m) == CAL.add_working_days(day, n + m)


@given(days, st.integers(0, 300))
def test_between_inverts_add(day, n):
    assert CAL.working_days_between(day, CAL.add_working_days(day, n)) == n


@given(st.dates(min_value=dt.date(2026, 1, 1), max_value=LAST), st.integers(1, 200))
def test_add_working_days_lands_on_working_days(day, n):
    result = CAL.add_working_days(day, n)
    assert result > day
    assert CAL.is_working_day(result)
    back = CAL.add_working_days(day, -n)
    assert back < day
    assert CAL.is_working_day(back)


@given(days, st.integers(1, 40))
def test_hour_count_of_whole_days_from_eight_oclock(day, n):
    """8 h × n from 08:00 on a working day = 08:00, n working days later (same as HC days)."""
    assume(CAL.is_working_day(day))
    start = dt.datetime.combine(day, dt.time(8, 0), tzinfo=TZ)
    expected = dt.datetime.combine(CAL.add_working_days(day, n), dt.time(8, 0), tzinfo=TZ)
    assert CAL.due(start, 8 * n, TimeUnit.WORKING_HOURS, Policy.HOUR_COUNT) == expected
    assert CAL.due(start, n, TimeUnit.WORKING_DAYS, Policy.HOUR_COUNT) == expected


pauses = st.lists(
    st.tuples(moments, st.integers(min_value=0, max_value=20 * 24 * 60)).map(
        lambda p: (p[0], p[0] + dt.timedelta(minutes=p[1]))
    ),
    max_size=3,
)


@given(moments, amounts, units, policies, pauses)
@settings(max_examples=300)
def test_pauses_never_make_the_due_moment_earlier(start, amount, unit, policy, pause_list):
    plain = CAL.due(start, amount, unit, policy)
    paused = CAL.due(start, amount, unit, policy, pause_list)
    assert paused >= plain
    assert CAL.is_working_day(paused.date())


@given(moments, amounts, st.integers(0, 90 * 24 * 60), st.integers(1, 10 * 24 * 60))
def test_a_pause_inside_the_period_pushes_day_counts_past_its_end(start, amount, offset, minutes):
    """A pause starting before the unpaused due day ends before the (paused) due day."""
    pause_start = start + dt.timedelta(minutes=offset)
    pause_end = pause_start + dt.timedelta(minutes=minutes)
    result = CAL.due_detail(start, amount, TimeUnit.WORKING_DAYS, Policy.DAY_COUNT)
    assume(result.start_effective.date() < pause_start.date() <= result.due.date())
    paused = CAL.due(
        start, amount, TimeUnit.WORKING_DAYS, Policy.DAY_COUNT, [(pause_start, pause_end)]
    )
    assert paused.date() > pause_end.date()


@given(st.lists(st.tuples(moments, amounts, units, policies), min_size=1, max_size=30))
def test_bulk_equals_scalar(items):
    starts = [int(s.timestamp()) for s, _a, _u, _p in items]
    result = CAL.due_many(
        starts,
        [a for _s, a, _u, _p in items],
        [u for *_x, u, _p in items],
        [p for *_x, p in items],
    )
    for (start, amount, unit, policy), due in zip(items, result, strict=True):
        assert dt.datetime.fromtimestamp(due, TZ) == CAL.due(start, amount, unit, policy)


@given(days, st.integers(15 * 60 + 1, 24 * 60 - 1), amounts)
def test_receipt_after_cutoff_equals_next_morning(day, minute, amount):
    """The 15:00 rule: a receipt after 15:00 gives the same due moment as 07:30 next day."""
    day = CAL.next_working_day(day)
    start = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=TZ)
    next_morning = dt.datetime.combine(
        CAL.next_working_day(day, include=False), dt.time(7, 30), tzinfo=TZ
    )
    for unit in TimeUnit:
        for policy in Policy:
            assert CAL.due(start, amount, unit, policy) == CAL.due(
                next_morning, amount, unit, policy
            )
