"""Presentation helpers of the year page: twelve Monday-first month grids."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .deadlines import WorkingCalendar
from .models import OfficialCalendarDay


@dataclass
class DayCell:
    """One day of a month grid with its CSS class and tooltip."""

    date: dt.date
    css: str
    title: str = ""
    proposed: bool = False


@dataclass
class MonthGrid:
    """A month as weeks of seven cells (None outside the month), Monday first."""

    number: int
    weeks: list[list[DayCell | None]] = field(default_factory=list)


def month_grids(
    calendar: WorkingCalendar, year: int, rows: Iterable[OfficialCalendarDay], today: dt.date
) -> list[MonthGrid]:
    """The twelve months of `year`: days off red, make-up working days green, weekends grey.

    Colours follow the confirmed calendar; a proposed row only adds a dashed outline and its
    reason to the tooltip, so the page shows what the deadline engine really uses.
    """
    by_date: dict[dt.date, OfficialCalendarDay] = {}
    for row in rows:
        # A civil-service row wins over an all-employees row on the same date.
        if row.date not in by_date or row.applies_to == OfficialCalendarDay.AppliesTo.CIVIL_SERVICE:
            by_date[row.date] = row
    weeks_of = pycalendar.Calendar(firstweekday=0)
    grids: list[MonthGrid] = []
    for month in range(1, 13):
        grid = MonthGrid(number=month)
        for week in weeks_of.monthdatescalendar(year, month):
            cells: list[DayCell | None] = []
            for day in week:
                if day.month != month:
                    cells.append(None)
                    continue
                working = calendar.is_working_day(day)
                weekend = day.weekday() >= 5
                if working and weekend:
                    css = "day-makeup"
                elif not working and not weekend:
                    css = "day-off"
                elif weekend:
                    css = "day-weekend"
                else:
                    css = "day-work"
                found = by_date.get(day)
                proposed = found is not None and not found.is_confirmed
                if proposed:
                    css += " day-proposed"
                if day == today:
                    css += " day-today"
                cells.append(
                    DayCell(
                        date=day, css=css, title=found.reason if found else "", proposed=proposed
                    )
                )
            grid.weeks.append(cells)
        grids.append(grid)
    return grids
