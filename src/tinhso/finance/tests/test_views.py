"""Finance pages: smoke, filters, export, snapshot form, summary toggles, query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.finance.models import BudgetSnapshot

from .conftest import client_for
from .factories import BN, BudgetLineFactory, BudgetSnapshotFactory, LocalBudgetTotalFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _lines(tree, n):
    for i in range(n):
        line = BudgetLineFactory(
            unit=tree["s"] if i % 2 else tree["x"],
            expenditure_type="investment" if i % 2 else "recurrent",
            title=f"Dòng ngân sách {i}",
        )
        BudgetSnapshotFactory(line=line, as_of=D(2025, 7, 31), allocated=100 * BN, disbursed=0)
        BudgetSnapshotFactory(
            line=line, as_of=D(2025, 8, 31), allocated=100 * BN, disbursed=(i % 3) * 30 * BN
        )


def test_list_page_query_count_is_constant(tree, users, django_assert_max_num_queries):
    _lines(tree, 3)
    client = client_for(users["p_leader"])
    url = "/finance/?year=2025&as_of=31/08/2025&lagging=on"
    client.get(url)
    with django_assert_max_num_queries(20) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    few = len(ctx.captured_queries)
    _lines(tree, 20)
    with django_assert_max_num_queries(few):
        response = client.get(url)
    html = response.content.decode()
    # 0 % and 30 % lag (threshold 41.6 % on 31/08), 60 % does not.
    assert "Dòng ngân sách 0" in html and "Dòng ngân sách 1" in html
    assert "Dòng ngân sách 2<" not in html


def test_list_export_and_htmx_partial(tree, users):
    _lines(tree, 4)
    client = client_for(users["p_leader"])
    csv = client.get("/finance/?year=2025&as_of=31/08/2025&include_supplementary=on&export=csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert text.count("\n") == 5  # header + 4 lines
    assert "30.0" in text or "30,0" in text
    xlsx = client.get("/finance/?year=2025&export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")
    partial = client.get("/finance/?year=2025", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<html" not in partial.content.decode()


def test_line_page_and_snapshot_form(tree, users):
    line = BudgetLineFactory(unit=tree["s"], title="Nền tảng chính quyền số")
    BudgetSnapshotFactory(line=line, as_of=D(2025, 8, 31), allocated=100 * BN, disbursed=40 * BN)
    client = client_for(users["s_officer"])
    page = client.get(f"/finance/lines/{line.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nền tảng chính quyền số" in html and "31/08/2025" in html
    assert 'id="snapshot-form"' in html
    dated = client.get(f"/finance/lines/{line.pk}/?as_of=31/08/2025").content.decode()
    assert "40,0 %" in dated  # VND 40 bn of 100 bn on that date
    url = f"/finance/lines/{line.pk}/snapshots/"
    bad = client.post(url, {"as_of": "30/09/2025", "allocated": 100, "disbursed": 101})
    assert bad.status_code == 422 and "error" in bad.content.decode()
    ok = client.post(url, {"as_of": "31/07/2025", "allocated": 100 * BN, "disbursed": 30 * BN})
    assert ok.status_code == 302
    assert BudgetSnapshot.objects.filter(line=line).count() == 2
    htmx = client.post(url, {"as_of": "junk"}, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 200 and "<html" not in htmx.content.decode()
    viewer = client_for(users["s_viewer"]).get(f"/finance/lines/{line.pk}/")
    assert 'id="snapshot-form"' not in viewer.content.decode()
    assert client_for(users["x_officer"]).get(f"/finance/lines/{line.pk}/").status_code == 404
    assert client_for(users["s_viewer"]).post(url, {"as_of": "01/09/2025"}).status_code == 404


def test_summary_page_states_options_and_constant_queries(
    tree, users, django_assert_max_num_queries
):
    _lines(tree, 4)
    LocalBudgetTotalFactory(unit=tree["p"], total_estimate=10_000 * BN)
    client = client_for(users["p_leader"])
    url = "/finance/summary/?year=2025&as_of=31/08/2025"
    client.get(url)
    with django_assert_max_num_queries(20) as ctx:
        response = client.get(url)
    few = len(ctx.captured_queries)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="include_carried_over"' in html and 'name="include_supplementary"' in html
    assert "Sở Xây dựng" in html and "Sở Khoa học và Công nghệ" in html
    _lines(tree, 20)
    with django_assert_max_num_queries(few):
        assert client.get(url).status_code == 200
    toggled = client.get(url + "&include_supplementary=on&include_carried_over=on")
    assert toggled.status_code == 200
    assert client.get("/finance/summary/?as_of=nonsense&year=abc").status_code == 200


def test_summary_without_a_year_opens_the_latest_year_with_lines(tree, users):
    """In 2026 with only 2025 lines, a leader sees 2025 (as of 31/12/2025), not an empty
    2026 page."""
    _lines(tree, 2)
    response = client_for(users["p_leader"]).get("/finance/summary/")
    assert response.context["year"] == 2025
    assert response.context["as_of"] == D(2025, 12, 31)
