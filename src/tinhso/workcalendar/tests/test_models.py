"""The model's rules and the seeded 2025/2026 calendars (data migration 0002)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from tinhso.workcalendar.models import CalendarRevision, OfficialCalendarDay
from tinhso.workcalendar.selectors import calendar_load

from .calendars import OFF_2025, OFF_2026, WORKING_SATURDAYS
from .factories import OfficialCalendarDayFactory

pytestmark = pytest.mark.django_db
Day = OfficialCalendarDay


def seeded(year: int) -> list[Day]:
    return list(Day.objects.filter(date__year=year).order_by("date", "applies_to"))


@pytest.mark.parametrize("year", [2025, 2026])
def test_seed_matches_the_official_schedule(year):
    rows = seeded(year)
    off = {r.date for r in rows if r.kind == Day.Kind.DAY_OFF}
    work = {r.date for r in rows if r.kind == Day.Kind.WORKING_DAY}
    assert off == {d for d in OFF_2025 | OFF_2026 if d.year == year}
    assert work == {d for d in WORKING_SATURDAYS if d.year == year}
    assert all(r.status == Day.Status.CONFIRMED for r in rows)
    # Every row explains itself in Vietnamese with a legal basis.
    assert all(r.reason and r.legal_ref for r in rows)
    # Every seeded row passes the model rules (weekday off, weekend make-up day).
    for r in rows:
        r.full_clean()


def test_seed_counts():
    assert len(seeded(2025)) == 13  # 12 weekdays off + 1 make-up Saturday
    assert len(seeded(2026)) == 16  # 14 weekdays off + 2 make-up Saturdays
    assert CalendarRevision.objects.get(pk=1).revision >= 1


def test_culture_day_2026_is_a_confirmed_day_off_with_its_legal_basis():
    row = Day.objects.get(date=dt.date(2026, 11, 24))
    assert row.kind == Day.Kind.DAY_OFF
    assert row.status == Day.Status.CONFIRMED
    assert row.applies_to == Day.AppliesTo.ALL
    assert "80-NQ/TW" in row.legal_ref
    assert "Điều 112" in row.legal_ref


def test_swaps_cite_their_announcements():
    assert "12729/VPCP-KGVX" in Day.objects.get(date=dt.date(2026, 1, 2)).legal_ref
    assert "12729/VPCP-KGVX" in Day.objects.get(date=dt.date(2026, 1, 10)).legal_ref
    assert "6150/TB-BLĐTBXH" in Day.objects.get(date=dt.date(2025, 1, 29)).legal_ref


def test_seeded_calendar_feeds_the_engine():
    calendar = calendar_load([2025, 2026])
    start = dt.datetime.fromisoformat("2025-01-24T10:00:00+07:00")
    assert calendar.due(start, 3, "working_days", "day_count").date() == dt.date(2025, 2, 5)
    assert calendar.is_working_day(dt.date(2026, 8, 22))
    assert not calendar.is_working_day(dt.date(2026, 11, 24))


def test_day_off_on_a_weekend_is_refused():
    day = OfficialCalendarDayFactory.build(date=dt.date(2030, 3, 9))  # Saturday
    with pytest.raises(ValidationError) as info:
        day.full_clean()
    assert "date" in info.value.message_dict


def test_make_up_day_on_a_weekday_is_refused():
    day = OfficialCalendarDayFactory.build(kind=Day.Kind.WORKING_DAY)  # a Tuesday
    with pytest.raises(ValidationError) as info:
        day.full_clean()
    assert "date" in info.value.message_dict


def test_one_row_per_date_and_scope():
    OfficialCalendarDayFactory()
    OfficialCalendarDayFactory(applies_to=Day.AppliesTo.ALL)  # other scope: allowed
    with pytest.raises(IntegrityError):
        OfficialCalendarDayFactory()


def test_str_shows_the_date_and_reason():
    day = OfficialCalendarDayFactory.build()
    assert str(day).startswith("05/03/2030")
    assert "Ngày nghỉ thử nghiệm" in str(day)
