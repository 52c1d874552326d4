"""Access-matrix cases of the document registry (collected by tests/test_access_matrix.py).

The registry is public to every signed-in official (`public_read`); writing a document or a
relation needs Action.EDIT on the (source) document's owner unit. `write_role` is "officer"
(view + edit), the least role that may write.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.documents.models import Document, DocumentRelation

from .factories import DocumentFactory, DocumentRelationFactory


def _document(unit: Any) -> Document:
    return DocumentFactory(owner_unit=unit)


def _relation(unit: Any) -> DocumentRelation:
    return DocumentRelationFactory(source__owner_unit=unit)


def _form(doc: Document) -> dict[str, Any]:
    return {
        "owner_unit": doc.owner_unit_id,
        "number": doc.number,
        "doc_type": doc.doc_type,
        "issuer": doc.issuer,
        "issued_on": doc.issued_on.strftime("%d/%m/%Y"),
        "title": "Tiêu đề đã sửa",
        "version": doc.version,
    }


CASES = [
    AccessCase(
        model=Document,
        make=_document,
        public_read=True,
        write_role="officer",
        ui_read=lambda d: reverse("documents:detail", args=[d.pk]),
        api_read=lambda d: f"/api/v1/documents/{d.pk}",
        ui_list=("/documents/", lambda d: d.number),
        api_list=("/api/v1/documents?page_size=500", lambda d: f'"{d.number}"'),
        ui_write=Write(url=lambda d: reverse("documents:edit", args=[d.pk]), data=_form),
        api_write=Write(
            url=lambda d: f"/api/v1/documents/{d.pk}",
            data=lambda d: {"version": d.version, "title": "Tiêu đề qua API"},
            method="patch",
        ),
    ),
    AccessCase(
        model=DocumentRelation,
        make=_relation,
        public_read=True,
        write_role="officer",
        # Relations are shown on both documents' pages and records.
        ui_read=lambda r: reverse("documents:detail", args=[r.source_id]),
        api_read=lambda r: f"/api/v1/documents/{r.source_id}",
        ui_write=Write(
            url=lambda r: reverse("documents:relate", args=[r.source_id]),
            data=lambda r: {"kind": "amends", "target_number": r.target.number},
        ),
        api_write=Write(
            url=lambda r: f"/api/v1/documents/{r.source_id}/relations",
            data=lambda r: {"kind": "guides", "target": r.target_id},
        ),
    ),
]
