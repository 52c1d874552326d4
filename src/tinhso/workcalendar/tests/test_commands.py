"""`manage.py propose_calendar YEAR`."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tinhso.workcalendar.models import OfficialCalendarDay
from tinhso.workcalendar.proposals import holiday_proposals

from .factories import OfficialCalendarDayFactory

pytestmark = pytest.mark.django_db
Day = OfficialCalendarDay


def test_holidays_package_proposals_for_2026():
    days = {p.date: p for p in holiday_proposals(2026)}
    assert dt.date(2026, 2, 17) in days
    assert dt.date(2026, 11, 24) in days  # the package lists Culture Day since 0.108
    assert days[dt.date(2026, 8, 31)].is_swap
    assert dt.date(2026, 1, 2) not in days  # the swap the package misses (spec §4.6)
    assert "holidays" in days[dt.date(2026, 2, 17)].legal_ref


def test_command_drafts_weekdays_and_keeps_confirmed_rows(open_year):
    new_year = dt.date(open_year, 1, 1)
    kept = OfficialCalendarDayFactory(
        date=new_year, confirmed=True, reason="Tết Dương lịch (đã xác nhận)"
    )
    package = holiday_proposals(open_year)
    weekdays = {p.date for p in package if p.date.weekday() < 5}
    weekends = {p.date for p in package if p.date.weekday() >= 5}
    out = StringIO()
    call_command("propose_calendar", str(open_year), stdout=out)
    text = out.getvalue()
    rows = Day.objects.filter(date__year=open_year).order_by("date")
    proposed = {r.date for r in rows if r.status == Day.Status.PROPOSED}
    assert proposed == weekdays - {new_year}
    assert not proposed & weekends
    kept.refresh_from_db()
    assert kept.reason == "Tết Dương lịch (đã xác nhận)"
    assert kept.status == Day.Status.CONFIRMED
    assert "make-up working Saturdays" in text
    assert f"{len(proposed)} day(s) proposed" in text
    # Idempotent: a second run creates nothing new.
    count = rows.count()
    call_command("propose_calendar", str(open_year), stdout=StringIO())
    assert Day.objects.filter(date__year=open_year).count() == count


def test_command_refuses_a_locked_year(past_year):
    with pytest.raises(CommandError, match="01/01/"):
        call_command("propose_calendar", str(past_year), stdout=StringIO())
    with pytest.raises(CommandError, match="out of range"):
        call_command("propose_calendar", "99999", stdout=StringIO())
