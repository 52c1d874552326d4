"""Period codes, dates, Vietnamese names and the previous period, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.indicators.periods import period_spec, period_spec_for_date, period_spec_from_code
from tinhso.indicators.selectors import period_previous
from tinhso.indicators.services import period_get_or_create, period_get_or_create_by_code


@pytest.mark.parametrize(
    ("kind", "year", "number", "code", "name", "start", "end"),
    [
        ("month", 2025, 9, "2025-M09", "Tháng 9/2025", dt.date(2025, 9, 1), dt.date(2025, 9, 30)),
        ("month", 2024, 2, "2024-M02", "Tháng 2/2024", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
        ("quarter", 2025, 3, "2025-Q3", "Quý III/2025", dt.date(2025, 7, 1), dt.date(2025, 9, 30)),
        (
            "half",
            2025,
            1,
            "2025-H1",
            "6 tháng đầu năm 2025",
            dt.date(2025, 1, 1),
            dt.date(2025, 6, 30),
        ),
        (
            "half",
            2025,
            2,
            "2025-H2",
            "6 tháng cuối năm 2025",
            dt.date(2025, 7, 1),
            dt.date(2025, 12, 31),
        ),
        ("year", 2025, 1, "2025", "Năm 2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31)),
        ("week", 2025, 38, "2025-W38", "Tuần 38/2025", dt.date(2025, 9, 15), dt.date(2025, 9, 21)),
        ("week", 2026, 1, "2026-W01", "Tuần 1/2026", dt.date(2025, 12, 29), dt.date(2026, 1, 4)),
    ],
)
def test_period_spec(kind, year, number, code, name, start, end):
    spec = period_spec(kind, year, number)
    assert (spec.code, spec.name, spec.start, spec.end) == (code, name, start, end)
    assert period_spec_from_code(code) == spec
    assert period_spec_for_date(kind, start) == spec
    assert period_spec_for_date(kind, end) == spec


@pytest.mark.parametrize("bad", ["2025-M13", "2025-Q5", "2025-H3", "2025-W54", "M09", "", "abc"])
def test_bad_codes_are_not_regular(bad):
    assert period_spec_from_code(bad) is None


@pytest.mark.parametrize(
    ("code", "previous"),
    [
        ("2025-M01", "2024-M12"),
        ("2025-M09", "2025-M08"),
        ("2025-Q1", "2024-Q4"),
        ("2025-H2", "2025-H1"),
        ("2025", "2024"),
        ("2026-W01", "2025-W52"),
    ],
)
@pytest.mark.django_db
def test_period_previous_same_kind(code, previous):
    period = period_get_or_create_by_code(code)
    assert period_previous(period) is None  # not stored yet
    expected = period_get_or_create_by_code(previous)
    assert period_previous(period) == expected
    assert expected.kind == period.kind


@pytest.mark.django_db
def test_get_or_create_is_idempotent():
    first = period_get_or_create("quarter", 2025, 3)
    again = period_get_or_create("quarter", 2025, 3)
    assert first.pk == again.pk
    assert str(first) == "Quý III/2025"
