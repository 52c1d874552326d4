"""The accounts API: shapes, access (404), validation (422), versions (409), token scopes."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tinhso.accounts import services
from tinhso.accounts.models import Membership, User
from tinhso.accounts.tests.conftest import client_for
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record

pytestmark = pytest.mark.django_db

API = "/api/v1"


def _post(client, url, data, method="post"):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


def _token_client(actor, owner, scopes):
    secret = services.api_token_create(actor=actor, user=owner, name="test", scopes=scopes).secret
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_me_lists_memberships_with_units_and_role_actions(admin_a, tree):
    response = client_for(admin_a).get(f"{API}/me")
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["username"] == "admin.bienhoa"
    [membership] = body["memberships"]
    assert membership["unit"] == {
        "id": tree["a"].pk,
        "code": "26068",
        "name": "Phường Biên Hòa",
        "level": "commune",
    }
    assert membership["role"]["code"] == "admin"
    assert membership["role"]["actions"] == ["view", "edit", "approve", "manage", "audit"]


def test_anonymous_gets_401():
    assert Client().get(f"{API}/me").status_code == 401
    assert Client().get(f"{API}/users").status_code == 401


def test_list_users_is_paginated_and_scoped(admin_a, tree, django_assert_max_num_queries):
    for _ in range(12):
        member(tree["a"], "officer")
    outsider = member(tree["b"], "officer")
    client = client_for(admin_a)
    # session, user, rights (2), count, page, memberships, session save (3): not per row.
    with django_assert_max_num_queries(10):
        response = client.get(f"{API}/users", {"limit": 5})
    body = response.json()
    assert body["count"] == 13 and len(body["items"]) == 5  # 12 officers + the admin
    assert all(m["unit"]["code"] == "26068" for u in body["items"] for m in u["memberships"])
    ids = {u["id"] for u in client.get(f"{API}/users", {"limit": 100}).json()["items"]}
    assert outsider.pk not in ids


def test_list_users_filters(admin_p, tree):
    member(tree["a"], "officer", full_name="Nguyễn Thị Hồng")
    member(tree["b"], "viewer", full_name="Lê Văn Hồng")
    client = client_for(admin_p)

    def names(**params):
        return sorted(u["full_name"] for u in client.get(f"{API}/users", params).json()["items"])

    assert names(q="hong") == ["Lê Văn Hồng", "Nguyễn Thị Hồng"]
    assert names(q="hong", unit=tree["b"].pk) == ["Lê Văn Hồng"]
    assert names(q="hong", role="officer") == ["Nguyễn Thị Hồng"]
    assert names(q="hong", active=False) == []


def test_get_user_of_another_commune_is_404(admin_a, tree):
    other = member(tree["b"], "officer")
    own = member(tree["a"], "officer")
    client = client_for(admin_a)
    assert client.get(f"{API}/users/{other.pk}").status_code == 404
    assert client.get(f"{API}/users/999999").status_code == 404
    assert client.get(f"{API}/users/{own.pk}").json()["username"] == own.username


def test_create_user_returns_the_initial_password_once(admin_a, tree):
    response = _post(
        client_for(admin_a),
        f"{API}/users",
        {
            "username": "moi.bienhoa",
            "full_name": "Phạm Văn Mới",
            "email": "moi@bienhoa.gov.vn",
            "unit_id": tree["a"].pk,
            "role": "officer",
        },
    )
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    user = User.objects.get(username="moi.bienhoa")
    assert body["user"]["id"] == user.pk and body["user"]["must_change_password"] is True
    assert user.check_password(body["initial_password"])
    assert [m["role"]["code"] for m in body["user"]["memberships"]] == ["officer"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "admin.bienhoa"}, "username"),
        ({"email": "not-an-email"}, "email"),
        ({"role": "boss"}, "role"),
        ({"password": "123"}, "password"),
        ({"full_name": ""}, "full_name"),
    ],
)
def test_create_user_bad_input_is_422_with_the_field(admin_a, tree, change, field):
    payload = {"username": "ok.user", "full_name": "Lê Văn A", "unit_id": tree["a"].pk}
    payload["role"] = "officer"
    response = _post(client_for(admin_a), f"{API}/users", {**payload, **change})
    assert response.status_code == 422, response.content
    assert [d["loc"] for d in response.json()["detail"]] == [["body", field]]
    assert not User.objects.filter(username="ok.user").exists()


def test_create_user_with_a_malformed_body_is_422(admin_a):
    response = _post(client_for(admin_a), f"{API}/users", {"username": "x"})
    assert response.status_code == 422


def test_create_user_in_another_commune_is_404(admin_a, tree):
    payload = {"username": "x.y", "full_name": "Lê A", "unit_id": tree["b"].pk, "role": "viewer"}
    assert _post(client_for(admin_a), f"{API}/users", payload).status_code == 404


def test_inspector_reads_nothing_of_users_and_writes_nothing(inspector_p, tree):
    target = member(tree["a"], "officer")
    client = client_for(inspector_p)
    assert client.get(f"{API}/users").json()["count"] == 0
    assert client.get(f"{API}/users/{target.pk}").status_code == 404
    payload = {"username": "x.y", "full_name": "Lê A", "unit_id": tree["a"].pk, "role": "viewer"}
    assert _post(client, f"{API}/users", payload).status_code == 404


def test_update_user_with_a_stale_version_is_409(admin_a, tree):
    target = member(tree["a"], "officer")
    client = client_for(admin_a)
    url = f"{API}/users/{target.pk}"
    ok = _post(client, url, {"version": 1, "position": "Văn thư"}, "patch")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = _post(client, url, {"version": 1, "position": "Kế toán"}, "patch")
    assert stale.status_code == 409 and stale.json()["code"] == "concurrent_edit"
    bad = _post(client, url, {"version": 2, "email": "x"}, "patch")
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "email"]
    other = member(tree["b"], "officer")
    assert _post(client, f"{API}/users/{other.pk}", {"version": 1}, "patch").status_code == 404


def test_memberships_are_created_and_ended(admin_p, tree):
    target = member(tree["a"], "officer")
    client = client_for(admin_p)
    response = _post(
        client, f"{API}/users/{target.pk}/memberships", {"unit_id": tree["b"].pk, "role": "viewer"}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["unit"]["code"] == "26080" and created["is_active"] is True
    ended = client.delete(f"{API}/memberships/{created['id']}")
    assert ended.status_code == 200 and ended.json()["is_active"] is False
    again = client.delete(f"{API}/memberships/{created['id']}")
    assert again.status_code == 422


def test_memberships_of_another_commune_are_404(admin_a, tree):
    other = member(tree["b"], "officer")
    client = client_for(admin_a)
    membership = other.memberships.get()
    assert client.delete(f"{API}/memberships/{membership.pk}").status_code == 404
    payload = {"unit_id": tree["a"].pk, "role": "viewer"}
    assert _post(client, f"{API}/users/{other.pk}/memberships", payload).status_code == 404
    assert Membership.objects.get(pk=membership.pk).valid_to is None


def test_list_roles(admin_a):
    body = client_for(admin_a).get(f"{API}/roles").json()
    assert [r["code"] for r in body["items"]][:5] == [
        "viewer",
        "officer",
        "leader",
        "admin",
        "inspector",
    ]
    assert body["count"] >= 5


def test_tokens_are_created_once_and_revoked(admin_a, tree):
    owner = member(tree["a"], "officer")
    client = client_for(admin_a)
    response = _post(
        client,
        f"{API}/tokens",
        {"user_id": owner.pk, "name": "Cổng DVC", "scopes": ["accounts:read"]},
    )
    assert response.status_code == 201, response.content
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["token"].startswith(body["prefix"]) and body["scopes"] == ["accounts:read"]
    token_client = Client(HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert token_client.get(f"{API}/me").json()["user"]["id"] == owner.pk
    revoked = client.delete(f"{API}/tokens/{body['id']}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert token_client.get(f"{API}/me").status_code == 401


def test_token_creation_bad_input_and_foreign_user(admin_a, tree):
    client = client_for(admin_a)
    owner = member(tree["a"], "officer")
    bad = _post(client, f"{API}/tokens", {"user_id": owner.pk, "name": "x", "scopes": ["root"]})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "scopes"]
    other = member(tree["b"], "officer")
    payload = {"user_id": other.pk, "name": "x", "scopes": ["units:read"]}
    assert _post(client, f"{API}/tokens", payload).status_code == 404
    token = services.api_token_create(
        actor=member(tree["b"], "admin"), user=other, name="b", scopes=["units:read"]
    ).token
    assert client.delete(f"{API}/tokens/{token.pk}").status_code == 404


def test_token_scopes_limit_reads_and_writes(admin_a, tree):
    read_only = _token_client(admin_a, admin_a, ["accounts:read"])
    no_accounts = _token_client(admin_a, admin_a, ["units:read"])
    writer = _token_client(admin_a, admin_a, ["accounts:read", "accounts:write"])
    payload = {"username": "tk.user", "full_name": "Lê A", "unit_id": tree["a"].pk}
    payload["role"] = "viewer"

    assert read_only.get(f"{API}/users").status_code == 200
    assert no_accounts.get(f"{API}/users").status_code == 403
    assert no_accounts.get(f"{API}/me").status_code == 403
    assert _post(read_only, f"{API}/users", payload).status_code == 403
    assert not User.objects.filter(username="tk.user").exists()
    assert _post(writer, f"{API}/users", payload).status_code == 201


def test_audit_is_scoped_by_the_audit_right(
    inspector_p, admin_a, tree, django_assert_max_num_queries
):
    for i in range(5):
        audit_record(actor=admin_a, action="update", unit=tree["a"], object_repr=f"A-{i}")
    audit_record(actor=admin_a, action="update", unit=tree["y"], object_repr="Y-secret")
    client = client_for(inspector_p)
    with django_assert_max_num_queries(10):
        body = client.get(f"{API}/audit", {"limit": 3}).json()
    assert body["count"] == 5 and len(body["items"]) == 3
    assert body["items"][0]["object_repr"] == "A-4"
    assert body["items"][0]["unit_name"] == "Phường Biên Hòa"
    everything = client.get(f"{API}/audit", {"limit": 100}).content.decode()
    assert "Y-secret" not in everything
    officer = member(tree["a"], "officer")
    assert client_for(officer).get(f"{API}/audit").json()["count"] == 0


def test_audit_filters(admin_p, tree):
    audit_record(actor=admin_p, action="create", unit=tree["a"], object_repr="tạo mới")
    audit_record(actor=admin_p, action="update", unit=tree["b"], object_repr="sửa")
    client = client_for(admin_p)

    def reprs(**params):
        return [e["object_repr"] for e in client.get(f"{API}/audit", params).json()["items"]]

    assert reprs(action="create") == ["tạo mới"]
    assert reprs(unit=tree["b"].pk) == ["sửa"]
    assert reprs(actor=admin_p.pk, q="sửa") == ["sửa"]
    assert AuditEntry.objects.count() == 2


def test_operation_ids_are_verb_first(admin_a):
    schema = client_for(admin_a).get(f"{API}/openapi.json").json()
    ids = {
        op["operationId"]
        for path, item in schema["paths"].items()
        for op in item.values()
        if path.startswith(f"{API}/") and "accounts" in op.get("tags", [])
    }
    assert ids == {
        "get_me",
        "list_users",
        "create_user",
        "get_user",
        "update_user",
        "create_membership",
        "end_membership",
        "list_roles",
        "create_token",
        "revoke_token",
        "list_audit_entries",
    }
