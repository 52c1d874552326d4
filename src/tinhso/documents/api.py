"""API routes of the document registry (mounted at /api/v1/documents).

Reads are open to every authenticated caller (a token needs `documents:read`); writes need
Action.EDIT on the document's owner unit (checked by the services; refused = 404) and a
token with `documents:write`.
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope
from tinhso.units.selectors import unit_get_by_pk

from . import selectors, services
from .models import Document
from .schemas import (
    DocumentCreateIn,
    DocumentDetailOut,
    DocumentFilterIn,
    DocumentOut,
    DocumentPatchIn,
    NumberIn,
    RelationIn,
    RelationOut,
)

router = Router(tags=["documents"])

READ_SCOPE = "documents:read"
WRITE_SCOPE = "documents:write"


class _Mapped:
    """A queryset seen through `fn`, sliced lazily: the paginator counts in SQL and maps
    only the page it shows (so a list of 100k rows is never built in memory)."""

    def __init__(self, qs: Any, fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.fn(row) for row in self.qs[index]]


def _out(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "number": doc.number,
        "doc_type": doc.doc_type,
        "issuer": doc.issuer,
        "issued_on": doc.issued_on,
        "title": doc.title,
        "summary": doc.summary,
        "source_url": doc.source_url,
        "source_note": doc.source_note,
        "effective_from": doc.effective_from,
        "effective_to": doc.effective_to,
        "in_force": doc.in_force_on(timezone.localdate()),
        "is_illustrative": doc.is_illustrative,
        "file_url": doc.file.url if doc.file else None,
        "owner_unit": doc.owner_unit,
        "version": doc.version,
    }


def _relation(rel: Any, other: Document) -> dict[str, Any]:
    return {"id": rel.pk, "kind": rel.kind, "document": other, "note": rel.note}


def _detail(request: HttpRequest, doc: Document) -> dict[str, Any]:
    links = selectors.document_links(user=request.user, document=doc)
    data = _out(doc)
    data.update(
        relations_out=[
            _relation(r, r.target) for r in selectors.document_relations_out(document=doc)
        ],
        relations_in=[
            _relation(r, r.source) for r in selectors.document_relations_in(document=doc)
        ],
        plans=[{"id": p.pk, "label": p.title} for p in [*links.plans, *links.implementing_plans]],
        target_sets=[{"id": s.pk, "label": s.label} for s in links.target_sets],
        targets=[{"id": t.pk, "label": f"{t.code}. {t.text}"[:200]} for t in links.targets],
        tasks=[{"id": t.pk, "label": t.title} for t in links.tasks],
        task_extensions=[
            {"id": e.pk, "label": f"{e.decision_number}: {e.task.title}"[:200]}
            for e in links.task_extensions
        ],
    )
    return data


@router.get("", response=list[DocumentOut], operation_id="list_documents")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_documents(request: HttpRequest, filters: Query[DocumentFilterIn]) -> Any:
    """Documents of the registry; filters q, doc_type, issuer, year, in_force_on."""
    require_scope(request, READ_SCOPE)
    return _Mapped(selectors.document_list(filters=filters.model_dump()), _out)


@router.post("", response={201: DocumentOut}, operation_id="create_document")
def create_document(request: HttpRequest, payload: DocumentCreateIn) -> Any:
    """Register a document (needs the edit right on `owner_unit`)."""
    require_scope(request, WRITE_SCOPE)
    unit = unit_get_by_pk(pk=payload.owner_unit)
    data = payload.model_dump(exclude={"owner_unit"})
    doc = services.document_create(actor=request.user, owner_unit=unit, data=data)
    return Status(201, _out(selectors.document_get(pk=doc.pk)))


@router.get("/by-number", response=DocumentDetailOut, operation_id="get_document_by_number")
def get_document_by_number(request: HttpRequest, query: Query[NumberIn]) -> Any:
    """One document by number/symbol (e.g. `57-NQ/TW`); the newest if the number repeats."""
    require_scope(request, READ_SCOPE)
    doc = selectors.document_get_by_number(number=query.number, issued_on=query.issued_on)
    return _detail(request, doc)


@router.get("/{document_id}", response=DocumentDetailOut, operation_id="get_document")
def get_document(request: HttpRequest, document_id: int) -> Any:
    """One document with its relations and the plans, targets and tasks it created."""
    require_scope(request, READ_SCOPE)
    return _detail(request, selectors.document_get(pk=document_id))


@router.patch("/{document_id}", response=DocumentOut, operation_id="update_document")
def update_document(request: HttpRequest, document_id: int, payload: DocumentPatchIn) -> Any:
    """Change a document's metadata; `version` must be the one read (else 409)."""
    require_scope(request, WRITE_SCOPE)
    doc = selectors.document_get(pk=document_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.document_update(actor=request.user, document=doc, data=data, version=payload.version)
    return _out(selectors.document_get(pk=document_id))


@router.post("/{document_id}/file", response=DocumentOut, operation_id="upload_document_file")
def upload_document_file(
    request: HttpRequest, document_id: int, version: int, file: File[UploadedFile]
) -> Any:
    """Attach or replace the file (PDF, DOC, DOCX, ODT or XLSX, at most 20 MB)."""
    require_scope(request, WRITE_SCOPE)
    doc = selectors.document_get(pk=document_id)
    services.document_update(actor=request.user, document=doc, data={}, version=version, file=file)
    return _out(selectors.document_get(pk=document_id))


@router.post(
    "/{document_id}/relations", response={201: RelationOut}, operation_id="create_document_relation"
)
def create_document_relation(request: HttpRequest, document_id: int, payload: RelationIn) -> Any:
    """Record that this document implements / amends / replaces / guides another."""
    require_scope(request, WRITE_SCOPE)
    source = selectors.document_get(pk=document_id)
    if payload.target is not None:
        target = selectors.document_get(pk=payload.target)
    elif payload.target_number:
        target = selectors.document_get_by_number(number=payload.target_number)
    else:
        raise ValidationError({"target": _("Choose the related document.")})
    rel = services.document_relate(
        actor=request.user, source=source, kind=payload.kind, target=target, note=payload.note
    )
    return Status(201, _relation(rel, target))


@router.delete(
    "/relations/{relation_id}", response={204: None}, operation_id="delete_document_relation"
)
def delete_document_relation(request: HttpRequest, relation_id: int) -> Any:
    """Remove a relation recorded by mistake (edit right on the source document)."""
    require_scope(request, WRITE_SCOPE)
    relation = selectors.document_relation_get(pk=relation_id)
    services.document_unrelate(actor=request.user, relation=relation)
    return Status(204, None)
