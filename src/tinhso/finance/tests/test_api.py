"""The finance API: lines, snapshots, summary with explicit options, errors, other units."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.finance.models import BudgetSnapshot

from .conftest import client_for
from .factories import BN, BudgetLineFactory, BudgetSnapshotFactory, LocalBudgetTotalFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _send(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_create_read_update_with_version_conflict(tree, users):
    client = client_for(users["s_officer"])
    response = _send(
        client,
        "/api/v1/finance/lines",
        {
            "fiscal_year": 2025,
            "code": "DT-01",
            "title": "Trung tâm dữ liệu tỉnh",
            "expenditure_type": "investment",
            "unit": "75.SKHCN",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["unit"]["code"] == "75.SKHCN" and body["version"] == 1
    assert body["latest"] is None and body["rate_percent"] is None
    pk = body["id"]
    ok = _send(client, f"/api/v1/finance/lines/{pk}", {"version": 1, "title": "TTDL"}, "patch")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _send(client, f"/api/v1/finance/lines/{pk}", {"version": 1, "title": "X"}, "patch")
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_edit"


def test_snapshot_create_and_field_errors(tree, users):
    line = BudgetLineFactory(unit=tree["s"])
    client = client_for(users["s_officer"])
    url = f"/api/v1/finance/lines/{line.pk}/snapshots"
    good = {"as_of": "2025-08-31", "allocated": 100 * BN, "disbursed": 45 * BN}
    response = _send(client, url, good)
    assert response.status_code == 201 and response.json()["disbursed"] == 45 * BN
    bad = _send(client, url, {"as_of": "2025-09-30", "allocated": 10, "disbursed": 11})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "disbursed"]
    assert _send(client, url, {**good, "allocated": -1}).status_code == 422
    assert _send(client, url, {**good, "as_of": "31/08/2025"}).status_code == 422
    assert _send(client, url, good).status_code == 422  # same date twice
    detail = client.get(f"/api/v1/finance/lines/{line.pk}").json()
    assert [s["as_of"] for s in detail["snapshots"]] == ["2025-08-31"]


def test_other_unit_gets_404_everywhere(tree, users):
    line = BudgetLineFactory(unit=tree["s"])
    BudgetSnapshotFactory(line=line)
    total = LocalBudgetTotalFactory(unit=tree["p"])
    client = client_for(users["x_officer"])
    assert client.get(f"/api/v1/finance/lines/{line.pk}").status_code == 404
    assert (
        _send(
            client, f"/api/v1/finance/lines/{line.pk}", {"version": 1, "title": "X"}, "patch"
        ).status_code
        == 404
    )
    assert (
        _send(
            client, f"/api/v1/finance/lines/{line.pk}/snapshots", {"as_of": "2025-09-30"}
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/finance/local-totals/{total.pk}").status_code == 404
    assert client.get("/api/v1/finance/lines").json()["count"] == 0
    summary = client.get("/api/v1/finance/summary?year=2025&as_of=2025-08-31").json()
    assert summary["total"]["lines"] == 0 and summary["share"]["percent"] is None
    created = _send(
        client,
        "/api/v1/finance/lines",
        {"fiscal_year": 2025, "title": "X", "expenditure_type": "recurrent", "unit": "75.SKHCN"},
    )
    assert created.status_code == 404
    assert BudgetSnapshot.objects.count() == 1


def _world(tree):
    inv = BudgetLineFactory(unit=tree["s"], expenditure_type="investment")
    rec = BudgetLineFactory(unit=tree["x"], expenditure_type="recurrent")
    BudgetSnapshotFactory(line=inv, as_of=D(2025, 7, 31), allocated=100 * BN, disbursed=20 * BN)
    BudgetSnapshotFactory(
        line=inv,
        as_of=D(2025, 8, 31),
        allocated=100 * BN,
        supplementary=60 * BN,
        disbursed=50 * BN,
    )
    BudgetSnapshotFactory(
        line=rec, as_of=D(2025, 8, 31), allocated=100 * BN, carried_over=100 * BN, disbursed=0
    )
    LocalBudgetTotalFactory(unit=tree["p"], total_estimate=10_000 * BN, as_of=D(2025, 1, 1))
    return inv, rec


def test_summary_with_explicit_options(tree, users):
    _world(tree)
    client = client_for(users["p_leader"])
    body = client.get("/api/v1/finance/summary?year=2025&as_of=2025-08-31").json()
    assert body["include_carried_over"] is False and body["include_supplementary"] is False
    assert body["investment"]["rate_percent"] == "50.0"
    assert body["recurrent"]["rate_percent"] == "0.0"
    assert body["total"]["base"] == 200 * BN and body["total"]["rate_percent"] == "25.0"
    assert body["total"]["lagging"] is True
    assert body["lag_threshold_percent"] == "41.6"
    assert [u["unit_name"] for u in body["low_units"]][0] == "Sở Xây dựng"
    assert body["low_units"][0]["zero_disbursement"] is True
    assert body["share"]["percent"] == "2.00" and body["share"]["meets_target"] is False
    both = client.get(
        "/api/v1/finance/summary?year=2025&as_of=2025-08-31"
        "&include_carried_over=true&include_supplementary=true"
    ).json()
    assert both["total"]["base"] == 360 * BN
    assert both["investment"]["rate_percent"] == "31.3"
    assert "supplementary" in both["basis"] or "bổ sung" in both["basis"]
    july = client.get("/api/v1/finance/summary?year=2025&as_of=2025-07-31").json()
    assert july["total"]["disbursed"] == 20 * BN and july["lines_without_snapshot"] == 1
    assert client.get("/api/v1/finance/summary?year=1800").status_code == 422
    assert client.get("/api/v1/finance/summary?include_carried_over=maybe").status_code == 422


def test_list_filters_and_constant_queries(tree, users, django_assert_max_num_queries):
    inv, rec = _world(tree)
    client = client_for(users["p_leader"])
    client.get("/api/v1/finance/lines")
    url = "/api/v1/finance/lines?year=2025&as_of=2025-08-31&lagging=true"
    with django_assert_max_num_queries(12) as ctx:
        body = client.get(url).json()
    assert [item["id"] for item in body["items"]] == [rec.pk]
    few = len(ctx.captured_queries)
    for _ in range(15):
        line = BudgetLineFactory(unit=tree["x"], expenditure_type="recurrent")
        BudgetSnapshotFactory(line=line, allocated=10 * BN, disbursed=0)
    with django_assert_max_num_queries(few):
        body = client.get(url).json()
    assert body["count"] == 16
    typed = client.get("/api/v1/finance/lines?expenditure_type=investment&unit=75.SKHCN").json()
    assert [i["id"] for i in typed["items"]] == [inv.pk]
    assert client.get("/api/v1/finance/lines?expenditure_type=other").status_code == 422


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    payload=st.fixed_dictionaries(
        {},
        optional={
            "as_of": st.one_of(st.text(max_size=12), st.dates().map(str), st.integers()),
            "allocated": st.one_of(st.integers(), st.floats(), st.text(max_size=5), st.none()),
            "disbursed": st.one_of(st.integers(), st.booleans(), st.none()),
            "returned": st.integers(min_value=-(2**70), max_value=2**70),
            "committed": st.one_of(st.integers(), st.none()),
            "note": st.text(max_size=600),
        },
    )
)
def test_snapshot_endpoint_never_fails_with_500(tree, users, payload):
    line = BudgetLineFactory(unit=tree["s"])
    client = client_for(users["s_officer"])
    response = _send(client, f"/api/v1/finance/lines/{line.pk}/snapshots", payload)
    assert response.status_code in {201, 422}, (payload, response.content)
