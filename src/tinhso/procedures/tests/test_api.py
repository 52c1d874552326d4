"""The procedure API: list/detail (public to signed-in users), import (all or nothing),
export (the seed shape), patch (MANAGE on the owner; other unit gets 404)."""

from __future__ import annotations

import copy
import json

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.procedures.models import Procedure
from tinhso.procedures.tests.factories import ProcedureFactory


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _post(c: Client, url: str, data) -> object:
    return c.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture
def viewer_b(tree):
    return member(tree["B"], "viewer")


def test_import_then_export_round_trips(tree, admin, seed_data):
    c = _client(admin)
    r = _post(c, "/api/v1/procedures/import", seed_data)
    assert r.status_code == 200, r.content
    assert len(r.json()["created"]) == 25
    exported = c.get("/api/v1/procedures/export").json()
    assert {x["key"]: x for x in exported} == {x["key"]: x for x in seed_data}


def test_import_errors_give_422_and_write_nothing(tree, admin, seed_data):
    data = copy.deepcopy(seed_data)
    data[2]["fees"][0]["amount_vnd"] = -5
    r = _post(_client(admin), "/api/v1/procedures/import", data)
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", 2, "fees", 0, "amount_vnd"]
    assert Procedure.objects.count() == 0


def test_import_by_other_unit_gets_404(tree, admin_b, seed_data):
    r = _post(_client(admin_b), "/api/v1/procedures/import", seed_data)
    assert r.status_code == 404
    assert Procedure.objects.count() == 0


def test_list_filters_and_detail(tree, viewer_b):
    ProcedureFactory(owner_unit=tree["P"], sector="Đất đai", name="Đăng ký đất đai lần đầu")
    ProcedureFactory(owner_unit=tree["P"], synthetic=True)
    c = _client(viewer_b)
    body = c.get("/api/v1/procedures?q=dang ky dat&limit=10").json()
    assert body["count"] == 1
    assert c.get("/api/v1/procedures?origin=synthetic").json()["count"] == 1
    code = body["items"][0]["code"]
    detail = c.get(f"/api/v1/procedures/{code}").json()
    assert detail["time_limits"][1]["amount"] is None
    assert detail["cases"][0]["components"][0]["name"] == "Tờ khai"


def test_list_query_count_does_not_grow(tree, admin, django_assert_max_num_queries):
    c = _client(admin)
    for _ in range(3):
        ProcedureFactory(owner_unit=tree["P"])
    with django_assert_max_num_queries(8) as small:
        c.get("/api/v1/procedures?limit=100")
    for _ in range(20):
        ProcedureFactory(owner_unit=tree["P"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        c.get("/api/v1/procedures?limit=100")


def test_patch_needs_manage_and_version(tree, admin, admin_b):
    p = ProcedureFactory(owner_unit=tree["P"])
    assert (c := _client(admin_b)).patch(
        f"/api/v1/procedures/{p.code}",
        json.dumps({"name": "x", "version": 1}),
        content_type="application/json",
    ).status_code == 404
    c = _client(admin)
    url = f"/api/v1/procedures/{p.code}"
    ok = c.patch(
        url, json.dumps({"name": "Tên mới", "version": 1}), content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = c.patch(
        url, json.dumps({"name": "Khác", "version": 1}), content_type="application/json"
    )
    assert stale.status_code == 409


def test_token_without_procedure_scope_is_refused(tree, admin):
    from tinhso.accounts import services as account_services

    secret = account_services.api_token_create(
        actor=admin, user=admin, name="t", scopes=["indicators:read"]
    ).secret
    c = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert c.get("/api/v1/procedures").status_code == 403
    assert _post(c, "/api/v1/procedures/import", []).status_code == 403


def test_export_query_count_does_not_grow(tree, admin, django_assert_max_num_queries):
    c = _client(admin)
    ProcedureFactory(owner_unit=tree["P"])
    with django_assert_max_num_queries(12) as small:
        assert len(c.get("/api/v1/procedures/export").json()) == 1
    for _ in range(10):
        ProcedureFactory(owner_unit=tree["P"])
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(c.get("/api/v1/procedures/export").json()) == 11


def test_set_applicability(tree, admin, admin_b):
    p = ProcedureFactory(owner_unit=tree["P"])
    url = f"/api/v1/procedures/{p.code}/applicability"
    body = {"units": [tree["A"].code], "version": 1}
    other = _client(admin_b).put(url, json.dumps(body), content_type="application/json")
    assert other.status_code == 404
    c = _client(admin)
    r = c.put(url, json.dumps(body), content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["applies_in"] == [tree["A"].code] and not r.json()["applies_everywhere"]
    back = c.put(url, json.dumps({"units": None, "version": 2}), content_type="application/json")
    assert back.json()["applies_everywhere"] and back.json()["applies_in"] == []
    stale = c.put(url, json.dumps({"units": None, "version": 2}), content_type="application/json")
    assert stale.status_code == 409


def test_set_applicability_refuses_units_of_another_province(tree, admin):
    from tinhso.units.tests.factories import UnitFactory

    p = ProcedureFactory(owner_unit=tree["P"])
    outside = UnitFactory(parent=UnitFactory(province=True, code="01"), code="00001")
    r = _client(admin).put(
        f"/api/v1/procedures/{p.code}/applicability",
        json.dumps({"units": [outside.code], "version": 1}),
        content_type="application/json",
    )
    assert r.status_code == 422
