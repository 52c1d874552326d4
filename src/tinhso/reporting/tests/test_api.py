"""The /api/v1/reports endpoints: reads, edits, workflow, timeliness, export, refusals."""

from __future__ import annotations

import io
import json

import pytest

from tinhso.reporting import services
from tinhso.reporting.models import Report

from .conftest import client_for
from .factories import IndicatorFactory, value

BASE = "/api/v1/reports"


def _patch(client, url, data):
    return client.patch(url, json.dumps(data), content_type="application/json")


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def _accepted(world, report) -> Report:
    r = services.report_transition(actor=world["leader_a"], report=report, action="approve")
    return services.report_transition(actor=world["reviewer"], report=r, action="accept")


def test_list_detail_and_filters(world, round_, report, django_assert_max_num_queries):
    client = client_for(world["officer_a"])
    # +1: the reports shared with the reviewing agency (access.scope, ADR-0010).
    with django_assert_max_num_queries(11):
        body = client.get(BASE).json()
    assert [item["id"] for item in body["items"]] == [report.pk]
    assert body["items"][0]["unit"]["code"] == "26068"
    assert body["items"][0]["due_on"] == "2025-10-06"
    reviewer = client_for(world["reviewer"])
    assert reviewer.get(BASE).json()["count"] == 2
    assert reviewer.get(f"{BASE}?unit=26080").json()["count"] == 1
    assert reviewer.get(f"{BASE}?awaiting_review=true").json()["count"] == 0
    assert reviewer.get(f"{BASE}?state=bogus").status_code == 422
    detail = client.get(f"{BASE}/{report.pk}").json()
    assert detail["state"] == "draft" and detail["allowed_actions"] == []
    assert detail["reviewer_unit"]["code"] == "SKHCN"
    leader = client_for(world["leader_a"]).get(f"{BASE}/{report.pk}").json()
    assert leader["allowed_actions"] == ["approve"]


def test_list_query_count_does_not_grow(world, round_, django_assert_max_num_queries):
    client = client_for(world["reviewer"])
    client.get(BASE)
    from tinhso.units.tests.factories import UnitFactory

    for i in range(12):
        UnitFactory(parent=world["P"], code=f"28{i:03d}")
    services.report_round_open(actor=None, schedule=world["schedule"], period=world["period"])
    # +1: the reports shared with the reviewing agency (access.scope, ADR-0010).
    with django_assert_max_num_queries(11):
        body = client.get(BASE).json()
    assert body["count"] == 14


def test_patch_and_conflict(world, report):
    client = client_for(world["officer_a"])
    url = f"{BASE}/{report.pk}"
    response = _patch(client, url, {"version": 1, "results": "Kết quả quý 3"})
    assert response.status_code == 200
    assert response.json()["results"] == "Kết quả quý 3" and response.json()["version"] == 2
    stale = _patch(client, url, {"version": 1, "results": "Ghi đè"})
    assert stale.status_code == 409
    assert "Someone else" in stale.json()["detail"] or stale.json()["code"] == "concurrent_edit"
    assert _patch(client, url, {"results": "thiếu version"}).status_code == 422
    assert _patch(client, url, {"version": 2, "results": "x" * 20001}).status_code == 422
    prefilled = _patch(client, url, {"version": 2, "prefill": True})
    assert prefilled.status_code == 200


def test_transitions_over_the_api(world, report):
    url = f"{BASE}/{report.pk}/transitions"
    assert _post(client_for(world["officer_a"]), url, {"action": "approve"}).status_code == 404
    assert _post(client_for(world["leader_a"]), url, {"action": "accept"}).status_code == 400
    assert _post(client_for(world["leader_a"]), url, {"action": "fly"}).status_code == 422
    ok = _post(client_for(world["leader_a"]), url, {"action": "approve", "version": 1})
    assert ok.status_code == 200 and ok.json()["state"] == "unit_approved"
    assert (
        _post(client_for(world["leader_a"]), url, {"action": "approve", "version": 1}).status_code
        == 409
    )
    reviewer = client_for(world["reviewer"])
    assert reviewer.get(f"{BASE}?awaiting_review=true").json()["count"] == 1
    no_reason = _post(reviewer, url, {"action": "return"})
    assert no_reason.status_code == 422
    accepted = _post(reviewer, url, {"action": "accept"})
    assert accepted.status_code == 200 and accepted.json()["locked"] is True
    locked = _patch(
        client_for(world["officer_a"]), f"{BASE}/{report.pk}", {"version": 3, "results": "x"}
    )
    assert locked.status_code == 400
    assert locked.json()["code"] == "report_locked" and "khóa" in locked.json()["detail"]
    reopened = _post(reviewer, url, {"action": "reopen", "note": "Sai số liệu"})
    body = reopened.json()
    assert body["revision"] == 2 and body["state"] == "draft"
    assert body["events"][-1]["has_snapshot"] is True


def test_reviewer_can_view_and_accept_but_another_sibling_cannot(world, report):
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    url = f"{BASE}/{report.pk}"
    other = client_for(world["leader_d"])
    assert other.get(url).status_code == 404
    assert _post(other, f"{url}/transitions", {"action": "accept"}).status_code == 404
    reviewer = client_for(world["reviewer"])
    assert reviewer.get(url).status_code == 200
    assert reviewer.get(url).json()["allowed_actions"] == ["accept", "return"]
    assert _patch(reviewer, url, {"version": 2, "results": "x"}).status_code == 404
    assert _post(reviewer, f"{url}/transitions", {"action": "accept"}).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "", None),
        ("patch", "", {"version": 1, "results": "x"}),
        ("post", "/transitions", {"action": "approve"}),
        ("get", "/export", None),
        ("get", "/export?format=xlsx", None),
    ],
)
def test_other_unit_gets_404(world, report, method, path, data):
    client = client_for(world["leader_b"])
    url = f"{BASE}/{report.pk}{path}"
    if method == "get":
        response = client.get(url)
    else:
        response = getattr(client, method)(url, json.dumps(data), content_type="application/json")
    assert response.status_code == 404
    assert client.get(f"{BASE}?unit=26068").json()["count"] == 0
    rows = client.get(f"{BASE}/timeliness").json()["rows"]
    assert [r["unit_code"] for r in rows] == ["26080"]


def test_timeliness_endpoint(world, round_, report):
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    body = (
        client_for(world["reviewer"])
        .get(f"{BASE}/timeliness?round={round_.pk}&as_of=2025-10-07")
        .json()
    )
    assert body["totals"]["expected"] == 2
    assert body["totals"]["missing"] == 1
    assert body["rounds"][0]["round_id"] == round_.pk
    assert {r["unit_code"]: r["status"] for r in body["rows"]}["26080"] == "missing"
    assert client_for(world["reviewer"]).get(f"{BASE}/timeliness?status=bad").status_code == 422


def test_export_json_and_xlsx(world, report):
    ind = IndicatorFactory(code="KPI-DVC")
    value(ind, world["A"], world["period"])
    client = client_for(world["officer_a"])
    refused = client.get(f"{BASE}/{report.pk}/export")
    assert refused.status_code == 400 and refused.json()["code"] == "not_accepted"
    _accepted(world, report)
    body = json.loads(client.get(f"{BASE}/{report.pk}/export").content)
    assert body["schema"] == "tinhso.nq57-report/1"
    assert body["kpis"][0]["code"] == "KPI-DVC"
    xlsx = client_for(world["reviewer"]).get(f"{BASE}/{report.pk}/export?format=xlsx")
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert wb.sheetnames == ["report", "kpis", "tasks", "narrative"]
    assert [c.value for c in wb["kpis"][2]][0] == "KPI-DVC"


def test_schedules_are_public(world):
    body = client_for(world["leader_d"]).get(f"{BASE}/schedules").json()
    assert [s["code"] for s in body] == ["nq57-quy"]


def test_anonymous_gets_401(world, report):
    from django.test import Client

    assert Client().get(f"{BASE}/{report.pk}").status_code == 401


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}/99999999999999999999999",
        f"{BASE}?round=99999999999999999999999",
        f"{BASE}/timeliness?round=99999999999999999999999",
        f"{BASE}/timeliness?as_of=2025-13-40",
        f"{BASE}?page=-1",
        f"{BASE}/0/export?format=pdf",
    ],
)
def test_garbage_gives_4xx(world, url):
    response = client_for(world["reviewer"]).get(url)
    assert 400 <= response.status_code < 500


def test_garbage_bodies_give_4xx(world, report):
    client = client_for(world["officer_a"])
    url = f"{BASE}/{report.pk}"
    for body in ({"version": 10**30}, {"version": "x"}, {"version": 1, "results": 5}, [], "x"):
        assert 400 <= _patch(client, url, body).status_code < 500
    for body in ({"action": None}, {"action": "approve", "version": 10**30}, {"note": 1}):
        assert 400 <= _post(client, f"{url}/transitions", body).status_code < 500
