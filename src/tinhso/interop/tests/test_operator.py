"""The operators' outbox monitor and API: scoping, retry with audit, query counts."""

from __future__ import annotations

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import DomainError
from tinhso.dossiers.models import OutboxMessage
from tinhso.dossiers.tests.factories import received
from tinhso.interop import selectors, services
from tinhso.interop.channels import Result
from tinhso.interop.delivery import deliver_due
from tinhso.interop.tests.helpers import CONFIG, Sink, adapters, later


@pytest.fixture
def world(tree, dossier):
    """A dossier of A whose portal message is dead, a dossier of B fully sent."""
    other = received(tree["B"])
    deliver_due(
        later(1), adapters=adapters(portal=Sink("portal", Result.rejected("x"))), config=CONFIG
    )
    OutboxMessage.objects.filter(dossier=other).update(status="sent")
    dead = OutboxMessage.objects.get(dossier=dossier, channel="portal")
    assert dead.status == "dead"
    return {"a": dossier, "b": other, "dead": dead}


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_monitor_needs_a_login(db):
    response = Client().get("/lien-thong/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_a_province_admin_sees_every_unit(tree, world, django_assert_max_num_queries):
    client = _login(member(tree["P"], "admin"))
    with django_assert_max_num_queries(18):
        response = client.get("/lien-thong/")
    assert response.status_code == 200
    html = response.content.decode()
    assert world["a"].code in html and world["b"].code in html
    # More rows do not mean more queries.
    for _ in range(3):
        received(tree["B"])
    with django_assert_max_num_queries(18):
        assert client.get("/lien-thong/").status_code == 200


def test_a_unit_sees_only_its_dossiers(tree, world):
    html = _login(member(tree["B"], "officer")).get("/lien-thong/").content.decode()
    assert world["b"].code in html and world["a"].code not in html
    rows = selectors.outbox_list(user=member(tree["B"], "officer"), filters={"status": "dead"})
    assert list(rows) == []


def test_htmx_filter_returns_the_rows_only(tree, world):
    client = _login(member(tree["P"], "admin"))
    response = client.get("/lien-thong/?status=dead", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and world["a"].code in html and world["b"].code not in html


def test_retry_now_from_the_page(tree, world):
    officer = member(tree["A"], "officer")
    response = _login(officer).post(f"/lien-thong/{world['dead'].pk}/retry/")
    assert response.status_code == 302 and response["Location"] == "/lien-thong/"
    world["dead"].refresh_from_db()
    assert world["dead"].status == "pending" and world["dead"].attempts == 0
    entry = AuditEntry.objects.get(object_type="dossiers.OutboxMessage")
    assert entry.before["status"] == "dead" and entry.after["status"] == "pending"
    assert entry.unit_id == tree["A"].pk


def test_another_unit_cannot_retry(tree, world):
    response = _login(member(tree["B"], "admin")).post(f"/lien-thong/{world['dead'].pk}/retry/")
    assert response.status_code == 404
    world["dead"].refresh_from_db()
    assert world["dead"].status == "dead"


def test_a_viewer_cannot_retry(tree, world):
    viewer = member(tree["A"], "viewer")
    assert _login(viewer).post(f"/lien-thong/{world['dead'].pk}/retry/").status_code == 404


def test_a_sent_message_is_not_retried(tree, world):
    sent = OutboxMessage.objects.filter(dossier=world["a"], status="sent").first()
    with pytest.raises(DomainError):
        services.outbox_retry(actor=member(tree["A"], "officer"), message=sent)


def test_api_list_is_scoped_filtered_and_bounded(tree, world, django_assert_max_num_queries):
    client = _login(member(tree["P"], "admin"))
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/interop/outbox?status=dead&limit=50")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1 and data["items"][0]["dossier_code"] == world["a"].code
    assert "payload" not in data["items"][0]
    for _ in range(3):
        received(tree["A"])
    with django_assert_max_num_queries(12):
        assert len(client.get("/api/v1/interop/outbox?limit=50").json()["items"]) > 10
    own = _login(member(tree["B"], "officer")).get("/api/v1/interop/outbox").json()
    assert {i["dossier_code"] for i in own["items"]} == {world["b"].code}
    assert client.get("/api/v1/interop/outbox?status=bogus").status_code == 422
    assert Client().get("/api/v1/interop/outbox").status_code == 401


def test_api_retry(tree, world):
    url = f"/api/v1/interop/outbox/{world['dead'].pk}/retry"
    assert _login(member(tree["B"], "admin")).post(url).status_code == 404
    client = _login(member(tree["A"], "officer"))
    response = client.post(url)
    assert response.status_code == 200 and response.json()["status"] == "pending"
    again = client.post(url)
    assert again.status_code == 400 and again.json()["code"] == "not_retryable"
