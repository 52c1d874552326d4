"""Reporting-period arithmetic: codes, dates and Vietnamese names, without the database.

Codes: monthly `2025-M09`, quarterly `2025-Q3`, six-monthly `2025-H1`, annual `2025`,
weekly `2025-W38` (ISO 8601 week; the year is the ISO year). Ad-hoc periods carry any code
their creator gives them. Names are stored in Vietnamese (they are data shown in reports):
"Tháng 9/2025", "Quý III/2025", "6 tháng đầu năm 2025", "Năm 2025", "Tuần 38/2025".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from .models import PeriodKind

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
COUNT_IN_YEAR = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.HALF: 2}
_CODE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?P<letter>[MQHW])(?P<number>\d{1,2}))?$")
_LETTER = {"M": PeriodKind.MONTH, "Q": PeriodKind.QUARTER, "H": PeriodKind.HALF}


@dataclass(frozen=True)
class PeriodSpec:
    """What a regular period is, before it is stored: code, kind, year, number, dates, name."""

    code: str
    kind: str
    year: int
    number: int
    start: dt.date
    end: dt.date
    name: str


def _weeks_in_iso_year(year: int) -> int:
    return dt.date(year, 12, 28).isocalendar()[1]


def period_spec(kind: str, year: int, number: int = 1) -> PeriodSpec:
    """The code, dates and name of the regular period `kind` `number` of `year`.

    Errors: `ValueError` for an ad-hoc kind or a number out of range.
    """
    kind = PeriodKind(kind)
    if kind == PeriodKind.YEAR:
        number = 1
    elif kind == PeriodKind.WEEK:
        if not 1 <= number <= _weeks_in_iso_year(year):
            raise ValueError(f"ISO year {year} has no week {number}")
    elif kind in COUNT_IN_YEAR:
        if not 1 <= number <= COUNT_IN_YEAR[kind]:
            raise ValueError(f"no {kind} {number}")
    else:
        raise ValueError("ad-hoc periods have no regular code")
    with translation.override("vi"):
        if kind == PeriodKind.MONTH:
            start = dt.date(year, number, 1)
            end = dt.date(year, number, calendar.monthrange(year, number)[1])
            code = f"{year}-M{number:02d}"
            name = _("Month %(number)s/%(year)s") % {"number": number, "year": year}
        elif kind == PeriodKind.QUARTER:
            start = dt.date(year, 3 * number - 2, 1)
            last_month = 3 * number
            end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
            code = f"{year}-Q{number}"
            name = _("Quarter %(roman)s/%(year)s") % {"roman": ROMAN[number], "year": year}
        elif kind == PeriodKind.HALF:
            start = dt.date(year, 1 if number == 1 else 7, 1)
            end = dt.date(year, 6, 30) if number == 1 else dt.date(year, 12, 31)
            code = f"{year}-H{number}"
            name = (
                _("First six months of %(year)s")
                if number == 1
                else _("Last six months of %(year)s")
            ) % {"year": year}
        elif kind == PeriodKind.WEEK:
            start = dt.date.fromisocalendar(year, number, 1)
            end = start + dt.timedelta(days=6)
            code = f"{year}-W{number:02d}"
            name = _("Week %(number)s/%(year)s") % {"number": number, "year": year}
        else:
            start, end, code = dt.date(year, 1, 1), dt.date(year, 12, 31), str(year)
            name = _("Year %(year)s") % {"year": year}
    return PeriodSpec(code, str(kind), year, number, start, end, str(name))


def period_spec_for_date(kind: str, day: dt.date) -> PeriodSpec:
    """The regular period of `kind` that contains `day`."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.WEEK:
        iso = day.isocalendar()
        return period_spec(kind, iso[0], iso[1])
    if kind == PeriodKind.MONTH:
        return period_spec(kind, day.year, day.month)
    if kind == PeriodKind.QUARTER:
        return period_spec(kind, day.year, (day.month - 1) // 3 + 1)
    if kind == PeriodKind.HALF:
        return period_spec(kind, day.year, 1 if day.month <= 6 else 2)
    return period_spec(kind, day.year)


def period_spec_from_code(code: str) -> PeriodSpec | None:
    """Parse a regular period code (`2025-M09`, `2025-Q3`, `2025-H1`, `2025`, `2025-W38`).

    Returns None when `code` is not a valid regular code (it may still be an ad-hoc one).
    """
    match = _CODE_RE.match(code.strip())
    if match is None:
        return None
    year = int(match["year"])
    letter = match["letter"]
    try:
        if letter is None:
            return period_spec(PeriodKind.YEAR, year)
        kind = PeriodKind.WEEK if letter == "W" else _LETTER[letter]
        return period_spec(kind, year, int(match["number"]))
    except ValueError:
        return None


def previous_spec(kind: str, year: int, number: int) -> PeriodSpec:
    """The regular period just before (`kind`, `year`, `number`)."""
    kind = PeriodKind(kind)
    if kind == PeriodKind.YEAR:
        return period_spec(kind, year - 1)
    if kind == PeriodKind.WEEK:
        monday = dt.date.fromisocalendar(year, number, 1) - dt.timedelta(days=7)
        return period_spec_for_date(kind, monday)
    if number > 1:
        return period_spec(kind, year, number - 1)
    return period_spec(kind, year - 1, COUNT_IN_YEAR[kind])
