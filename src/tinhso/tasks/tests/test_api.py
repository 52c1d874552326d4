"""The task API: lists, counts, detail with status, writes, errors and other units' 404."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from tinhso.tasks.models import TaskTransition, WorkflowState
from tinhso.tasks.tests.conftest import client_for
from tinhso.tasks.tests.factories import TaskAttachmentFactory, TaskFactory

pytestmark = pytest.mark.django_db


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def test_status_counts_endpoint(tree, plan, users):
    TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True, deadline=dt.date(2025, 12, 31))
    TaskFactory(plan=plan, lead_unit=tree["d"], accepted=True, completed_on=dt.date(2025, 9, 1))
    client = client_for(users["p_leader"])
    response = client.get("/api/v1/tasks/status-counts?plan=469-KH/TU&as_of=2025-09-30&unit=75")
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == "2025-09-30"
    assert body["counts"] == {
        "DONE_ON_TIME": 1,
        "DONE_LATE": 0,
        "IN_PROGRESS": 1,
        "NOT_STARTED": 0,
        "OVERDUE": 0,
    }
    assert body["total"] == 2
    assert client.get("/api/v1/tasks/status-counts?as_of=30-09-2025").status_code == 422
    assert client.get("/api/v1/tasks/status-counts?unit=nope").status_code == 404


def test_detail_with_status_as_of(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    client = client_for(users["a_officer"])
    body = client.get(f"/api/v1/tasks/{task.pk}?as_of=2025-10-01").json()
    assert body["status"] == "OVERDUE"
    assert body["status_label"] == "Quá hạn chưa hoàn thành"
    assert body["deadline"] == "2025-09-30"
    assert "authority" in body["missing_clarities"]
    assert body["lead_unit"]["code"] == "26068"
    body = client.get(f"/api/v1/tasks/{task.pk}?as_of=2025-07-01").json()
    assert body["status"] == "IN_PROGRESS"


def test_list_is_paginated_filtered_and_query_bounded(
    tree, plan, users, django_assert_max_num_queries
):
    for _ in range(3):
        TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    client = client_for(users["p_leader"])
    client.get("/api/v1/tasks")  # warm session/user caches
    # +2: tasks shared through co-ordinating units and parent tasks (ADR-0010).
    with django_assert_max_num_queries(16) as ctx:
        response = client.get("/api/v1/tasks?as_of=2025-10-01&status=OVERDUE&unit=26068")
    few = len(ctx.captured_queries)
    body = response.json()
    assert body["count"] == 3
    assert body["items"][0]["status"] == "OVERDUE"
    assert isinstance(body["items"][0]["missing_clarities"], list)
    for _ in range(20):
        TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    with django_assert_max_num_queries(few):
        client.get("/api/v1/tasks?as_of=2025-10-01&status=OVERDUE&unit=26068")
    assert client.get("/api/v1/tasks?status=LATE").status_code == 422
    assert client.get("/api/v1/tasks?missing=nope").status_code == 422


def test_counts_query_count_constant(tree, plan, users, django_assert_max_num_queries):
    client = client_for(users["p_leader"])
    client.get("/api/v1/tasks/status-counts")
    with django_assert_max_num_queries(14) as ctx:
        client.get("/api/v1/tasks/status-counts?plan=469-KH/TU&unit=26068&as_of=2025-09-30")
    for _ in range(10):
        TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get("/api/v1/tasks/status-counts?plan=469-KH/TU&unit=26068&as_of=2025-09-30")


def test_create_update_and_conflict(tree, plan, users):
    client = client_for(users["d_officer"])
    response = _post(
        client,
        "/api/v1/tasks",
        {
            "plan": plan.pk,
            "title": "Số hóa hồ sơ",
            "lead_unit": tree["d"].pk,
            "deadline": "2025-12-31",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["workflow_state"] == "proposed" and body["version"] == 1
    url = f"/api/v1/tasks/{body['id']}"
    ok = _post(client, url, {"version": 1, "title": "Số hóa toàn bộ hồ sơ"}, "patch")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _post(client, url, {"version": 1, "title": "Khác"}, "patch")
    assert stale.status_code == 409
    assert stale.json()["code"] == "concurrent_edit"
    bad = _post(client, "/api/v1/tasks", {"plan": plan.pk, "title": "", "lead_unit": tree["d"].pk})
    assert bad.status_code == 422
    missing_fk = _post(
        client, "/api/v1/tasks", {"plan": 999999, "title": "x", "lead_unit": tree["d"].pk}
    )
    assert missing_fk.status_code == 422
    assert (
        _post(
            client, "/api/v1/tasks", {"plan": plan.pk, "title": "x", "lead_unit": tree["b"].pk}
        ).status_code
        == 404
    )


def test_progress_transition_extension(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], assigned=True)
    officer = client_for(users["d_officer"])
    response = _post(
        officer,
        f"/api/v1/tasks/{task.pk}/progress",
        {
            "percent": 50,
            "narrative": "Đã triển khai",
            "reported_on": "2025-07-01",
            "attachments": [{"kind": "evidence", "title": "QĐ", "url": "https://x.vn/1"}],
        },
    )
    assert response.status_code == 201, response.content
    assert (
        _post(
            officer, f"/api/v1/tasks/{task.pk}/progress", {"percent": 120, "narrative": "x"}
        ).status_code
        == 422
    )
    response = _post(
        officer, f"/api/v1/tasks/{task.pk}/transitions", {"action": "start", "version": 2}
    )
    assert response.status_code == 200, response.content
    assert response.json()["workflow_state"] == "in_progress"
    assert (
        _post(officer, f"/api/v1/tasks/{task.pk}/transitions", {"action": "start"}).status_code
        == 400
    )
    assert (
        _post(officer, f"/api/v1/tasks/{task.pk}/transitions", {"action": "accept"}).status_code
        == 404
    )
    assert (
        _post(officer, f"/api/v1/tasks/{task.pk}/transitions", {"action": "fly"}).status_code == 422
    )
    leader = client_for(users["d_leader"])
    response = _post(
        leader,
        f"/api/v1/tasks/{task.pk}/extensions",
        {
            "new_deadline": "2025-12-31",
            "decision_number": "9/QĐ",
            "decision_date": "2025-09-01",
            "reason": "x",
        },
    )
    assert response.status_code == 201, response.content
    body = leader.get(f"/api/v1/tasks/{task.pk}").json()
    assert body["deadline"] == "2025-09-30" and body["current_deadline"] == "2025-12-31"
    assert len(body["extensions"]) == 1 and len(body["progress"]) == 1


def test_accept_refused_without_evidence_over_api(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], submitted=True)
    leader = client_for(users["d_leader"])
    response = _post(leader, f"/api/v1/tasks/{task.pk}/transitions", {"action": "accept"})
    assert response.status_code == 400 and response.json()["code"] == "evidence_required"
    TaskAttachmentFactory(task=task)
    response = _post(leader, f"/api/v1/tasks/{task.pk}/transitions", {"action": "accept"})
    assert response.status_code == 200
    assert TaskTransition.objects.filter(task=task, to_state=WorkflowState.ACCEPTED).exists()


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [
        ("get", "", None),
        ("patch", "", {"version": 1, "title": "x"}),
        ("post", "/progress", {"narrative": "x"}),
        ("post", "/transitions", {"action": "start"}),
        ("post", "/delegations", {"unit": "SC-BH"}),
        ("post", "/instances", {}),
        (
            "post",
            "/extensions",
            {
                "new_deadline": "2025-12-31",
                "decision_number": "1",
                "decision_date": "2025-09-01",
                "reason": "x",
            },
        ),
    ],
)
def test_other_unit_gets_404(tree, plan, users, method, suffix, data):
    task = TaskFactory(plan=plan, lead_unit=tree["a"], assigned=True)
    client = client_for(users["b_leader"])
    url = f"/api/v1/tasks/{task.pk}{suffix}"
    response = client.get(url) if data is None else _post(client, url, data, method)
    assert response.status_code == 404
    listed = client.get("/api/v1/tasks").json()
    assert listed["count"] == 0


def test_token_needs_tasks_scope(tree, plan):
    from tinhso.accounts.services.tokens import api_token_create
    from tinhso.accounts.tests.factories import member

    admin = member(tree["p"], "admin")
    created = api_token_create(actor=admin, user=admin, name="t", scopes=["units:read"])
    response = Client().get("/api/v1/tasks", HTTP_AUTHORIZATION=f"Bearer {created.secret}")
    assert response.status_code == 403


def test_bad_ids_are_field_errors_not_server_errors(tree, plan, users):
    client = client_for(users["d_officer"])
    base = {"plan": plan.pk, "title": "x", "lead_unit": tree["d"].pk}
    bad = [
        {"group": 999999},
        {"co_units": [999999]},
        {"responsible_leader": 999999},
        {"deadline_kind": "weekly"},
        {"start_date": "2025-10-01", "deadline": "2025-09-01"},
        {"kind": "recurring"},
    ]
    for extra in bad:
        response = _post(client, "/api/v1/tasks", {**base, **extra})
        assert response.status_code == 422, (extra, response.content)


def test_delegation_and_instances_over_api(tree, plan, users):
    parent = TaskFactory(plan=plan, lead_unit=tree["p"], in_progress=True)
    leader = client_for(users["p_leader"])
    response = _post(leader, f"/api/v1/tasks/{parent.pk}/delegations", {"unit": "26068"})
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "subtask"
    assert (
        _post(leader, f"/api/v1/tasks/{parent.pk}/delegations", {"unit": "zz"}).status_code == 422
    )
    officer = client_for(users["d_officer"])
    template = TaskFactory(
        plan=plan,
        lead_unit=tree["d"],
        assigned=True,
        kind="recurring",
        recurrence="year",
        start_date=dt.date(2025, 1, 1),
        deadline=None,
        recurrence_until=dt.date(2026, 12, 31),
    )
    response = _post(officer, f"/api/v1/tasks/{template.pk}/instances", {"offset_days": 15})
    assert response.status_code == 201, response.content
    assert [(r["period_label"], r["deadline"]) for r in response.json()] == [
        ("2025", "2026-01-15"),
        ("2026", "2027-01-15"),
    ]
    again = _post(officer, f"/api/v1/tasks/{template.pk}/instances", {})
    assert again.status_code == 201 and again.json() == []
