"""API: catalogue, values (single, batch, status), series; 404 for other units everywhere."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.indicators.models import IndicatorValue

from .factories import IndicatorFactory, month

pytestmark = pytest.mark.django_db
BASE = "/api/v1/indicators"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def put(client, data):
    return client.put(f"{BASE}/values", json.dumps(data), content_type="application/json")


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def value_payload(indicator, unit, **extra):
    return {
        "indicator": indicator.code,
        "unit": unit.code,
        "period": "2025-M09",
        "as_of": "2025-09-30",
        **extra,
    }


def test_catalogue_is_public(tree, django_assert_max_num_queries):
    IndicatorFactory(code="DVC-01", ratio=True)
    IndicatorFactory(code="OLD-01", is_active=False)
    for _ in range(5):
        IndicatorFactory()
    viewer = client_for(member(tree["B"], "viewer"))
    # session, user, count, page: no query per indicator
    with django_assert_max_num_queries(7):
        r = viewer.get(BASE, {"limit": 100})
    assert r.status_code == 200
    codes = [i["code"] for i in r.json()["items"]]
    assert "DVC-01" in codes and "OLD-01" not in codes
    detail = viewer.get(f"{BASE}/DVC-01").json()
    assert detail["aggregation"] == "ratio" and detail["dimensions"] == []
    assert viewer.get(f"{BASE}/NOPE").status_code == 404


def test_put_value_then_conflict(tree, officer_a):
    indicator = IndicatorFactory(ratio=True)
    c = client_for(officer_a)
    r = put(c, value_payload(indicator, tree["A"], numerator=3, denominator=4, version=0))
    assert r.status_code == 200, r.content
    assert r.json()["value"] == "75.0000" or float(r.json()["value"]) == 75
    assert r.json()["version"] == 1
    stale = put(c, value_payload(indicator, tree["A"], numerator=1, denominator=4, version=0))
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_edit"
    bad = put(c, value_payload(indicator, tree["A"], numerator=5, denominator=4, version=1))
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "numerator"]


def test_batch_reports_rows_and_saves_nothing(tree, officer_a):
    indicator = IndicatorFactory(bounded=True)
    c = client_for(officer_a)
    rows = [
        value_payload(indicator, tree["A"], value=1),
        value_payload(indicator, tree["A"], value=5000, breakdown=""),
    ]
    r = post(c, f"{BASE}/values/batch", {"rows": rows})
    assert r.status_code == 422
    assert {"loc": ["body", "rows", 1, "value"]}.items() <= r.json()["detail"][0].items()
    assert "Row 2" in r.json()["detail"][0]["msg"] or "Dòng 2" in r.json()["detail"][0]["msg"]
    assert not IndicatorValue.objects.exists()
    ok = post(c, f"{BASE}/values/batch", {"rows": rows[:1]})
    assert ok.status_code == 200 and len(ok.json()) == 1


def test_status_and_series(tree, admin):
    indicator = IndicatorFactory()
    c = client_for(admin)
    for unit, v in ((tree["A"], 2), (tree["B"], 3)):
        assert put(c, value_payload(indicator, unit, value=v)).status_code == 200
        r = post(
            c,
            f"{BASE}/values/status",
            {"unit": unit.code, "period": "2025-M09", "status": "submitted"},
        )
        assert r.json() == {"changed": 1}
    r = c.get(f"{BASE}/{indicator.code}/series", {"unit": "75", "from": "2025-01-01"})
    assert r.status_code == 200
    points = r.json()["points"]
    assert [(p["period"], float(p["value"]), p["contributors"]) for p in points] == [
        ("2025-M09", 5.0, 2)
    ]
    listed = c.get(f"{BASE}/values", {"unit": "75", "period": "2025-M09"}).json()
    assert listed["count"] == 2


def test_values_list_query_count_is_flat(tree, admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    c = client_for(admin)
    counts = []
    for n in (2, 12):
        for _ in range(n - IndicatorValue.objects.count()):
            IndicatorValue.objects.create(
                indicator=IndicatorFactory(),
                unit=tree["A"],
                period=month(),
                value=1,
                as_of=dt.date(2025, 9, 30),
                rollup_path=tree["A"].path,
            )
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(f"{BASE}/values", {"limit": 100})
        assert r.json()["count"] == n
        counts.append(len(ctx))
    assert counts[0] == counts[1] <= 10


@pytest.mark.parametrize("endpoint", ["put", "batch", "status", "series", "values"])
def test_other_unit_gets_404(tree, officer_a, endpoint):
    indicator = IndicatorFactory()
    month()
    c = client_for(officer_a)
    b = tree["B"]
    if endpoint == "put":
        r = put(c, value_payload(indicator, b, value=1))
    elif endpoint == "batch":
        r = post(c, f"{BASE}/values/batch", {"rows": [value_payload(indicator, b, value=1)]})
    elif endpoint == "status":
        r = post(
            c,
            f"{BASE}/values/status",
            {"unit": b.code, "period": "2025-M09", "status": "submitted"},
        )
    elif endpoint == "series":
        r = c.get(f"{BASE}/{indicator.code}/series", {"unit": b.code})
    else:
        r = c.get(f"{BASE}/values", {"unit": b.code})
    assert r.status_code == 404
    assert not IndicatorValue.objects.exists()


def test_garbage_gives_422_not_500(tree, officer_a):
    c = client_for(officer_a)
    c.raise_request_exception = False
    for body in ({}, {"rows": "x"}, {"rows": [{"indicator": 1}]}, {"unit": None}):
        assert post(c, f"{BASE}/values/batch", body).status_code == 422
        assert put(c, body).status_code == 422
    r = c.get(f"{BASE}/KPI/series", {"unit": "26041", "from": "2025-13-01"})
    assert r.status_code in {404, 422}
