"""Moments on the calendar: the time zone, the receipt rule and the working-hour timeline.

`_WorkingHours` is the second layer of `WorkingCalendar` (see `due`). A moment is handled as
(day index, seconds of the local day); the timeline numbers the working seconds from the
calendar's first day, so "N working hours later" is an addition, never a walk over days.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from .calendar import _WorkingDays
from .errors import DeadlineInputError
from .schedule import _DAY, DEFAULT_SCHEDULE, TZ, WorkSchedule, _seconds


class _WorkingHours(_WorkingDays):
    """The working days plus a `WorkSchedule` and a time zone (see `WorkingCalendar`)."""

    def __init__(
        self,
        off_days: Iterable[dt.date],
        working_saturdays: Iterable[dt.date],
        first_year: int,
        last_year: int,
        *,
        schedule: WorkSchedule = DEFAULT_SCHEDULE,
        tz: ZoneInfo = TZ,
    ) -> None:
        super().__init__(off_days, working_saturdays, first_year, last_year)
        self.schedule = schedule
        self.tz = tz
        bounds = schedule.bounds
        self._bounds = bounds
        self._H = schedule.seconds_per_day
        self._day_start = bounds[0][0]
        self._day_end = bounds[-1][1]
        self._cutoff = _seconds(schedule.cutoff) if schedule.cutoff is not None else _DAY
        self._offset = self._fixed_offset()

    def _fixed_offset(self) -> int | None:
        """The zone's UTC offset in seconds if constant over the range (Asia/Ho_Chi_Minh
        has been UTC+7 since 1975), else None (then `due_many` uses the exact slow path)."""
        offsets = set()
        for i in range(0, self._ndays):
            day = self._date(i)
            for hour in (0, 12):
                delta = dt.datetime(day.year, day.month, day.day, hour, tzinfo=self.tz).utcoffset()
                offsets.add(int(delta.total_seconds()) if delta is not None else 0)
            if len(offsets) > 1:
                return None
        return offsets.pop()

    def _local(self, moment: dt.datetime, name: str, *, clamp: bool = False) -> tuple[int, int]:
        """(day index, seconds of day) of an aware moment in the calendar's zone."""
        if not isinstance(moment, dt.datetime):
            raise DeadlineInputError("Expected a date and time.", field=name, code="invalid")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise DeadlineInputError(
                "The date and time must carry a time zone (e.g. +07:00).",
                field=name,
                code="naive_datetime",
            )
        local = moment.astimezone(self.tz)
        i = local.toordinal() - self._base
        s = local.hour * 3600 + local.minute * 60 + local.second
        if 0 <= i < self._ndays:
            return i, s
        if clamp:
            return (0, 0) if i < 0 else (self._ndays - 1, _DAY - 1)
        raise DeadlineInputError(
            f"{local.date().isoformat()} is outside the calendar "
            f"({self.first_year}–{self.last_year}).",
            field=name,
            code="out_of_range",
        )

    def _aware(self, i: int, s: int) -> dt.datetime:
        day = self._date(i)
        return dt.datetime(
            day.year, day.month, day.day, s // 3600, s % 3600 // 60, s % 60, tzinfo=self.tz
        )

    def _effective(self, d: int, s: int) -> tuple[int, int]:
        """The effective receipt moment: next working day's opening after the cut-off."""
        if self._working[d] and s <= self._cutoff and s < self._day_end:
            return d, max(s, self._day_start)
        return self._wday(self._before[d + 1]), self._day_start

    def _cum(self, d: int, s: int) -> int:
        """Working seconds from the calendar's first day up to the moment (d, s)."""
        c = self._before[d] * self._H
        if self._working[d]:
            for a, b in self._bounds:
                if s <= a:
                    break
                c += (s if s < b else b) - a
        return c

    def _from_cum(self, c: int) -> tuple[int, int]:
        """The earliest moment (d, s) at which `c` working seconds have elapsed (c > 0)."""
        k, r = divmod(c, self._H)
        if r == 0:
            return self._wday(k - 1), self._day_end
        d = self._wday(k)
        for a, b in self._bounds:
            if r <= b - a:
                return d, a + r
            r -= b - a
        raise AssertionError("unreachable: r < seconds per day")  # pragma: no cover
