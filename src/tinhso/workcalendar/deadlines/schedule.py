"""The display time zone and the daily working periods of a one-stop centre."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

__all__ = ["DEFAULT_SCHEDULE", "TZ", "WorkSchedule"]

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_DAY = 86400


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass(frozen=True)
class WorkSchedule:
    """Daily working periods and the receipt cut-off of a one-stop centre.

    `periods` are (start, end) local times, ordered and not overlapping; the default
    07:30–11:30 + 13:00–17:00 makes the eight-hour day that converts days to hours.
    `cutoff` (15:00 by default, None for none): a dossier received later than it counts
    as received at the start of the next working day.
    """

    periods: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 0), dt.time(17, 0)),
    )
    cutoff: dt.time | None = dt.time(15, 0)
    bounds: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("A work schedule needs at least one working period.")
        bounds: list[tuple[int, int]] = []
        previous_end = -1
        for start, end in self.periods:
            a, b = _seconds(start), _seconds(end)
            if b <= a:
                raise ValueError(f"Working period {start}–{end} ends before it starts.")
            if a < previous_end:
                raise ValueError("Working periods must be ordered and must not overlap.")
            bounds.append((a, b))
            previous_end = b
        if self.cutoff is not None and not bounds[0][0] <= _seconds(self.cutoff) <= bounds[-1][1]:
            raise ValueError("The receipt cut-off must lie within the working day.")
        object.__setattr__(self, "bounds", tuple(bounds))

    @property
    def seconds_per_day(self) -> int:
        """Working seconds in one working day (28,800 for the default schedule)."""
        return sum(b - a for a, b in self.bounds)

    @property
    def day_start(self) -> dt.time:
        """Opening time of a working day (07:30 by default)."""
        return self.periods[0][0]

    @property
    def day_end(self) -> dt.time:
        """Closing time of a working day (17:00 by default): the due moment of day counts."""
        return self.periods[-1][1]


DEFAULT_SCHEDULE = WorkSchedule()
