"""Draft calendar days from the `holidays` package (country VN), for an administrator to check.

The package models the Labour Code's statutory days and the weekend→next-weekday
compensation, and some swaps, but it has no make-up working Saturdays and misses some
swaps (e.g. Fri 2 Jan 2026), so its output is only ever a *proposal* (spec §4.6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Proposal:
    """A day suggested for the calendar, with the source's name for it."""

    date: dt.date
    reason: str
    legal_ref: str

    @property
    def is_swap(self) -> bool:
        """True for a day the source marks as swapped with a make-up working day."""
        return "thay cho" in self.reason


def holiday_proposals(year: int) -> list[Proposal]:
    """The public holidays of Vietnam in `year` according to the `holidays` package.

    Names in Vietnamese; the legal reference names the package and its version so that a
    reader knows the row still has to be checked against the official announcement.
    """
    import holidays

    version = getattr(holidays, "__version__", "?")
    source = f"Dự thảo từ gói holidays {version} (VN) — cần đối chiếu thông báo chính thức"
    days = holidays.country_holidays("VN", years=year, language="vi")
    return [
        Proposal(date=day, reason=str(name), legal_ref=source) for day, name in sorted(days.items())
    ]
