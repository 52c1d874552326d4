"""Working days of a range of years, with precomputed working-day ordinals.

`_WorkingDays` is the first layer of `WorkingCalendar` (see `due`): it owns the per-day
tables every query reads, so a question about days is a few list look-ups, never a loop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .errors import DeadlineInputError


class _WorkingDays:
    """The day tables and day queries of `WorkingCalendar` (see it for the arguments).

    Days are handled as indices from `first_day` (0) to `last_day` (`_ndays - 1`).
    """

    def __init__(
        self,
        off_days: Iterable[dt.date],
        working_saturdays: Iterable[dt.date],
        first_year: int,
        last_year: int,
    ) -> None:
        if not 1900 <= first_year <= last_year <= 2300:
            raise ValueError("The calendar's years must satisfy 1900 ≤ first ≤ last ≤ 2300.")
        self.first_year = first_year
        self.last_year = last_year
        self.first_day = dt.date(first_year, 1, 1)
        self.last_day = dt.date(last_year, 12, 31)
        base = self.first_day.toordinal()
        ndays = self.last_day.toordinal() - base + 1
        self._base = base
        self._ndays = ndays
        working = bytearray(ndays)
        for i in range(ndays):
            # toordinal() % 7: 1 = Monday … 6 = Saturday, 0 = Sunday.
            working[i] = 1 if (base + i) % 7 not in (6, 0) else 0
        self.off_days = frozenset(d for d in off_days if self.first_day <= d <= self.last_day)
        self.working_saturdays = frozenset(
            d for d in working_saturdays if self.first_day <= d <= self.last_day
        )
        self.years_with_exceptions = frozenset(d.year for d in self.off_days) | frozenset(
            d.year for d in self.working_saturdays
        )
        for d in self.off_days:
            working[d.toordinal() - base] = 0
        for d in self.working_saturdays:
            working[d.toordinal() - base] = 1
        self._working = bytes(working)
        # _before[i] = number of working days among days 0..i-1; _wdays[k] = k-th working day.
        before = [0] * (ndays + 1)
        wdays: list[int] = []
        for i in range(ndays):
            if working[i]:
                wdays.append(i)
            before[i + 1] = len(wdays)
        self._before = before
        self._wdays = wdays
        # Month tables for the `months` unit: month number of each day, first day of months.
        month_of = [0] * ndays
        month_first: list[int] = []
        for y in range(first_year, last_year + 1):
            for m in range(1, 13):
                month_first.append(dt.date(y, m, 1).toordinal() - base)
        month_first.append(ndays)
        for mo in range(len(month_first) - 1):
            for i in range(month_first[mo], month_first[mo + 1]):
                month_of[i] = mo
        self._month_of = month_of
        self._month_first = month_first

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first_day <= day <= self.last_day

    def _index(self, day: dt.date, name: str = "date") -> int:
        i = day.toordinal() - self._base
        if not 0 <= i < self._ndays:
            raise DeadlineInputError(
                f"{day.isoformat()} is outside the calendar ({self.first_year}–{self.last_year}).",
                field=name,
                code="out_of_range",
            )
        return i

    def _date(self, i: int) -> dt.date:
        return dt.date.fromordinal(self._base + i)

    def is_working_day(self, day: dt.date) -> bool:
        """True when `day` is a working day (Mon–Fri not off, or a make-up weekend day)."""
        return bool(self._working[self._index(day)])

    def next_working_day(self, day: dt.date, *, include: bool = True) -> dt.date:
        """The first working day on or after `day` (strictly after it if not `include`)."""
        i = self._index(day)
        k = self._before[i] if include else self._before[i + 1]
        return self._date(self._wday(k))

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n > 0), before it (n < 0), or `day` (n = 0).

        `day` itself is never counted (Civil Code Art. 147), so from a Friday before a
        normal weekend, 1 working day is the Monday. add(add(d, n), m) == add(d, n + m)
        for n, m ≥ 0.
        """
        i = self._index(day)
        if n == 0:
            return day
        if n > 0:
            return self._date(self._wday(self._before[i + 1] + n - 1))
        return self._date(self._wday(self._before[i] + n))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: start excluded, end included; negative if end < start.

        So working_days_between(d, add_working_days(d, n)) == n for n ≥ 0.
        """
        a, b = self._index(start, "start"), self._index(end, "end")
        if b >= a:
            return self._before[b + 1] - self._before[a + 1]
        return -(self._before[a + 1] - self._before[b + 1])

    def working_days_in(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The working days in [start, end], both included, in order."""
        a, b = self._index(start, "start"), self._index(end, "end")
        if b < a:
            return []
        return [self._date(w) for w in self._wdays[self._before[a] : self._before[b + 1]]]

    def _wday(self, k: int) -> int:
        """Index of the k-th working day (0-based); out of range: `DeadlineInputError`."""
        if not 0 <= k < len(self._wdays):
            raise DeadlineInputError(
                f"The result falls outside the calendar ({self.first_year}–{self.last_year}).",
                field="amount",
                code="out_of_range",
            )
        return self._wdays[k]
