"""Registry pages: list (filters, HTMX rows, export, query count), document page, forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from tinhso.programmes.tests.factories import PlanFactory

from .factories import DocumentFactory, DocumentRelationFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_list_search_htmx_and_export(officer, world):
    DocumentFactory(number="469-KH/TU", title="Kế hoạch hành động", owner_unit=world["A"])
    DocumentFactory(
        number="18/KH-UBND", title="Chiến dịch", owner_unit=world["A"], illustrative=True
    )
    c = client_for(officer)
    page = c.get(reverse("documents:list"))
    html = page.content.decode()
    assert page.status_code == 200 and "469-KH/TU" in html and "18/KH-UBND" in html
    assert "Minh họa" in html or "Illustrative" in html
    rows = c.get(reverse("documents:list"), {"q": "ke hoach"}, HTTP_HX_REQUEST="true")
    assert "<html" not in rows.content.decode()
    assert "469-KH/TU" in rows.content.decode() and "18/KH-UBND" not in rows.content.decode()
    csv = c.get(reverse("documents:list"), {"export": "csv"})
    body = b"".join(csv.streaming_content).decode()
    assert "469-KH/TU" in body and "18/KH-UBND" in body


def test_list_query_count(officer, world, django_assert_max_num_queries):
    for _ in range(5):
        DocumentFactory(owner_unit=world["A"])
    c = client_for(officer)
    with django_assert_max_num_queries(12) as few:
        c.get(reverse("documents:list"))
    for _ in range(40):
        DocumentFactory(owner_unit=world["B"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        c.get(reverse("documents:list"))


def test_detail_shows_relations_and_links(outsider, world):
    nq = DocumentFactory(resolution=True, owner_unit=world["P"])
    plan_doc = DocumentFactory(number="469-KH/TU", owner_unit=world["A"])
    DocumentRelationFactory(source=plan_doc, target=nq)
    PlanFactory(unit=world["A"], document=plan_doc, implements=nq, title="Kế hoạch 469")
    c = client_for(outsider)
    html = c.get(reverse("documents:detail", args=[nq.pk])).content.decode()
    assert "469-KH/TU" in html and "Kế hoạch 469" in html
    # The outsider may read but sees no edit button.
    assert reverse("documents:edit", args=[nq.pk]) not in html
    assert c.get(reverse("documents:edit", args=[plan_doc.pk])).status_code == 404


def test_create_and_edit_forms(officer, world):
    c = client_for(officer)
    assert c.get(reverse("documents:create")).status_code == 200
    data = {
        "owner_unit": world["A"].pk,
        "number": "233/KH-UBND",
        "doc_type": "plan",
        "issuer": "UBND tỉnh",
        "issued_on": "26/06/2025",
        "title": "Chuyển đổi số liên thông",
    }
    r = c.post(reverse("documents:create"), data)
    assert r.status_code == 302
    doc_url = r["Location"]
    pk = int(doc_url.rstrip("/").split("/")[-1])
    # A stale version re-renders the form with the conflict message.
    r = c.post(reverse("documents:edit", args=[pk]), {**data, "title": "A", "version": 1})
    assert r.status_code == 302
    r = c.post(reverse("documents:edit", args=[pk]), {**data, "title": "B", "version": 1})
    assert r.status_code == 200 and "errors" in r.content.decode()
    # Invalid validity order is a field error, not a 500.
    r = c.post(
        reverse("documents:edit", args=[pk]),
        {**data, "version": 2, "effective_from": "01/07/2025", "effective_to": "01/06/2025"},
    )
    assert r.status_code == 200


def test_relate_and_unrelate_views(officer, world):
    a = DocumentFactory(owner_unit=world["A"], issued_on=dt.date(2025, 9, 15))
    b = DocumentFactory(owner_unit=world["A"], number="92/KH-UBND", issued_on=dt.date(2025, 1, 1))
    c = client_for(officer)
    c.post(
        reverse("documents:relate", args=[a.pk]),
        {"kind": "replaces", "target_number": "92/KH-UBND"},
    )
    rel = a.relations_out.get()
    assert rel.target == b
    c.post(reverse("documents:relate", args=[a.pk]), {"kind": "amends", "target_number": "nope"})
    assert a.relations_out.count() == 1
    c.post(reverse("documents:unrelate", args=[rel.pk]))
    assert a.relations_out.count() == 0


def test_other_unit_cannot_relate_or_unrelate(outsider, world):
    rel = DocumentRelationFactory(source__owner_unit=world["A"])
    c = client_for(outsider)
    assert c.post(reverse("documents:unrelate", args=[rel.pk])).status_code == 404
    r = c.post(
        reverse("documents:relate", args=[rel.source_id]),
        {"kind": "amends", "target_number": rel.target.number},
    )
    assert r.status_code == 404
