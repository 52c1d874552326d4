"""Fixtures of the calendar tests: users with and without calendar rights, a clean cache."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory
from tinhso.workcalendar.selectors import calendar_cache_clear


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture
def province(db):
    return UnitFactory(province=True)


@pytest.fixture
def admin(province):
    """A province administrator (MANAGE on the province subtree): may edit the calendar."""
    return member(province, "admin")


@pytest.fixture
def commune_admin(province):
    """An administrator of a commune only: MANAGE, but not on a province."""
    commune = UnitFactory(parent=province)
    return member(commune, "admin")


@pytest.fixture
def officer(province):
    """A province officer (view, edit): may read the calendar, not change it."""
    return member(province, "officer")


def tuesday_in(year: int) -> dt.date:
    """The first Tuesday of March of `year` (a plain weekday, never a holiday)."""
    day = dt.date(year, 3, 1)
    return day + dt.timedelta(days=(1 - day.weekday()) % 7)


def saturday_in(year: int) -> dt.date:
    return tuesday_in(year) + dt.timedelta(days=4)


@pytest.fixture
def open_year() -> int:
    return timezone.localdate().year + 1


@pytest.fixture
def past_year() -> int:
    return timezone.localdate().year - 1
