"""Scoring periods of the index: month `2025-M09`, quarter `2025-Q3`, year `2025` (spec §1.6,
the same codes as the indicators app). Pure date arithmetic, no database."""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

from django.conf import settings

_CODE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:M(?P<month>\d{2})|Q(?P<quarter>[1-4])))?$")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def local_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class ScorePeriod:
    """A month, quarter or year: its code, kind and first/last day."""

    code: str
    kind: str
    year: int
    number: int
    first: dt.date
    last: dt.date

    @property
    def start_at(self) -> dt.datetime:
        """The first moment, local time (Asia/Ho_Chi_Minh)."""
        return dt.datetime.combine(self.first, dt.time.min, tzinfo=local_zone())

    @property
    def end_at(self) -> dt.datetime:
        """The first moment after the period (exclusive bound)."""
        return dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, local_zone())

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.number:02d}/{self.year}"
        if self.kind == "quarter":
            return f"{ROMAN[self.number]}/{self.year}"
        return str(self.year)

    def months(self) -> list[ScorePeriod]:
        if self.kind == "month":
            return [self]
        first_month = 1 if self.kind == "year" else 3 * self.number - 2
        count = 12 if self.kind == "year" else 3
        return [month(self.year, m) for m in range(first_month, first_month + count)]

    def containing(self) -> list[ScorePeriod]:
        """This period and the longer periods that contain it (month → quarter → year)."""
        out = [self]
        if self.kind == "month":
            out.append(quarter(self.year, (self.number - 1) // 3 + 1))
        if self.kind in {"month", "quarter"}:
            out.append(year(self.year))
        return out


def month(y: int, m: int) -> ScorePeriod:
    last = calendar.monthrange(y, m)[1]
    return ScorePeriod(f"{y}-M{m:02d}", "month", y, m, dt.date(y, m, 1), dt.date(y, m, last))


def quarter(y: int, q: int) -> ScorePeriod:
    last_month = 3 * q
    last = dt.date(y, last_month, calendar.monthrange(y, last_month)[1])
    return ScorePeriod(f"{y}-Q{q}", "quarter", y, q, dt.date(y, last_month - 2, 1), last)


def year(y: int) -> ScorePeriod:
    return ScorePeriod(str(y), "year", y, 1, dt.date(y, 1, 1), dt.date(y, 12, 31))


def parse(code: str) -> ScorePeriod | None:
    """The period of `code` (`2025-M09`, `2025-Q3`, `2025`), or None if it is not one."""
    match = _CODE_RE.match((code or "").strip())
    if match is None:
        return None
    y = int(match["year"])
    if not 2000 <= y <= 2100:
        return None
    if match["month"]:
        m = int(match["month"])
        return month(y, m) if 1 <= m <= 12 else None
    if match["quarter"]:
        return quarter(y, int(match["quarter"]))
    return year(y)


def month_of(moment: dt.datetime) -> ScorePeriod:
    local = moment.astimezone(local_zone())
    return month(local.year, local.month)


def current_quarter(today: dt.date) -> ScorePeriod:
    return quarter(today.year, (today.month - 1) // 3 + 1)
