"""Benchmark of the deadline engine: 1,000,000 due moments must take at most 3 seconds.

Builds a `WorkingCalendar` for 2025–2035 (2025 and 2026 from the official schedules of spec
§4.3–4.4; later years Mon–Fri minus the fixed-date statutory holidays only), draws random
receipts within 2025–2026, amounts 1–60 and mixed units and policies, then times
`WorkingCalendar.due_many`. Run: `PYTHONPATH=src .venv/bin/python bench/deadlines.py`.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time

from tinhso.workcalendar.deadlines import TZ, Policy, TimeUnit, WorkingCalendar

N = 1_000_000
BUDGET_SECONDS = 3.0


def _days(year: int, month: int, *days: int) -> list[dt.date]:
    return [dt.date(year, month, d) for d in days]


OFF_2025_2026 = [
    *_days(2025, 1, 1, 27, 28, 29, 30, 31),
    *_days(2025, 4, 7, 30),
    *_days(2025, 5, 1, 2),
    *_days(2025, 9, 1, 2),
    *_days(2026, 1, 1, 2),
    *_days(2026, 2, 16, 17, 18, 19, 20),
    *_days(2026, 4, 27, 30),
    *_days(2026, 5, 1),
    *_days(2026, 8, 31),
    *_days(2026, 9, 1, 2),
    *_days(2026, 11, 24),
]
WORKING_SATURDAYS = [dt.date(2025, 4, 26), dt.date(2026, 1, 10), dt.date(2026, 8, 22)]
FIXED_DATE_HOLIDAYS = [(1, 1), (4, 30), (5, 1), (9, 2), (11, 24)]


def build_calendar() -> WorkingCalendar:
    """2025–2035: official 2025/2026, then Mon–Fri minus fixed-date statutory holidays."""
    off = list(OFF_2025_2026)
    for year in range(2027, 2036):
        off += [d for m, day in FIXED_DATE_HOLIDAYS if (d := dt.date(year, m, day)).weekday() < 5]
    return WorkingCalendar(off, WORKING_SATURDAYS, 2025, 2035)


def main() -> int:
    t0 = time.perf_counter()
    calendar = build_calendar()
    build = time.perf_counter() - t0

    rng = random.Random(20261124)
    lo = int(dt.datetime(2025, 1, 1, tzinfo=TZ).timestamp())
    hi = int(dt.datetime(2027, 1, 1, tzinfo=TZ).timestamp()) - 1
    units = list(TimeUnit)
    policies = list(Policy)
    starts = [rng.randint(lo, hi) for _ in range(N)]
    amounts = [rng.randint(1, 60) for _ in range(N)]
    unit_list = [rng.choice(units) for _ in range(N)]
    policy_list = [rng.choice(policies) for _ in range(N)]

    t0 = time.perf_counter()
    dues = calendar.due_many(starts, amounts, unit_list, policy_list)
    elapsed = time.perf_counter() - t0

    # Spot-check the bulk path against the scalar API on a sample.
    for j in rng.sample(range(N), 2000):
        start = dt.datetime.fromtimestamp(starts[j], TZ)
        expected = calendar.due(start, amounts[j], unit_list[j], policy_list[j])
        assert int(expected.timestamp()) == dues[j], (j, start, expected)

    sample = 100_000
    t0 = time.perf_counter()
    for j in range(sample):
        calendar.due(
            dt.datetime.fromtimestamp(starts[j], TZ), amounts[j], unit_list[j], policy_list[j]
        )
    scalar = time.perf_counter() - t0

    print(f"calendar 2025–2035 built in {build * 1000:.1f} ms")
    print(f"due_many: {N:,} due moments in {elapsed:.3f} s ({N / elapsed:,.0f}/s)")
    print(f"due (scalar, aware datetimes): {sample:,} in {scalar:.3f} s ({sample / scalar:,.0f}/s)")
    ok = elapsed <= BUDGET_SECONDS
    print(f"budget {BUDGET_SECONDS:.1f} s: {'OK' if ok else 'EXCEEDED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
