"""Projects API: list/detail/create/update (409 on stale version), progress, milestones,
blockers; other units get 404; bad input gives 422, never 500."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tinhso.projects.models import ProjectBlocker
from tinhso.projects.tests.conftest import client_for
from tinhso.projects.tests.factories import (
    ProjectBlockerFactory,
    ProjectFactory,
    ProjectMilestoneFactory,
    ProjectProgressFactory,
)

pytestmark = pytest.mark.django_db


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def test_list_filters_and_query_count(tree, users):
    lagging = ProjectFactory(unit=tree["a"], name="Chậm tiến độ")
    ProjectProgressFactory(project=lagging, as_of=dt.date(2025, 6, 30), physical_percent=5)
    ProjectFactory(unit=tree["b"], name="Không chậm", planned_start=dt.date(2026, 1, 1))
    client = client_for(users["p_leader"])
    with CaptureQueriesContext(connection) as few:
        body = client.get("/api/v1/projects?as_of=2025-12-31").json()
    assert body["count"] == 2
    for _ in range(10):
        ProjectBlockerFactory(project=ProjectFactory(unit=tree["a"]))
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/projects?as_of=2025-12-31")
    assert len(many) == len(few) <= 12
    rows = client.get("/api/v1/projects?as_of=2025-12-31&lagging=true").json()["items"]
    assert "Chậm tiến độ" in [r["name"] for r in rows]
    assert "Không chậm" not in [r["name"] for r in rows]
    item = next(r for r in rows if r["name"] == "Chậm tiến độ")
    assert (item["physical_on"], item["expected_on"], item["lagging"]) == (5, 50, True)
    blocked = client.get("/api/v1/projects?as_of=2025-12-31&has_open_blockers=true").json()
    assert blocked["count"] == 10


def test_sibling_sees_nothing(tree, users):
    project = ProjectFactory(unit=tree["a"])
    blocker = ProjectBlockerFactory(project=project)
    client = client_for(users["b_officer"])
    assert client.get("/api/v1/projects").json()["count"] == 0
    assert client.get(f"/api/v1/projects/{project.pk}").status_code == 404
    assert client.get("/api/v1/projects/blockers").json()["count"] == 0
    writes = [
        (f"/api/v1/projects/{project.pk}", {"version": 1, "name": "x"}, "patch"),
        (
            f"/api/v1/projects/{project.pk}/progress",
            {"physical_percent": 1, "financial_percent": 1, "narrative": "x"},
            "post",
        ),
        (
            f"/api/v1/projects/{project.pk}/milestones",
            {"version": 1, "milestones": [{"kind": "completion"}]},
            "put",
        ),
        (f"/api/v1/projects/{project.pk}/blockers", {"description": "x"}, "post"),
        (
            f"/api/v1/projects/{project.pk}/blockers/{blocker.pk}/resolve",
            {"resolution": "x"},
            "post",
        ),
    ]
    for url, data, method in writes:
        assert _post(client, url, data, method).status_code == 404, url
    assert (
        _post(
            client, "/api/v1/projects", {"code": "Z", "name": "Z", "unit": tree["a"].code}
        ).status_code
        == 404
    )
    assert ProjectBlocker.objects.count() == 1


def test_create_update_conflict_and_detail(tree, users):
    client = client_for(users["a_officer"])
    response = _post(
        client,
        "/api/v1/projects",
        {
            "code": "DA-50",
            "name": "IOC xã",
            "unit": tree["a"].code,
            "communes": [tree["a"].code],
            "total_investment": 12_000_000_000,
            "planned_start": "2025-01-01",
            "planned_end": "2026-12-31",
        },
    )
    assert response.status_code == 201, response.content
    project = response.json()
    assert project["communes"][0]["code"] == tree["a"].code
    pk = project["id"]
    ok = _post(client, f"/api/v1/projects/{pk}", {"version": 1, "status": "construction"}, "patch")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _post(client, f"/api/v1/projects/{pk}", {"version": 1, "name": "x"}, "patch")
    assert stale.status_code == 409
    bad_unit = _post(client, f"/api/v1/projects/{pk}", {"version": 2, "unit": "NOPE"}, "patch")
    assert bad_unit.status_code == 422
    dup = _post(client, "/api/v1/projects", {"code": "DA-50", "name": "x", "unit": tree["a"].code})
    assert dup.status_code == 422 and "code" in json.dumps(dup.json())


def test_progress_milestones_blockers(tree, users):
    project = ProjectFactory(unit=tree["a"], total_investment=100_000_000_000)
    milestone = ProjectMilestoneFactory(project=project, kind="construction_start")
    client = client_for(users["a_officer"])
    base = f"/api/v1/projects/{project.pk}"
    progress = _post(
        client,
        f"{base}/progress",
        {
            "as_of": "2025-09-30",
            "physical_percent": 40,
            "disbursed_amount": 33_000_000_000,
            "narrative": "Đổ bê tông",
        },
    )
    assert progress.status_code == 201 and progress.json()["financial_percent"] == 33
    ms = _post(
        client,
        f"{base}/milestones",
        {
            "version": 2,
            "milestones": [
                {"id": milestone.pk, "actual_on": "2025-03-10"},
                {"kind": "completion", "planned_on": "2026-12-31"},
            ],
        },
        "put",
    )
    assert ms.status_code == 200, ms.content
    statuses = {m["kind"]: m["status"] for m in ms.json()}
    assert statuses["construction_start"] == "DONE_LATE"  # planned 01/03, reached 10/03
    assert set(statuses) == {"construction_start", "completion"}
    assert (
        _post(
            client,
            f"{base}/milestones",
            {"version": 2, "milestones": [{"kind": "operation"}]},
            "put",
        ).status_code
        == 409
    )
    blocker = _post(
        client,
        f"{base}/blockers",
        {
            "description": "Chưa có mặt bằng",
            "raised_on": "2025-05-01",
            "owner_unit": tree["d"].code,
        },
    )
    assert blocker.status_code == 201 and blocker.json()["owner_unit"]["code"] == tree["d"].code
    bid = blocker.json()["id"]
    listed = client.get("/api/v1/projects/blockers?as_of=2025-06-01").json()
    assert [b["id"] for b in listed["items"]] == [bid]
    resolved = _post(
        client,
        f"{base}/blockers/{bid}/resolve",
        {"resolved_on": "2025-06-01", "resolution": "Xong", "version": 1},
    )
    assert resolved.status_code == 200 and resolved.json()["resolved_on"] == "2025-06-01"
    again = _post(client, f"{base}/blockers/{bid}/resolve", {"resolution": "Xong"})
    assert again.status_code == 400
    detail = client.get(f"{base}?as_of=2025-10-01").json()
    assert detail["physical_on"] == 40 and len(detail["blockers"]) == 1
    assert client.get(f"{base}?as_of=2025-09-29").json()["physical_on"] == 0


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = st.sampled_from(
    [
        "code",
        "name",
        "unit",
        "kind",
        "status",
        "latitude",
        "longitude",
        "total_investment",
        "planned_start",
        "planned_end",
        "communes",
        "tasks",
        "targets",
        "area_ha",
        "version",
        "physical_percent",
        "financial_percent",
        "disbursed_amount",
        "narrative",
        "as_of",
        "milestones",
    ]
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    payload=st.dictionaries(FIELDS, JSONISH, max_size=6),
    target=st.sampled_from(["create", "update", "progress", "milestones"]),
)
def test_bad_input_never_500(tree, users, payload, target):
    project = ProjectFactory(unit=tree["a"])
    client = client_for(users["a_officer"])
    url, method = {
        "create": ("/api/v1/projects", "post"),
        "update": (f"/api/v1/projects/{project.pk}", "patch"),
        "progress": (f"/api/v1/projects/{project.pk}/progress", "post"),
        "milestones": (f"/api/v1/projects/{project.pk}/milestones", "put"),
    }[target]
    response = _post(client, url, payload, method)
    assert response.status_code < 500, (payload, response.content)
