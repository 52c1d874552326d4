"""The entry grid at catalogue scale: pages of rows, the folded text filter and the row
filters (without a value / drafts / outliers) applied in SQL, a constant query count per
page, "save the rows of this page" and "submit all drafts" over every page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tinhso.indicators.models import IndicatorValue, ValueStatus
from tinhso.indicators.selectors import ENTRY_PAGE_SIZE, entry_grid
from tinhso.indicators.services import indicator_value_save

from .factories import DimensionMemberFactory, IndicatorFactory, IndicatorValueFactory, month

pytestmark = pytest.mark.django_db
ENTRY = reverse("indicators:entry")
GRID = {"unit": "26041", "period": "2025-M09"}
ROW = re.compile(r'<tr id="row-([^"]+)" class="entry-row')


@pytest.fixture
def c(client, officer_a):
    client.force_login(officer_a)
    return client


def indicators(tree, n, start=0, **kwargs):
    return [
        IndicatorFactory(code=f"PG-{k:04d}", owner_unit=tree["P"], **kwargs)
        for k in range(start, start + n)
    ]


def rows_of(response):
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def save(user, indicator, unit, value="5", breakdown=""):
    return indicator_value_save(
        actor=user,
        indicator=indicator,
        unit=unit,
        period=month(),
        breakdown=breakdown,
        value=value,
        as_of=dt.date(2025, 9, 30),
    )


def test_query_count_per_page_does_not_grow_with_the_catalogue(tree, officer_a, c):
    counts = {}
    for total in (30, 300):
        have = IndicatorValue.objects.count()
        for indicator in indicators(tree, total - have, start=have):
            save(officer_a, indicator, tree["A"])
        for params in ({}, {"page": "2"}, {"q": "pg-0", "show": "draft"}):
            with CaptureQueriesContext(connection) as ctx:
                found = rows_of(c.get(ENTRY, {**GRID, **params}))
            assert len(found) <= ENTRY_PAGE_SIZE
            counts.setdefault(str(params), []).append(len(ctx))
        assert len(rows_of(c.get(ENTRY, GRID))) == min(total, ENTRY_PAGE_SIZE)
    for params, (small, large) in counts.items():
        assert small == large, (params, counts)


def test_pages_cover_every_row_once_in_grid_order(tree, officer_a, c):
    dimension = DimensionMemberFactory(code="m1", sort_order=1).dimension
    DimensionMemberFactory(dimension=dimension, code="m2", sort_order=2)
    made = indicators(tree, 40)
    for indicator in made[::2]:
        indicator.dimensions.add(dimension)  # 20 × 3 rows + 20 × 1 row = 80 rows
    first = c.get(ENTRY, GRID)
    html = first.content.decode()
    assert "80 rows" in html and "Page 1 of 2" in html
    assert 'href="?unit=26041&amp;period=2025-M09&amp;page=2"' in html
    seen = rows_of(first) + rows_of(c.get(ENTRY, {**GRID, "page": "2"}))
    expected = []
    for k, indicator in enumerate(made):
        expected.append(f"{indicator.code}--")
        if k % 2 == 0:
            expected += [
                f"{indicator.code}--{dimension.code}-m1",
                f"{indicator.code}--{dimension.code}-m2",
            ]
    assert seen == expected  # a breakdown may continue on the next page, nothing twice
    assert rows_of(c.get(ENTRY, {**GRID, "page": "99"}))[-1] == expected[-1]  # last page


def test_text_filter_ignores_case_and_diacritics(tree, c):
    IndicatorFactory(code="DVC-01", name="Tỷ lệ hồ sơ trực tuyến toàn trình")
    IndicatorFactory(code="KT-02", name="Tổng thu ngân sách")
    IndicatorFactory(code="XH-03", name="Số hộ nghèo", is_active=False)
    assert rows_of(c.get(ENTRY, {**GRID, "q": "ty le HO SO"})) == ["DVC-01--"]
    assert rows_of(c.get(ENTRY, {**GRID, "q": "kt-0"})) == ["KT-02--"]
    assert rows_of(c.get(ENTRY, {**GRID, "q": "ngân"})) == ["KT-02--"]
    assert rows_of(c.get(ENTRY, {**GRID, "q": "ho ngheo"})) == []  # not in use
    html = c.get(ENTRY, {**GRID, "q": "zzz"}).content.decode()
    assert "No row matches this filter." in html and 'value="zzz"' in html


def test_row_filters_work_per_breakdown_row(tree, officer_a, c):
    member = DimensionMemberFactory(code="nu")
    dim = member.dimension
    DimensionMemberFactory(dimension=dim, code="nam")
    split = IndicatorFactory(code="A-01")
    split.dimensions.add(dim)
    IndicatorFactory(code="B-02")
    save(officer_a, split, tree["A"])  # the total: a draft
    other = IndicatorValueFactory(
        indicator=split,
        unit=tree["A"],
        breakdown=f"{dim.code}:nu",
        status=ValueStatus.SUBMITTED,
        is_outlier=True,
    )
    assert other.period == month()
    show = {s: rows_of(c.get(ENTRY, {**GRID, "show": s})) for s in ("empty", "draft", "outlier")}
    assert show["empty"] == [f"A-01--{dim.code}-nam", "B-02--"]
    assert show["draft"] == ["A-01--"]
    assert show["outlier"] == [f"A-01--{dim.code}-nu"]
    assert len(rows_of(c.get(ENTRY, {**GRID, "show": "bogus"}))) == 4  # unknown: every row
    html = c.get(ENTRY, {**GRID, "show": "draft"}).content.decode()
    assert "1 draft value" in html  # the counter covers the whole unit × period


def test_selector_builds_only_the_page(tree, officer_a):
    indicators(tree, 120)
    grid = entry_grid(user=officer_a, unit=tree["A"], period=month(), page=3)
    assert len(grid.rows) == 20 and grid.page is not None and grid.page.paginator.count == 120
    assert [r.indicator.code for r in grid.rows][:1] == ["PG-0100"]
    every = entry_grid(user=officer_a, unit=tree["A"], period=month(), per_page=None)
    assert len(every.rows) == 120


def test_save_rows_of_the_page_and_come_back_to_it(tree, c):
    made = indicators(tree, 60)
    url = reverse("indicators:entry_save")
    k1, k2 = f"{made[55].code}--", f"{made[56].code}--"
    payload = {
        **GRID,
        "q": "pg",
        "show": "empty",
        "page": "2",
        "keys": [k1, k2],
        f"{k1}-indicator": made[55].code,
        f"{k1}-value": "7",
        f"{k1}-as_of": "30/09/2025",
        f"{k1}-version": "0",
        f"{k2}-indicator": made[56].code,
        f"{k2}-value": "x",
        f"{k2}-as_of": "30/09/2025",
        f"{k2}-version": "0",
    }
    r = c.post(url, payload)
    html = r.content.decode()
    assert r.status_code == 200 and "entry-invalid" in html
    assert rows_of(r) == [k1, k2]  # the posted rows, as typed, with the page's pager
    assert "Page 2 of 2" in html and 'value="x"' in html
    assert not IndicatorValue.objects.exists()
    payload[f"{k2}-value"] = "8"
    r = c.post(url, payload)
    assert r.status_code == 302
    assert r["Location"] == f"{ENTRY}?unit=26041&period=2025-M09&q=pg&show=empty&page=2"
    assert sorted(v.value for v in IndicatorValue.objects.all()) == [7, 8]
    assert "Save the rows of this page" in c.get(ENTRY, GRID).content.decode()


def test_submit_all_drafts_acts_on_every_page(tree, officer_a, c):
    made = indicators(tree, 70)
    for indicator in (made[0], made[69]):
        save(officer_a, indicator, tree["A"])
    r = c.post(
        reverse("indicators:entry_submit"), {**GRID, "q": "PG-006", "show": "draft", "page": "1"}
    )
    assert r.status_code == 302
    assert set(IndicatorValue.objects.values_list("status", flat=True)) == {ValueStatus.SUBMITTED}
    assert "show=draft" in r["Location"]


def test_other_unit_gets_404_with_filters(tree, officer_a, c):
    indicators(tree, 3)
    r = c.get(ENTRY, {"unit": "26365", "period": "2025-M09", "q": "pg", "page": "2"})
    assert r.status_code == 404
    r = c.post(reverse("indicators:entry_save"), {"unit": "26365", "period": "2025-M09"})
    assert r.status_code == 404
