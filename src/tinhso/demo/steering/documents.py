"""Sourced documents, their relations and the catalogues of task groups."""

from __future__ import annotations

from tinhso.demo import steering_data as data
from tinhso.documents.models import Document, DocumentRelation
from tinhso.programmes.models import (
    Catalogue,
    CatalogueItem,
)
from tinhso.units.models import Unit

from .context import Context

# --- documents and catalogues ------------------------------------------------------------


def seed_documents(ctx: Context) -> None:
    for d in data.DOCUMENTS:
        owner = Unit.objects.filter(code=d.owner, valid_to__isnull=True).first() or ctx.skhcn
        doc, _created = Document.objects.get_or_create(
            number=d.number,
            issued_on=d.issued_on,
            defaults={
                "doc_type": d.doc_type,
                "issuer": d.issuer,
                "title": d.title,
                "source_note": d.source_note,
                "source_url": d.source_url,
                "effective_from": d.issued_on,
                "owner_unit": owner,
                "is_illustrative": d.illustrative,
            },
        )
        ctx.docs[d.key] = doc
    for source, kind, target in data.RELATIONS:
        DocumentRelation.objects.get_or_create(
            source=ctx.docs[source], kind=kind, target=ctx.docs[target]
        )


def _catalogue(code: str, name: str, items: list[tuple[str, str]], doc: Document) -> Catalogue:
    cat, _ = Catalogue.objects.get_or_create(
        code=code, version=1, defaults={"name": name, "source_document": doc}
    )
    for order, (item_code, item_name) in enumerate(items, start=1):
        CatalogueItem.objects.get_or_create(
            catalogue=cat, code=item_code, defaults={"name": item_name, "sort_order": order}
        )
    return cat
