"""Factories for the document registry."""

from __future__ import annotations

import datetime as dt

import factory

from tinhso.documents.models import Document, DocumentRelation, DocumentType, RelationKind
from tinhso.units.tests.factories import UnitFactory


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    number = factory.Sequence(lambda n: f"{n + 100}-KH/TU")
    doc_type = DocumentType.PLAN
    issuer = "Tỉnh ủy Đồng Nai"
    issued_on = dt.date(2025, 5, 16)
    title = factory.Sequence(lambda n: f"Kế hoạch thực hiện Nghị quyết số {n}")
    owner_unit = factory.SubFactory(UnitFactory)

    class Params:
        resolution = factory.Trait(
            number="57-NQ/TW",
            doc_type=DocumentType.RESOLUTION,
            issuer="Bộ Chính trị",
            issued_on=dt.date(2024, 12, 22),
            title=(
                "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo "
                "và chuyển đổi số quốc gia"
            ),
        )
        illustrative = factory.Trait(is_illustrative=True)


class DocumentRelationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRelation

    source = factory.SubFactory(DocumentFactory)
    kind = RelationKind.IMPLEMENTS
    target = factory.SubFactory(
        DocumentFactory, owner_unit=factory.SelfAttribute("..source.owner_unit")
    )
