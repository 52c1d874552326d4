"""Targets served by a task (form choices of the plan's current target set, the task page,
the API) and the "at risk" warning (list badge and filter, task page, API)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tinhso.programmes.tests.factories import TargetFactory, TargetSetFactory
from tinhso.tasks import services
from tinhso.tasks.models import Task
from tinhso.tasks.tests.conftest import client_for
from tinhso.tasks.tests.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(plan, tree):
    """Version 1 (replaced) and version 2 (current) of the plan's targets, another plan's."""
    old_set = TargetSetFactory(
        plan=plan, version=1, valid_from=dt.date(2025, 5, 16), valid_to=dt.date(2025, 12, 31)
    )
    new_set = TargetSetFactory(plan=plan, version=2, valid_from=dt.date(2026, 1, 1))
    other_plan = PlanFactory(
        unit=tree["p"], document__owner_unit=tree["p"], document__number="88-KH/UBND"
    )
    return {
        "old": TargetFactory(target_set=old_set, text="Chỉ tiêu cũ 1"),
        "current": TargetFactory(target_set=new_set, text="Tỷ lệ dịch vụ công trực tuyến"),
        "other": TargetFactory(
            target_set=TargetSetFactory(plan=other_plan), text="Chỉ tiêu kế hoạch khác"
        ),
    }


def _form(plan, tree, **extra):
    return {
        "plan": plan.pk,
        "title": "Nhiệm vụ phục vụ chỉ tiêu",
        "lead_unit": tree["d"].pk,
        "deadline_kind": "fixed",
        "deadline": "31/12/2026",
        **extra,
    }


# --- targets -------------------------------------------------------------------------


def test_create_form_offers_current_targets_and_saves_them(tree, plan, users, targets):
    client = client_for(users["d_officer"])
    html = client.get("/tasks/new/").content.decode()
    assert "Tỷ lệ dịch vụ công trực tuyến" in html
    assert "Chỉ tiêu cũ 1" not in html  # a replaced target set is not offered
    response = client.post("/tasks/new/", _form(plan, tree, targets=[targets["current"].pk]))
    assert response.status_code == 302, response.content.decode()[:1500]
    task = Task.objects.get(title="Nhiệm vụ phục vụ chỉ tiêu")
    assert list(task.targets.all()) == [targets["current"]]
    page = client.get(f"/tasks/{task.pk}/").content.decode()
    assert reverse("programmes:target_detail", args=[targets["current"].pk]) in page


def test_form_refuses_old_and_foreign_targets(tree, plan, users, targets):
    client = client_for(users["d_officer"])
    for target in (targets["old"], targets["other"]):
        response = client.post("/tasks/new/", _form(plan, tree, targets=[target.pk]))
        assert response.status_code == 200 and 'class="error"' in response.content.decode()
    assert not Task.objects.filter(title="Nhiệm vụ phục vụ chỉ tiêu").exists()


def test_edit_keeps_a_target_of_a_replaced_set(tree, plan, users, targets):
    task = TaskFactory(plan=plan, lead_unit=tree["d"])
    task.targets.add(targets["old"])
    client = client_for(users["d_officer"])
    html = client.get(f"/tasks/{task.pk}/edit/").content.decode()
    assert "Chỉ tiêu cũ 1" in html and "Tỷ lệ dịch vụ công trực tuyến" in html
    response = client.post(
        f"/tasks/{task.pk}/edit/",
        _form(plan, tree, title="Đã sửa", version=1,
              targets=[targets["old"].pk, targets["current"].pk]),
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:1500]
    assert set(task.targets.all()) == {targets["old"], targets["current"]}


def test_service_refuses_targets_of_another_plan(tree, plan, users, targets):
    data = {"plan": plan, "title": "X", "lead_unit": tree["d"], "targets": [targets["other"]]}
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users["d_officer"], data=data)
    assert "targets" in exc.value.message_dict


def test_api_targets_in_create_detail_and_update(tree, plan, users, targets):
    client = client_for(users["d_officer"])
    body = {"plan": plan.pk, "title": "API", "lead_unit": tree["d"].pk,
            "targets": [targets["current"].pk]}  # fmt: skip
    created = client.post("/api/v1/tasks", body, content_type="application/json")
    assert created.status_code == 201, created.content
    detail = created.json()
    assert [t["id"] for t in detail["targets"]] == [targets["current"].pk]
    bad = client.patch(
        f"/api/v1/tasks/{detail['id']}",
        {"version": detail["version"], "targets": [targets["other"].pk]},
        content_type="application/json",
    )
    assert bad.status_code == 422 and "targets" in bad.content.decode()


# --- at risk -------------------------------------------------------------------------

# As of 01/09/2025 with deadline 30/09/2025 (29 days left) and start 01/06/2025, the
# straight line expects ceil(100 · 92 / 121) = 77 %.
AS_OF_UI = "01/09/2025"
AS_OF_API = "2025-09-01"


@pytest.fixture
def risky(tree, plan):
    common = {"plan": plan, "lead_unit": tree["a"], "start_date": dt.date(2025, 6, 1)}
    return {
        "behind": TaskFactory(title="Chậm so với đường thẳng", progress_percent=76, **common),
        "on_line": TaskFactory(title="Đúng đường thẳng", progress_percent=77, **common),
        "far": TaskFactory(
            title="Hạn còn xa", progress_percent=0, deadline=dt.date(2025, 12, 31), **common
        ),
    }


def test_list_badge_and_at_risk_filter(tree, plan, users, risky):
    client = client_for(users["p_leader"])
    html = client.get(f"/tasks/?as_of={AS_OF_UI}").content.decode()
    assert html.count("task-at-risk") == 1 and "Có nguy cơ chậm" in html
    assert 'name="at_risk"' in html  # the filter
    response = client.get(f"/tasks/?as_of={AS_OF_UI}&at_risk=1", HTTP_HX_REQUEST="true")
    rows = response.content.decode()
    assert "<html" not in rows
    assert "Chậm so với đường thẳng" in rows
    assert "Đúng đường thẳng" not in rows and "Hạn còn xa" not in rows
    # a later date: the far task is now within 30 days and behind
    later = client.get("/tasks/?as_of=15/12/2025&at_risk=1").content.decode()
    assert "Hạn còn xa" in later and "Chậm so với đường thẳng" not in later


def test_list_at_risk_filter_queries_do_not_grow(tree, plan, users, risky):
    client = client_for(users["p_leader"])
    url = f"/tasks/?as_of={AS_OF_UI}&at_risk=1"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):
        TaskFactory(plan=plan, lead_unit=tree["a"], start_date=dt.date(2025, 6, 1), title=f"R{i}")
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "R11" in html
    assert len(many.captured_queries) == len(few.captured_queries) <= 20


def test_export_has_at_risk_column(tree, plan, users, risky):
    client = client_for(users["p_leader"])
    response = client.get(f"/tasks/?as_of={AS_OF_UI}&export=csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    behind = next(line for line in lines if "Chậm so với đường thẳng" in line)
    on_line = next(line for line in lines if "Đúng đường thẳng" in line)
    assert behind.rstrip().endswith("có") and not on_line.rstrip().endswith("có")


def test_task_page_badge(tree, plan, users, risky):
    client = client_for(users["a_officer"])
    behind = client.get(f"/tasks/{risky['behind'].pk}/?as_of={AS_OF_UI}").content.decode()
    on_line = client.get(f"/tasks/{risky['on_line'].pk}/?as_of={AS_OF_UI}").content.decode()
    assert "task-at-risk" in behind and "task-at-risk" not in on_line


def test_api_at_risk_in_list_detail_and_filter(
    tree, plan, users, risky, django_assert_max_num_queries
):
    client = client_for(users["p_leader"])
    client.get("/api/v1/tasks")
    with django_assert_max_num_queries(16) as ctx:
        body = client.get(f"/api/v1/tasks?as_of={AS_OF_API}").json()
    few = len(ctx.captured_queries)
    flags = {item["title"]: item["at_risk"] for item in body["items"]}
    assert flags == {
        "Chậm so với đường thẳng": True,
        "Đúng đường thẳng": False,
        "Hạn còn xa": False,
    }
    filtered = client.get(f"/api/v1/tasks?as_of={AS_OF_API}&at_risk=1").json()
    assert [i["title"] for i in filtered["items"]] == ["Chậm so với đường thẳng"]
    for _ in range(10):
        TaskFactory(plan=plan, lead_unit=tree["a"], start_date=dt.date(2025, 6, 1))
    with django_assert_max_num_queries(few):
        client.get(f"/api/v1/tasks?as_of={AS_OF_API}&at_risk=1")
    detail = client.get(f"/api/v1/tasks/{risky['behind'].pk}?as_of={AS_OF_API}").json()
    assert detail["at_risk"] is True
    detail = client.get(f"/api/v1/tasks/{risky['on_line'].pk}?as_of={AS_OF_API}").json()
    assert detail["at_risk"] is False
    assert client.get("/api/v1/tasks?at_risk=maybe").status_code == 422


def test_at_risk_rows_of_other_units_stay_hidden(tree, plan, users, risky):
    client = client_for(users["b_leader"])
    assert client.get(f"/api/v1/tasks?as_of={AS_OF_API}&at_risk=1").json()["count"] == 0
    assert client.get(f"/api/v1/tasks/{risky['behind'].pk}").status_code == 404
