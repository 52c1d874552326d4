"""The bulk API `due_many` (Unix seconds in and out): same rules and errors as `due`."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.workcalendar.deadlines import TZ, DeadlineInputError

from .calendars import official_calendar
from .deadline_cases import DC, HC, WD, WH, t

CAL = official_calendar()


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
