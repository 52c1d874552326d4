"""`/api/v1/plans`: list, tree, targets with statuses, target, assessments, revise, 404s."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client

from tinhso.audit.models import AuditEntry
from tinhso.documents.tests.factories import DocumentFactory

from .factories import (
    CatalogueFactory,
    CatalogueItemFactory,
    PlanFactory,
    PlanGroupFactory,
    TargetAssessmentFactory,
    TargetFactory,
    TargetSetFactory,
)
from .helpers import task

pytestmark = pytest.mark.django_db
URL = "/api/v1/plans"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def plan469(world):
    nq = DocumentFactory(resolution=True, owner_unit=world["P"])
    doc = DocumentFactory(number="469-KH/TU", owner_unit=world["A"])
    ts = TargetSetFactory(
        plan=PlanFactory(unit=world["A"], document=doc, implements=nq, illustrative=True)
    )
    g = PlanGroupFactory(plan=ts.plan, code="1")
    for i in range(43):
        t = TargetFactory(target_set=ts, group=g, key=f"k{i}", is_illustrative=True)
        if i < 26:
            TargetAssessmentFactory(target=t, as_of=dt.date(2025, 8, 31), value=Decimal(85))
    task(ts.plan, world["A"], g)
    return ts


def test_list_and_tree(outsider, plan469):
    c = client_for(outsider)
    items = c.get(URL).json()["items"]
    assert [i["number"] for i in items] == ["469-KH/TU"]
    assert items[0]["implements"]["number"] == "57-NQ/TW" and items[0]["is_illustrative"]
    tree = c.get(f"{URL}/{plan469.plan_id}", {"as_of": "2025-08-31"}).json()
    assert tree["counts"]["achievement"]["achieved"] == 26 and tree["counts"]["total"] == 43
    assert tree["groups"][0]["task_count"] == 0  # the outsider sees no task of unit A
    assert len(tree["groups"][0]["targets"]) == 43


def test_plan_targets_with_statuses(officer, plan469):
    c = client_for(officer)
    body = c.get(f"{URL}/{plan469.plan_id}/targets", {"as_of": "2025-08-31"}).json()
    assert body["counts"]["achievement"]["achieved"] == 26
    assert body["counts"]["measurement"]["confirmed"] == 26
    assert body["counts"]["measurement"]["no_data"] == 17
    first = body["targets"][0]
    assert first["status"]["achievement"] == "achieved" and first["status"]["measured"] == "85.0000"
    before = c.get(f"{URL}/{plan469.plan_id}/targets", {"as_of": "2025-08-30"}).json()
    assert before["counts"]["achievement"]["unknown"] == 43
    assert c.get(f"{URL}/{plan469.plan_id}/targets", {"as_of": "31/08/2025"}).status_code == 422


def test_api_query_counts(officer, plan469, world, django_assert_max_num_queries):
    c = client_for(officer)
    with django_assert_max_num_queries(25):
        c.get(f"{URL}/{plan469.plan_id}/targets")
    with django_assert_max_num_queries(30):
        c.get(f"{URL}/{plan469.plan_id}")
    with django_assert_max_num_queries(10):
        c.get(URL)


def test_target_detail_and_assessment(officer, plan469):
    c = client_for(officer)
    t = plan469.targets.order_by("pk").last()
    body = c.get(f"{URL}/targets/{t.pk}", {"as_of": "2025-08-31"}).json()
    assert body["status"]["achievement"] == "unknown"
    r = send(
        c,
        "post",
        f"{URL}/targets/{t.pk}/assessments",
        {"as_of": "2025-08-31", "measurement": "compiling", "achievement": "on_track"},
    )
    assert r.status_code == 201, r.content
    body = c.get(f"{URL}/targets/{t.pk}", {"as_of": "2025-08-31"}).json()
    assert body["status"]["achievement"] == "on_track" and body["status"]["overridden"]
    bad = send(
        c,
        "post",
        f"{URL}/targets/{t.pk}/assessments",
        {"as_of": "2025-08-31", "measurement": "confirmed"},
    )
    assert bad.status_code == 422


def test_patch_target_and_plan(officer, plan469):
    c = client_for(officer)
    t = plan469.targets.order_by("pk").first()
    r = send(c, "patch", f"{URL}/targets/{t.pk}", {"version": 1, "milestones": {"2025": "50"}})
    assert r.status_code == 200 and r.json()["milestones"] == [{"year": 2025, "value": "50.0000"}]
    assert send(c, "patch", f"{URL}/targets/{t.pk}", {"version": 1, "text": "x"}).status_code == 409
    r = send(c, "patch", f"{URL}/{plan469.plan_id}", {"version": 1, "status": "closed"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    assert (
        send(c, "patch", f"{URL}/{plan469.plan_id}", {"version": 2, "status": "bogus"}).status_code
        == 422
    )


def test_revise(officer, plan469):
    c = client_for(officer)
    doc = DocumentFactory(number="92/KH-UBND", owner_unit=plan469.plan.unit)
    r = send(
        c,
        "post",
        f"{URL}/target-sets/{plan469.pk}/revise",
        {"label": "45 chỉ tiêu", "valid_from": "2025-12-02", "document": doc.pk},
    )
    assert r.status_code == 201 and r.json()["version"] == 2
    assert r.json()["document_number"] == "92/KH-UBND"
    again = send(
        c,
        "post",
        f"{URL}/target-sets/{plan469.pk}/revise",
        {"label": "x", "valid_from": "2026-01-01"},
    )
    assert again.status_code == 400
    v1 = c.get(f"{URL}/{plan469.plan_id}/targets", {"as_of": "2025-08-31"}).json()
    v2 = c.get(f"{URL}/{plan469.plan_id}/targets", {"as_of": "2025-12-31"}).json()
    assert (v1["target_set"]["version"], v2["target_set"]["version"]) == (1, 2)
    # History: the 26 assessments belong to v1; v2's copies have none yet.
    assert v2["counts"]["achievement"]["unknown"] == 43


def test_other_unit_gets_404_on_every_write(outsider, plan469):
    c = client_for(outsider)
    t = plan469.targets.order_by("pk").first()
    before = AuditEntry.objects.count()
    assert (
        send(c, "patch", f"{URL}/{plan469.plan_id}", {"version": 1, "title": "x"}).status_code
        == 404
    )
    assert send(c, "patch", f"{URL}/targets/{t.pk}", {"version": 1, "text": "x"}).status_code == 404
    assessment = {"as_of": "2025-08-31", "measurement": "compiling", "value": "1"}
    assert send(c, "post", f"{URL}/targets/{t.pk}/assessments", assessment).status_code == 404
    revise = {"label": "x", "valid_from": "2026-01-01"}
    assert send(c, "post", f"{URL}/target-sets/{plan469.pk}/revise", revise).status_code == 404
    assert AuditEntry.objects.count() == before


def test_missing_is_404(officer):
    c = client_for(officer)
    assert c.get(f"{URL}/999999").status_code == 404
    assert c.get(f"{URL}/targets/999999").status_code == 404
    assert c.get(f"{URL}/999999/targets").status_code == 404


def test_catalogues(officer):
    cat = CatalogueFactory(code="nq57-groups")
    CatalogueItemFactory(catalogue=cat, code="1", name="Nâng cao nhận thức")
    body = client_for(officer).get(f"{URL}/catalogues", {"code": "nq57-groups"}).json()
    assert body[0]["items"][0]["name"] == "Nâng cao nhận thức"


def test_anonymous_is_401(plan469):
    assert Client().get(f"{URL}/{plan469.plan_id}").status_code == 401


def test_status_counts_endpoint(outsider, plan469):
    c = client_for(outsider)
    body = c.get(f"{URL}/{plan469.plan_id}/target-status-counts", {"as_of": "2025-08-31"}).json()
    assert body["achievement"]["achieved"] == 26 and body["total"] == 43
    assert body["target_set"] == plan469.pk and body["as_of"] == "2025-08-31"
    assert c.get(f"{URL}/999999/target-status-counts").status_code == 404


def test_list_assessments(outsider, plan469, django_assert_max_num_queries):
    t = plan469.targets.order_by("pk").first()
    TargetAssessmentFactory(target=t, as_of=dt.date(2025, 9, 30), value=Decimal(90))
    c = client_for(outsider)
    with django_assert_max_num_queries(10) as few:
        body = c.get(f"{URL}/targets/{t.pk}/assessments").json()
    for day in range(1, 20):
        TargetAssessmentFactory(target=t, as_of=dt.date(2025, 7, day), value=Decimal(day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(f"{URL}/targets/{t.pk}/assessments")
    assert [i["as_of"] for i in body["items"]] == ["2025-09-30", "2025-08-31"]


def test_create_target(officer, outsider, plan469, world):
    from .helpers import indicator

    indicator(world["A"], code="5G")
    body = {
        "key": "5g-coverage",
        "code": "44",
        "text": "Phủ sóng 5G",
        "indicator_code": "5G",
        "group": plan469.plan.groups.get().pk,
        "baseline_value": "13.8",
        "baseline_year": 2024,
        "target_value": "60",
        "target_year": 2025,
        "milestones": {},
    }
    url = f"{URL}/target-sets/{plan469.pk}/targets"
    assert send(client_for(outsider), "post", url, body).status_code == 404
    r = send(client_for(officer), "post", url, body)
    assert r.status_code == 201, r.content
    assert r.json()["indicator_code"] == "5G" and r.json()["group_code"] == "1"
    assert send(client_for(officer), "post", url, body).status_code == 422  # same key
    assert (
        send(
            client_for(officer), "post", url, {**body, "key": "x", "indicator_code": "NO"}
        ).status_code
        == 404
    )
