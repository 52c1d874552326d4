"""`/api/v1/documents`: list filters, by-number, detail links, writes, conflicts, 404s."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tinhso.audit.models import AuditEntry
from tinhso.programmes.tests.factories import PlanFactory, TargetFactory

from .factories import DocumentFactory, DocumentRelationFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/documents"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def docs(world):
    nq = DocumentFactory(
        resolution=True, owner_unit=world["P"], effective_from=dt.date(2024, 12, 22)
    )
    old = DocumentFactory(
        number="433-KH/TU",
        title="Kế hoạch cũ về chuyển đổi số",
        owner_unit=world["A"],
        issued_on=dt.date(2025, 3, 1),
        effective_from=dt.date(2025, 3, 1),
        effective_to=dt.date(2025, 5, 16),
    )
    new = DocumentFactory(
        number="469-KH/TU",
        title="Kế hoạch thực hiện Nghị quyết 57",
        owner_unit=world["A"],
        effective_from=dt.date(2025, 5, 16),
    )
    return {"nq": nq, "old": old, "new": new}


def test_list_filters(officer, docs):
    c = client_for(officer)
    numbers = lambda r: [i["number"] for i in r.json()["items"]]  # noqa: E731
    assert numbers(c.get(URL)) == ["469-KH/TU", "433-KH/TU", "57-NQ/TW"]
    assert numbers(c.get(URL, {"q": "nghi quyet 57"})) == ["469-KH/TU"]
    assert numbers(c.get(URL, {"q": "57-nq/tw"})) == ["57-NQ/TW"]
    assert numbers(c.get(URL, {"doc_type": "resolution"})) == ["57-NQ/TW"]
    assert numbers(c.get(URL, {"year": 2024})) == ["57-NQ/TW"]
    assert numbers(c.get(URL, {"in_force_on": "2025-04-01"})) == ["433-KH/TU", "57-NQ/TW"]
    assert numbers(c.get(URL, {"in_force_on": "2025-06-01"})) == ["469-KH/TU", "57-NQ/TW"]
    assert c.get(URL, {"in_force_on": "01/06/2025"}).status_code == 422


def test_list_query_count_does_not_grow(officer, docs, world, django_assert_max_num_queries):
    c = client_for(officer)
    with django_assert_max_num_queries(8):
        assert c.get(URL).status_code == 200
    for _ in range(30):
        DocumentFactory(owner_unit=world["B"])
    with django_assert_max_num_queries(8):
        assert len(c.get(URL).json()["items"]) == 33


def test_by_number_and_links(officer, outsider, docs, world):
    rel = DocumentRelationFactory(source=docs["new"], target=docs["nq"])
    plan = PlanFactory(unit=world["A"], document=docs["new"], implements=docs["nq"])
    TargetFactory(target_set__plan=plan, source_document=docs["new"], text="5G 60%")
    body = client_for(outsider).get(f"{URL}/by-number", {"number": "469 - KH/TU"}).json()
    assert body["id"] == docs["new"].pk
    assert body["relations_out"][0]["document"]["number"] == "57-NQ/TW"
    assert body["plans"][0]["id"] == plan.pk
    assert "5G 60%" in body["targets"][0]["label"]
    back = client_for(outsider).get(f"{URL}/{docs['nq'].pk}").json()
    assert back["relations_in"][0]["id"] == rel.pk
    assert back["plans"] == [{"id": plan.pk, "label": plan.title}]  # implementing plan
    assert client_for(outsider).get(f"{URL}/by-number", {"number": "1-XX"}).status_code == 404


def test_create_and_patch(officer, world):
    c = client_for(officer)
    r = send(
        c,
        "post",
        URL,
        {
            "owner_unit": world["A"].pk,
            "number": "18/KH-UBND",
            "doc_type": "plan",
            "issuer": "UBND tỉnh Đồng Nai",
            "issued_on": "2025-07-24",
            "title": "Chiến dịch 30 ngày",
        },
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = send(c, "patch", f"{URL}/{pk}", {"version": 1, "title": "Chiến dịch 30 ngày cao điểm"})
    assert r.status_code == 200 and r.json()["version"] == 2
    stale = send(c, "patch", f"{URL}/{pk}", {"version": 1, "title": "x"})
    assert stale.status_code == 409
    bad = send(c, "patch", f"{URL}/{pk}", {"version": 2, "doc_type": "nonsense"})
    assert bad.status_code == 422


def test_invalid_create_is_422(officer, world):
    r = send(client_for(officer), "post", URL, {"owner_unit": world["A"].pk, "number": ""})
    assert r.status_code == 422


def test_other_unit_gets_404_on_every_write(outsider, docs, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = client_for(outsider)
    doc = docs["new"]
    before = AuditEntry.objects.count()
    create = {
        "owner_unit": world["A"].pk,
        "number": "1/KH",
        "issuer": "x",
        "issued_on": "2025-01-01",
        "title": "x",
    }
    assert send(c, "post", URL, create).status_code == 404
    assert send(c, "patch", f"{URL}/{doc.pk}", {"version": 1, "title": "x"}).status_code == 404
    rel = {"kind": "implements", "target": docs["nq"].pk}
    assert send(c, "post", f"{URL}/{doc.pk}/relations", rel).status_code == 404
    upload = c.post(
        f"{URL}/{doc.pk}/file?version=1", {"file": SimpleUploadedFile("kh.pdf", b"%PDF-1.4")}
    )
    assert upload.status_code == 404
    assert AuditEntry.objects.count() == before


def test_file_upload(officer, docs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    c = client_for(officer)
    doc = docs["new"]
    ok = c.post(
        f"{URL}/{doc.pk}/file?version=1", {"file": SimpleUploadedFile("kh.pdf", b"%PDF-1.7 x")}
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["file_url"].startswith("/media/documents/")
    bad = c.post(f"{URL}/{doc.pk}/file?version=2", {"file": SimpleUploadedFile("kh.exe", b"MZ")})
    assert bad.status_code == 422


def test_relation_by_number(officer, docs):
    c = client_for(officer)
    r = send(
        c,
        "post",
        f"{URL}/{docs['new'].pk}/relations",
        {"kind": "replaces", "target_number": "433-KH/TU"},
    )
    assert r.status_code == 201
    assert r.json()["document"]["number"] == "433-KH/TU"
    assert (
        send(c, "post", f"{URL}/{docs['new'].pk}/relations", {"kind": "amends"}).status_code == 422
    )


def test_nul_characters_are_refused_not_500(officer, docs):
    c = client_for(officer)
    assert c.get(URL, {"q": "a\x00b"}).status_code == 200
    assert c.get(f"{URL}/by-number", {"number": "57\x00"}).status_code == 404
    r = send(c, "patch", f"{URL}/{docs['new'].pk}", {"version": 1, "title": "a\x00b"})
    assert r.status_code == 422


def test_delete_relation(officer, outsider, docs):
    rel = DocumentRelationFactory(source=docs["new"], target=docs["nq"])
    assert client_for(outsider).delete(f"{URL}/relations/{rel.pk}").status_code == 404
    assert client_for(officer).delete(f"{URL}/relations/{rel.pk}").status_code == 204
    assert client_for(officer).delete(f"{URL}/relations/{rel.pk}").status_code == 404
