"""`/api/v1/units`: filters, pagination, eras, lineage, PATCH rights and conflicts, tokens."""

from __future__ import annotations

import json

import pytest

from tinhso.accounts.models import ApiToken
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry

from .helpers import current

pytestmark = pytest.mark.django_db

URL = "/api/v1/units"


def make_token(user, scopes):
    raw = f"tsk_{user.username[:8]}_secretsecret"
    ApiToken.objects.create(
        user=user,
        name="test",
        prefix=user.username[:12],
        token_hash=ApiToken.hash_secret(raw),
        scopes=scopes,
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def patch(client, code, body, **extra):
    return client.patch(
        f"{URL}/{code}", data=json.dumps(body), content_type="application/json", **extra
    )


# --- list -----------------------------------------------------------------------------


def test_list_dong_nai_communes(client, officer):
    r = client.get(URL, {"province": "75", "level": "commune", "page_size": 500})
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 95
    assert len(body["items"]) == 95
    first = body["items"][0]
    assert set(first) >= {"id", "code", "name", "level", "parent_code", "valid_from", "valid_to"}
    assert first["level"] == "commune"
    assert first["parent_code"] == "75"
    assert {i["division_type"] for i in body["items"]} == {"phường", "xã"}


def test_list_is_paginated(client, officer):
    r1 = client.get(URL, {"province": "75", "level": "commune", "page_size": 10})
    r2 = client.get(URL, {"province": "75", "level": "commune", "page_size": 10, "page": 2})
    assert r1.json()["count"] == r2.json()["count"] == 95
    page1 = [i["code"] for i in r1.json()["items"]]
    page2 = [i["code"] for i in r2.json()["items"]]
    assert len(page1) == len(page2) == 10
    assert not set(page1) & set(page2)
    default = client.get(URL).json()
    assert len(default["items"]) == 50
    assert default["count"] == 34 + 3321 + 13 + 1 + 96


def test_list_search_and_era_filters(client, officer):
    found = client.get(URL, {"q": "bien hoa"}).json()
    assert "Phường Biên Hòa" in [i["name"] for i in found["items"]]
    old = client.get(URL, {"province": "75", "level": "commune", "as_of": "2025-06-30"}).json()
    assert old["count"] == 159
    closed = client.get(URL, {"q": "26068", "include_closed": "true"}).json()
    assert sorted(i["name"] for i in closed["items"]) == ["Phường Biên Hòa", "Phường Hóa An"]
    children = client.get(URL, {"parent": "731", "as_of": "2025-06-30"}).json()
    assert children["count"] == 25
    assert client.get(URL, {"parent": "nope"}).json()["count"] == 0


@pytest.mark.parametrize("value", ["30/06/2025", "2025-13-01", "yesterday"])
def test_bad_as_of_is_422(client, officer, value):
    r = client.get(URL, {"as_of": value})
    assert r.status_code == 422
    assert any("as_of" in e["loc"] for e in r.json()["detail"])


def test_list_query_count_does_not_grow_with_page_size(
    client, officer, django_assert_max_num_queries
):
    # Session + user + memberships are constant; rows come in one query plus one count.
    with django_assert_max_num_queries(8):
        small = client.get(URL, {"page_size": 5})
    with django_assert_max_num_queries(8):
        big = client.get(URL, {"page_size": 500, "include_closed": "true"})
    assert len(small.json()["items"]) == 5
    assert len(big.json()["items"]) == 500


def test_anonymous_gets_401(client, units):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/75").status_code == 401


# --- detail -----------------------------------------------------------------------------


def test_get_unit_by_era(client, officer):
    new = client.get(f"{URL}/75").json()
    old = client.get(f"{URL}/75", {"as_of": "2024-06-01"}).json()
    assert new["id"] != old["id"]
    assert new["is_current"] and not old["is_current"]
    assert new["level"] == {"code": "province", "name": "Tỉnh, thành phố"}
    assert new["children_count"] == 95 + 15
    assert old["children_count"] == 11
    assert sorted(p["unit"]["code"] for p in new["predecessors"]) == ["70", "75"]
    assert [s["unit"]["id"] for s in old["successors"]] == [new["id"]]
    assert old["current_successors"][0]["id"] == new["id"]
    assert new["current_successors"] == []


def test_get_unit_shows_lineage(client, officer):
    tran_bien = client.get(f"{URL}/26041").json()
    assert len(tran_bien["predecessors"]) == 6
    link = tran_bien["predecessors"][0]
    assert link["kind"] == "merge"
    assert link["effective_date"] == "2025-07-01"
    assert link["legal_basis"].startswith("NQ 1662/NQ-UBTVQH15")
    assert tran_bien["parent"]["code"] == "75"


def test_closed_unit_shows_current_successors(client, officer):
    body = client.get(f"{URL}/26449").json()  # no current unit carries 26449 any more
    assert body["name"] == "Xã Xuân Tâm"
    assert body["is_current"] is False
    assert [s["name"] for s in body["current_successors"]] == ["Xã Xuân Đông", "Xã Xuân Hòa"]
    assert {s["kind"] for s in body["successors"]} == {"split"}
    assert all(s["partial"] for s in body["successors"])
    old_hoa_an = client.get(f"{URL}/26068", {"as_of": "2025-06-30"}).json()
    assert old_hoa_an["name"] == "Phường Hóa An"
    assert old_hoa_an["parent"]["code"] == "731"
    assert [s["code"] for s in old_hoa_an["current_successors"]] == ["26068"]


def test_steering_committee_names_its_standing_agency(client, officer):
    body = client.get(f"{URL}/75.BCD57").json()
    assert body["level"]["code"] == "steering_committee"
    assert body["standing_agency"]["code"] == "75.SKHCN"


def test_missing_code_is_404(client, officer):
    assert client.get(f"{URL}/99999").status_code == 404
    # Commune service centres exist only since 1/7/2025.
    assert client.get(f"{URL}/26041.TTPVHCC", {"as_of": "2025-06-30"}).status_code == 404


def test_get_unit_bad_as_of_is_422(client, officer):
    assert client.get(f"{URL}/75", {"as_of": "01/07/2025"}).status_code == 422


# --- tokens -------------------------------------------------------------------------------


def test_token_with_units_read_scope(client, units):
    user = UserFactory()
    headers = make_token(user, ["units:read"])
    r = client.get(URL, {"province": "75", "level": "commune"}, **headers)
    assert r.status_code == 200
    assert r.json()["count"] == 95
    assert client.get(f"{URL}/75", **headers).status_code == 200


def test_token_without_scope_is_refused(client, units):
    headers = make_token(UserFactory(), ["calendar:read"])
    assert client.get(URL, **headers).status_code == 403
    assert client.get(f"{URL}/75", **headers).status_code == 403


def test_token_cannot_patch(client, units):
    user = member(current("26068"), "admin")
    headers = make_token(user, ["units:read"])
    r = patch(client, "26068", {"version": 1, "phone": "0251 1"}, **headers)
    assert r.status_code == 403
    assert current("26068").phone == ""


# --- PATCH --------------------------------------------------------------------------------


def test_patch_by_ward_admin(client, ward_admin):
    r = patch(client, "26068", {"version": 1, "phone": "0251 3822 505", "email": "bh@dn.gov.vn"})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["phone"] == "0251 3822 505"
    assert body["version"] == 2
    unit = current("26068")
    assert unit.email == "bh@dn.gov.vn"
    entry = AuditEntry.objects.get(object_type="units.Unit", object_id=str(unit.pk))
    assert entry.after == {"email": "bh@dn.gov.vn", "phone": "0251 3822 505"}
    # Its service centre is in the admin's subtree as well.
    assert patch(client, "26068.TTPVHCC", {"version": 1, "phone": "0251 1"}).status_code == 200


def test_patch_other_province_is_404(client, ward_admin):
    r = patch(client, "00070", {"version": 1, "phone": "0251 1"})  # Phường Hoàn Kiếm, Hà Nội
    assert r.status_code == 404
    assert current("00070").phone == ""


def test_patch_sibling_ward_and_province_is_404(client, ward_admin):
    assert patch(client, "26041", {"version": 1, "phone": "0251 1"}).status_code == 404
    assert patch(client, "75", {"version": 1, "phone": "0251 1"}).status_code == 404


def test_patch_without_manage_is_404(client, officer):
    r = patch(client, "26068", {"version": 1, "phone": "0251 1"})
    assert r.status_code == 404
    assert current("26068").version == 1


def test_patch_missing_code_is_404(client, ward_admin):
    assert patch(client, "99999", {"version": 1, "phone": "0251 1"}).status_code == 404


def test_patch_version_conflict_is_409(client, ward_admin):
    assert patch(client, "26068", {"version": 1, "phone": "0251 1"}).status_code == 200
    r = patch(client, "26068", {"version": 1, "phone": "0251 2"})
    assert r.status_code == 409
    assert r.json()["code"] == "concurrent_edit"
    assert current("26068").phone == "0251 1"


def test_patch_invalid_email_is_422(client, ward_admin):
    r = patch(client, "26068", {"version": 1, "email": "nope"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "email"]


def test_patch_requires_version(client, ward_admin):
    r = patch(client, "26068", {"phone": "0251 1"})
    assert r.status_code == 422


def test_patch_ignores_official_fields_in_body(client, ward_admin):
    r = patch(client, "26068", {"version": 1, "name": "Phường Đổi Tên", "phone": "0251 1"})
    assert r.status_code == 200
    assert current("26068").name == "Phường Biên Hòa"


def test_operation_ids_are_verb_first():
    from tinhso.units.api import router

    ops = {op.operation_id for view in router.path_operations.values() for op in view.operations}
    assert ops == {"list_units", "get_unit", "update_unit"}


def test_openapi_lists_the_units_operations(client, officer):
    schema = client.get("/api/v1/openapi.json").json()
    ops = {
        op["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/units")
        for op in item.values()
    }
    assert ops == {"list_units", "get_unit", "update_unit"}
