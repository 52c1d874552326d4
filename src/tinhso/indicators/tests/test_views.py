"""Pages: catalogue, detail with drill-down, values list with export, the entry grid (HTMX
row saves, conflicts, submit all), constant query counts, 404 for other units."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tinhso.indicators.models import IndicatorValue, ValueStatus
from tinhso.indicators.services import indicator_value_save, indicator_values_set_status

from .factories import DimensionMemberFactory, IndicatorFactory, IndicatorValueFactory, month

pytestmark = pytest.mark.django_db
ENTRY = reverse("indicators:entry")


@pytest.fixture
def logged(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_catalogue_and_detail(tree, admin, logged):
    indicator = IndicatorFactory(ratio=True, code="DVC-01")
    for unit, num in ((tree["A"], "1"), (tree["B"], "9")):
        indicator_value_save(
            actor=admin,
            indicator=indicator,
            unit=unit,
            period=month(),
            numerator=num,
            denominator="10",
            as_of=dt.date(2025, 9, 30),
        )
        indicator_values_set_status(actor=admin, unit=unit, period=month(), status="submitted")
    c = logged(admin)
    r = c.get(reverse("indicators:catalogue"))
    assert r.status_code == 200 and "DVC-01" in r.content.decode()
    r = c.get(reverse("indicators:catalogue"), {"q": "DVC"}, HTTP_HX_REQUEST="true")
    assert "<html" not in r.content.decode() and "DVC-01" in r.content.decode()
    html = c.get(reverse("indicators:detail", args=["DVC-01"])).content.decode()
    assert "Phường Biên Hòa" in html and "Xã Long Thành" in html
    assert "50,0" in html or "50.0" in html  # province total: Σ1+9 / Σ10+10
    r = c.get(reverse("indicators:detail", args=["DVC-01"]), {"unit": "26041"})
    assert r.status_code == 200
    csv = c.get(reverse("indicators:values"), {"export": "csv"})
    assert b"DVC-01" in b"".join(csv.streaming_content)


def test_detail_and_values_of_other_unit_give_404(tree, officer_a, logged):
    IndicatorFactory(code="DVC-02")
    c = logged(officer_a)
    assert (
        c.get(reverse("indicators:detail", args=["DVC-02"]), {"unit": "26365"}).status_code == 404
    )
    assert c.get(reverse("indicators:values"), {"unit": "26365"}).status_code == 404
    assert c.get(ENTRY, {"unit": "26365", "period": "2025-M09"}).status_code == 404
    r = c.post(reverse("indicators:entry_submit"), {"unit": "26365", "period": "2025-M09"})
    assert r.status_code == 404


def row_fields(indicator, **data):
    key = f"{indicator.code}--"
    fields = {"indicator": indicator.code, "breakdown": "", "as_of": "30/09/2025", "version": "0"}
    return key, {f"{key}-{name}": value for name, value in {**fields, **data}.items()}


def row_post(c, indicator, unit, **data):
    key, fields = row_fields(indicator, **data)
    payload = {"unit": unit.code, "period": "2025-M09", "keys": key, **fields}
    return c.post(ENTRY, payload, HTTP_HX_REQUEST="true")


def test_row_save_errors_and_conflict(tree, officer_a, logged):
    ratio = IndicatorFactory(ratio=True, code="DVC-03")
    c = logged(officer_a)
    r = row_post(c, ratio, tree["A"], numerator="12", denominator="10")
    html = r.content.decode()
    assert r.status_code == 200 and "<html" not in html
    assert "entry-invalid" in html and 'value="12"' in html
    assert not IndicatorValue.objects.exists()
    r = row_post(c, ratio, tree["A"], numerator="3", denominator="10")
    assert "entry-saved" in r.content.decode()
    assert IndicatorValue.objects.get().value == 30
    r = row_post(c, ratio, tree["A"], numerator="4", denominator="10", version="0")
    html = r.content.decode()
    assert "entry-invalid" in html and 'role="alert"' in html  # someone saved meanwhile
    assert IndicatorValue.objects.get().value == 30
    assert 'name="DVC-03---version" value="1"' in html  # the user may now overwrite knowingly
    assert row_post(c, ratio, tree["B"], numerator="1", denominator="2").status_code == 404


def test_submit_all(tree, officer_a, logged):
    indicator = IndicatorFactory()
    c = logged(officer_a)
    row_post(c, indicator, tree["A"], value="5")
    r = c.post(reverse("indicators:entry_submit"), {"unit": "26041", "period": "2025-M09"})
    assert r.status_code == 302
    assert IndicatorValue.objects.get().status == ValueStatus.SUBMITTED


def test_entry_grid_query_count_is_constant(tree, officer_a, logged):
    c = logged(officer_a)
    counts = []
    for n in (2, 12):
        while IndicatorValue.objects.count() < n:
            indicator = IndicatorFactory(guarded=True)
            indicator.dimensions.add(DimensionMemberFactory().dimension)
            for m in (8, 9):
                indicator_value_save(
                    actor=officer_a,
                    indicator=indicator,
                    unit=tree["A"],
                    period=month(2025, m),
                    value="10",
                    as_of=dt.date(2025, m, 28),
                )
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(ENTRY, {"unit": "26041", "period": "2025-M09"})
        assert r.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts
    html = r.content.decode()
    assert (
        html.count('class="entry-row')
        == 2 * IndicatorValue.objects.filter(period__code="2025-M09").count()
    )  # total + one breakdown member per indicator


def test_entry_grid_without_unit_uses_the_users_unit(tree, officer_a, logged):
    r = logged(officer_a).get(ENTRY)
    assert r.status_code == 200
    assert "Phường Biên Hòa" in r.content.decode()


def test_save_all_is_all_or_nothing(tree, officer_a, logged):
    plain = IndicatorFactory(bounded=True)
    ratio = IndicatorFactory(ratio=True)
    empty = IndicatorFactory()
    c = logged(officer_a)
    save_url = reverse("indicators:entry_save")
    k1, f1 = row_fields(plain, value="5")
    k2, f2 = row_fields(ratio, numerator="11", denominator="10")
    k3, f3 = row_fields(empty)  # nothing typed: skipped
    payload = {"unit": "26041", "period": "2025-M09", "keys": [k1, k2, k3], **f1, **f2, **f3}
    r = c.post(save_url, payload)
    html = r.content.decode()
    assert r.status_code == 200 and "entry-invalid" in html
    assert 'value="11"' in html  # what was typed is kept
    assert not IndicatorValue.objects.exists()
    payload[f"{k2}-numerator"] = "7"
    r = c.post(save_url, payload)
    assert r.status_code == 302
    assert sorted(v.value for v in IndicatorValue.objects.all()) == [5, 70]
    r = c.post(save_url, {"unit": "26365", "period": "2025-M09", "keys": [k1], **f1})
    assert r.status_code == 404


@pytest.mark.parametrize("page", ["indicators:catalogue", "indicators:values"])
def test_list_pages_query_count_is_flat(tree, admin, logged, page):
    c = logged(admin)
    counts = []
    for n in (2, 12):
        while IndicatorValue.objects.count() < n:
            indicator = IndicatorFactory()
            indicator_value_save(
                actor=admin,
                indicator=indicator,
                unit=tree["A"],
                period=month(),
                value="1",
                as_of=dt.date(2025, 9, 30),
            )
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(reverse(page))
        assert r.status_code == 200
        counts.append(len(ctx))
    assert counts[0] == counts[1], counts


def test_row_save_refreshes_the_draft_counter(tree, officer_a, logged):
    indicator = IndicatorFactory()
    c = logged(officer_a)
    html = c.get(ENTRY, {"unit": "26041", "period": "2025-M09"}).content.decode()
    drafts = reverse("indicators:entry_drafts")
    assert 'id="draft-count"' in html and 'hx-trigger="drafts-changed from:body"' in html
    assert f"{drafts}?unit=26041&amp;period=2025-M09" in html
    r = row_post(c, indicator, tree["A"], value="5")
    assert r["HX-Trigger"] == "drafts-changed"
    r = c.get(drafts, {"unit": "26041", "period": "2025-M09"}, HTTP_HX_REQUEST="true")
    body = r.content.decode()
    assert r.status_code == 200 and body.startswith('<span id="draft-count"')
    assert "1 draft value" in body and "<tr" not in body
    r = row_post(c, indicator, tree["A"], value="x", version="1")  # an error: no refresh
    assert "HX-Trigger" not in r
    indicator_values_set_status(actor=officer_a, unit=tree["A"], period=month(), status="submitted")
    body = c.get(drafts, {"unit": "26041", "period": "2025-M09"}).content.decode()
    assert "0 draft values" in body
    assert c.get(drafts, {"unit": "26365", "period": "2025-M09"}).status_code == 404
    assert c.get(drafts, {"unit": "26041", "period": "1999-M01"}).status_code == 404


def test_draft_count_matches_the_grid(tree, officer_a):
    from tinhso.indicators.selectors import entry_draft_count, entry_grid

    for value in ("1", "2", "3"):
        indicator_value_save(
            actor=officer_a,
            indicator=IndicatorFactory(),
            unit=tree["A"],
            period=month(),
            value=value,
            as_of=dt.date(2025, 9, 30),
        )
    # A draft of an indicator no longer in use is not in the grid, so not counted.
    IndicatorValueFactory(
        indicator=IndicatorFactory(is_active=False), unit=tree["A"], period=month()
    )
    grid = entry_grid(user=officer_a, unit=tree["A"], period=month())
    count = entry_draft_count(user=officer_a, unit=tree["A"], period=month())
    assert count == grid.draft_count == 3


def test_row_with_errors_hides_the_stored_ratio(tree, officer_a, logged):
    ratio = IndicatorFactory(ratio=True, code="DVC-09", decimals=1)
    c = logged(officer_a)
    r = row_post(c, ratio, tree["A"], numerator="3", denominator="4")
    assert "= 75" in r.content.decode()
    r = row_post(c, ratio, tree["A"], numerator="9", denominator="4", version="1")
    html = r.content.decode()
    assert "entry-invalid" in html and 'value="9"' in html
    assert "= 75" not in html  # the stored 75 % is not shown beside the wrong input
