"""Selectors: the cached calendar, range listing, due computation errors, the province."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from tinhso.accounts.tests.factories import UserFactory
from tinhso.units.tests.factories import UnitFactory
from tinhso.workcalendar import selectors, services
from tinhso.workcalendar.deadlines import TZ
from tinhso.workcalendar.models import OfficialCalendarDay

from .conftest import tuesday_in
from .factories import OfficialCalendarDayFactory

pytestmark = pytest.mark.django_db
Day = OfficialCalendarDay


def test_calendar_load_is_cached_per_revision(django_assert_num_queries):
    first = selectors.calendar_load([2025, 2026])
    with django_assert_num_queries(1):  # only the revision stamp
        again = selectors.calendar_load(range(2025, 2027))
    assert again is first


def test_calendar_load_sees_a_service_change(admin, open_year):
    day = tuesday_in(open_year)
    before = selectors.calendar_load([open_year])
    assert before.is_working_day(day)
    row = services.calendar_day_set(
        actor=admin, date=day, kind="day_off", reason="Nghỉ", legal_ref="TB 1"
    )
    # Proposed rows do not count...
    assert selectors.calendar_load([open_year]).is_working_day(day)
    services.calendar_day_confirm(actor=admin, pk=row.pk, version=row.version)
    # ...confirmed ones do, at once (the revision was bumped).
    after = selectors.calendar_load([open_year])
    assert after is not before
    assert not after.is_working_day(day)


def test_calendar_load_ignores_proposed_rows_and_prefers_civil_service_rows():
    day = dt.date(2030, 3, 5)
    OfficialCalendarDayFactory(date=day, status="proposed")
    assert selectors.calendar_load([2030]).is_working_day(day)
    # An "all employees" make-up day and a civil-service day off on the same Saturday:
    saturday = dt.date(2030, 3, 9)
    OfficialCalendarDayFactory(date=saturday, kind="working_day", applies_to="all", confirmed=True)
    selectors.calendar_cache_clear()
    assert selectors.calendar_load([2030]).is_working_day(saturday)


def test_calendar_load_needs_years():
    with pytest.raises(ValueError, match="at least one year"):
        selectors.calendar_load([])


def test_working_days_in_range_kinds_and_reasons(officer):
    days = selectors.working_days_in_range(
        user=officer, start=dt.date(2025, 4, 25), end=dt.date(2025, 5, 5)
    )
    kinds = {d.date: d.kind for d in days}
    assert len(days) == 11
    assert kinds[dt.date(2025, 4, 25)] == "working_day"
    assert kinds[dt.date(2025, 4, 26)] == "makeup_working_day"
    assert kinds[dt.date(2025, 4, 27)] == "weekend"
    assert kinds[dt.date(2025, 5, 2)] == "day_off"
    reasons = {d.date: d.reason for d in days}
    assert "26/4/2025" in reasons[dt.date(2025, 5, 2)]
    assert reasons[dt.date(2025, 4, 28)] == ""


def test_working_days_in_range_prefers_the_civil_service_row(officer):
    day = dt.date(2030, 3, 5)
    OfficialCalendarDayFactory(date=day, applies_to="all", reason="Chung", confirmed=True)
    OfficialCalendarDayFactory(date=day, reason="Công chức", confirmed=True)
    (info,) = selectors.working_days_in_range(user=officer, start=day, end=day)
    assert info.reason == "Công chức"
    assert info.kind == "day_off"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (dt.date(2025, 5, 1), dt.date(2025, 4, 1)),  # reversed
        (dt.date(2025, 1, 1), dt.date(2027, 1, 2)),  # longer than two years
    ],
)
def test_working_days_in_range_refuses_bad_ranges(officer, start, end):
    with pytest.raises(ValidationError) as info:
        selectors.working_days_in_range(user=officer, start=start, end=end)
    assert "end" in info.value.message_dict


def test_due_compute_uses_the_seeded_calendar(officer):
    start = dt.datetime(2025, 1, 24, 10, tzinfo=TZ)
    result = selectors.due_compute(
        user=officer, start=start, amount=3, unit="working_days", policy="day_count"
    )
    assert result.due == dt.datetime(2025, 2, 5, 17, tzinfo=TZ)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": dt.datetime(2025, 1, 24, 10)}, "start"),  # noqa: DTZ001  # naive on purpose
        ({"amount": -1}, "amount"),
        ({"amount": 10**12}, "amount"),
        ({"unit": "weeks"}, "unit"),
        ({"policy": "lunar"}, "policy"),
        ({"start": dt.datetime(2290, 1, 1, tzinfo=TZ)}, "start"),
        (
            {
                "pauses": [
                    (
                        dt.datetime(2025, 1, 24, 12, tzinfo=TZ),
                        dt.datetime(2025, 1, 24, 11, tzinfo=TZ),
                    )
                ]
            },
            "pauses.0.end",
        ),
    ],
)
def test_due_compute_gives_field_errors(officer, kwargs, field):
    args = {
        "start": dt.datetime(2025, 1, 24, 10, tzinfo=TZ),
        "amount": 3,
        "unit": "working_days",
        "policy": "day_count",
    }
    args.update(kwargs)
    with pytest.raises(ValidationError) as info:
        selectors.due_compute(user=officer, **args)
    assert field in info.value.message_dict


def test_calendar_day_list_filters(officer):
    rows = selectors.calendar_day_list(user=officer, filters={"year": 2026, "kind": "working_day"})
    assert [r.date for r in rows] == [dt.date(2026, 1, 10), dt.date(2026, 8, 22)]
    rows = selectors.calendar_day_list(user=officer, filters={"q": "12729"})
    assert {r.date for r in rows} == {dt.date(2026, 1, 2), dt.date(2026, 1, 10)}
    rows = selectors.calendar_day_list(user=officer, filters={"year": 2025, "applies_to": "all"})
    assert dt.date(2025, 1, 1) in {r.date for r in rows}
    assert dt.date(2025, 1, 27) not in {r.date for r in rows}


def test_calendar_day_list_is_empty_for_anonymous_and_inactive_users():
    assert not selectors.calendar_day_list(user=AnonymousUser()).exists()
    assert not selectors.calendar_day_list(user=UserFactory(is_active=False)).exists()


def test_manageable_province(admin, commune_admin, officer, province):
    assert selectors.manageable_province(user=admin) == province
    assert selectors.manageable_province(user=commune_admin) is None
    assert selectors.manageable_province(user=officer) is None
    assert selectors.manageable_province(user=AnonymousUser()) is None


def test_superuser_manages_the_first_province():
    first = UnitFactory(province=True)
    UnitFactory(province=True)
    superuser = UserFactory(is_superuser=True)
    assert selectors.manageable_province(user=superuser) == first
