"""Registry services: create/update with version check, files, relations, access."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.documents import services
from tinhso.documents.models import DocumentRelation

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db

DATA = {
    "number": " 469 - KH/TU ",
    "doc_type": "plan",
    "issuer": "Tỉnh ủy Đồng Nai",
    "issued_on": dt.date(2025, 5, 16),
    "title": "Kế hoạch thực hiện Nghị quyết 57-NQ/TW",
}


def test_create_normalises_number_and_audits(world, officer):
    doc = services.document_create(actor=officer, owner_unit=world["A"], data=DATA)
    assert doc.number == "469-KH/TU"
    assert "ke hoach thuc hien nghi quyet" in doc.search_text
    entry = AuditEntry.objects.get(object_type="documents.Document")
    assert entry.action == "create" and entry.unit_id == world["A"].pk


def test_create_needs_edit_on_owner_unit(world, outsider):
    with pytest.raises(AccessDenied):
        services.document_create(actor=outsider, owner_unit=world["A"], data=DATA)
    assert not AuditEntry.objects.exists()


def test_create_refuses_duplicate_number_and_date(world, officer):
    services.document_create(actor=officer, owner_unit=world["A"], data=DATA)
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=officer, owner_unit=world["A"], data=DATA)
    assert "number" in exc.value.message_dict


def test_create_refuses_unknown_field_and_bad_validity(world, officer):
    with pytest.raises(ValidationError) as exc:
        services.document_create(actor=officer, owner_unit=world["A"], data={**DATA, "version": 9})
    assert "version" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.document_create(
            actor=officer,
            owner_unit=world["A"],
            data={
                **DATA,
                "effective_from": dt.date(2025, 6, 1),
                "effective_to": dt.date(2025, 5, 1),
            },
        )


def test_update_checks_version(world, officer):
    doc = DocumentFactory(owner_unit=world["A"])
    updated = services.document_update(
        actor=officer, document=doc, data={"title": "Mới"}, version=1
    )
    assert updated.version == 2 and updated.title == "Mới"
    with pytest.raises(ConcurrentEditError):
        services.document_update(actor=officer, document=doc, data={"title": "Cũ"}, version=1)
    # No change, no new version, no audit row.
    before = AuditEntry.objects.count()
    same = services.document_update(actor=officer, document=doc, data={"title": "Mới"}, version=2)
    assert same.version == 2 and AuditEntry.objects.count() == before


def test_update_other_unit_is_refused(world, outsider):
    doc = DocumentFactory(owner_unit=world["A"])
    with pytest.raises(AccessDenied):
        services.document_update(actor=outsider, document=doc, data={"title": "x"}, version=1)


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("kh.pdf", b"%PDF-1.7 ...", True),
        ("kh.docx", b"PK\x03\x04rest", True),
        ("kh.odt", b"PK\x03\x04rest", True),
        ("kh.xlsx", b"PK\x03\x04rest", True),
        ("kh.doc", b"\xd0\xcf\x11\xe0rest", True),
        ("kh.exe", b"MZ....", False),
        ("kh.pdf", b"MZ not a pdf", False),
        ("kh.txt", b"plain", False),
    ],
)
def test_file_types(world, officer, name, content, ok, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile(name, content)
    if ok:
        doc = services.document_create(actor=officer, owner_unit=world["A"], data=DATA, file=upload)
        assert doc.file.name.startswith("documents/")
    else:
        with pytest.raises(ValidationError) as exc:
            services.document_create(actor=officer, owner_unit=world["A"], data=DATA, file=upload)
        assert "file" in exc.value.message_dict


def test_file_size_limit(world, officer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (20 * 1024 * 1024))
    with pytest.raises(ValidationError):
        services.document_create(actor=officer, owner_unit=world["A"], data=DATA, file=big)


def test_relations_both_directions(world, officer):
    nq = DocumentFactory(resolution=True, owner_unit=world["P"])
    plan = DocumentFactory(owner_unit=world["A"])
    rel = services.document_relate(actor=officer, source=plan, kind="implements", target=nq)
    assert list(plan.relations_out.all()) == [rel]
    assert list(nq.relations_in.all()) == [rel]
    with pytest.raises(ValidationError):
        services.document_relate(actor=officer, source=plan, kind="implements", target=nq)
    with pytest.raises(ValidationError):
        services.document_relate(actor=officer, source=plan, kind="amends", target=plan)
    with pytest.raises(ValidationError):
        services.document_relate(actor=officer, source=plan, kind="bogus", target=nq)
    # 57-NQ/TW (2024) cannot replace a 2025 plan.
    with pytest.raises(AccessDenied):
        services.document_relate(actor=officer, source=nq, kind="replaces", target=plan)
    services.document_unrelate(actor=officer, relation=rel)
    assert not DocumentRelation.objects.exists()


def test_replace_must_be_later(world, officer):
    old = DocumentFactory(owner_unit=world["A"], issued_on=dt.date(2025, 1, 1))
    new = DocumentFactory(owner_unit=world["A"], issued_on=dt.date(2025, 9, 15))
    with pytest.raises(ValidationError):
        services.document_relate(actor=officer, source=old, kind="replaces", target=new)
    services.document_relate(actor=officer, source=new, kind="replaces", target=old)


def test_relate_from_other_unit_is_refused(world, outsider):
    rel_source = DocumentFactory(owner_unit=world["A"])
    target = DocumentFactory(owner_unit=world["B"])
    with pytest.raises(AccessDenied):
        services.document_relate(
            actor=outsider, source=rel_source, kind="implements", target=target
        )
