"""Write use-cases of the document registry.

Access decision: keeping the registry is ordinary officer work (entering a plan's number,
date and file), so writes need `Action.EDIT` on the document's `owner_unit` — the officers
of the standing agency that keeps the registry, or of a unit above it — not MANAGE (which
is for memberships and unit data). A relation is written by whoever may edit its source
document (the document that implements / amends / replaces the other).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.units.models import Unit

from .models import Document, DocumentRelation, RelationKind

EDITABLE_FIELDS: tuple[str, ...] = (
    "number",
    "doc_type",
    "issuer",
    "issued_on",
    "title",
    "summary",
    "body",
    "source_url",
    "source_note",
    "effective_from",
    "effective_to",
    "is_illustrative",
)
AUDITED_FIELDS = [*EDITABLE_FIELDS, "owner_unit", "file", "version"]
MAX_FILE_BYTES = 20 * 1024 * 1024
ALLOWED_EXTENSIONS = {".pdf", ".doc", ".docx", ".odt", ".xlsx"}
# Leading bytes of each allowed format: PDF, OLE2 (.doc), ZIP (docx/odt/xlsx).
_MAGIC = {
    ".pdf": (b"%PDF",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def _reject_nul(values: Mapping[str, Any]) -> None:
    """Refuse text with NUL characters (PostgreSQL cannot store them) as a field error."""
    bad = sorted(k for k, v in values.items() if isinstance(v, str) and "\x00" in v)
    if bad:
        raise ValidationError(dict.fromkeys(bad, _("Null characters are not allowed.")))


def document_file_validate(file: UploadedFile) -> None:
    """Refuse a file that is not PDF/DOC/DOCX/ODT/XLSX or is larger than 20 MB.

    Rule: the extension must be allowed and the first bytes must match it (a renamed .exe
    is refused). Errors: `ValidationError` on `file`.
    """
    name = file.name or ""
    ext = os.path.splitext(name)[1].lower()
    if ext not in ALLOWED_EXTENSIONS:
        raise ValidationError({"file": _("Only PDF, DOC, DOCX, ODT or XLSX files are accepted.")})
    if (file.size or 0) > MAX_FILE_BYTES:
        raise ValidationError({"file": _("The file is larger than 20 MB.")})
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not any(head.startswith(magic) for magic in _MAGIC[ext]):
        raise ValidationError({"file": _("The file content does not match its extension.")})


def _clean_data(data: Mapping[str, Any]) -> dict[str, Any]:
    _reject_nul(data)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be set here.")))
    cleaned = dict(data)
    for name in ("number", "issuer", "title", "summary", "body", "source_url", "source_note"):
        if name in cleaned:
            cleaned[name] = "" if cleaned[name] is None else str(cleaned[name]).strip()
    if "number" in cleaned:
        # "57 - NQ/TW" and "57-NQ/TW" are the same symbol.
        cleaned["number"] = "".join(cleaned["number"].split())
    return cleaned


def _full_clean(doc: Document) -> None:
    try:
        doc.full_clean()
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "__all__" in exc.error_dict:
            errors = exc.message_dict
            messages = errors.pop("__all__")
            errors.setdefault("number", []).extend(messages)
            raise ValidationError(errors) from exc
        raise


def document_create(
    *,
    actor: Any,
    owner_unit: Unit,
    data: Mapping[str, Any],
    file: UploadedFile | None = None,
) -> Document:
    """Register a new document kept by `owner_unit`.

    Rule: number, type, issuer, date and title are required; number + date are unique; the
    validity end comes after its start; a file must pass `document_file_validate`.
    Action: EDIT on `owner_unit`. Side effects: one document, one audit entry ("create").
    Errors: `AccessDenied` (404), `ValidationError`.
    """
    require(actor, Action.EDIT, owner_unit)
    cleaned = _clean_data(data)
    if file is not None:
        document_file_validate(file)
    with transaction.atomic():
        doc = Document(owner_unit=owner_unit, **cleaned)
        _full_clean(doc)
        if file is not None:
            doc.file.save(os.path.basename(file.name or "document"), file, save=False)
        doc.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=doc,
            after=audit_snapshot(doc, AUDITED_FIELDS),
        )
    return doc


def document_update(
    *,
    actor: Any,
    document: Document,
    data: Mapping[str, Any],
    version: int,
    file: UploadedFile | None = None,
) -> Document:
    """Change a document's metadata (and optionally replace its file).

    Rule: only `EDITABLE_FIELDS`; refused when someone saved the document after the editor
    loaded `version`. Action: EDIT on the owner unit. Side effects: `version + 1`, one audit
    entry ("update", changed fields only); nothing when nothing changes. Errors:
    `AccessDenied`, `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, document.owner_unit_id)
    cleaned = _clean_data(data)
    if file is not None:
        document_file_validate(file)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this document after you opened it. Reload the page, "
                    "check their changes and enter yours again."
                )
            )
        before = audit_snapshot(locked, AUDITED_FIELDS)
        for name, value in cleaned.items():
            setattr(locked, name, value)
        _full_clean(locked)
        if file is not None:
            locked.file.save(os.path.basename(file.name or "document"), file, save=False)
        after = audit_snapshot(locked, AUDITED_FIELDS)
        if after == before:
            return locked
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=audit_snapshot(locked, AUDITED_FIELDS),
        )
    return locked


def document_relate(
    *, actor: Any, source: Document, kind: str, target: Document, note: str = ""
) -> DocumentRelation:
    """Record that `source` implements / amends / replaces / guides `target`.

    Rule: no relation of a document to itself, no duplicate (source, kind, target); a
    document cannot replace a document issued after it. Action: EDIT on the source's owner
    unit. Side effects: one relation, one audit entry. Errors: `AccessDenied`,
    `ValidationError`.
    """
    require(actor, Action.EDIT, source.owner_unit_id)
    _reject_nul({"kind": kind, "note": note})
    if kind not in RelationKind.values:
        raise ValidationError({"kind": _("Choose a valid relation.")})
    if source.pk == target.pk:
        raise ValidationError({"target": _("A document cannot be related to itself.")})
    if kind == RelationKind.REPLACES and target.issued_on > source.issued_on:
        raise ValidationError(
            {"target": _("A document cannot replace a document issued after it.")}
        )
    relation = DocumentRelation(
        source=source, kind=kind, target=target, note=(note or "").strip(), created_by=actor
    )
    relation.full_clean(exclude=["created_by"], validate_unique=False)
    try:
        with transaction.atomic():
            relation.save()
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=relation,
                after={"source": source.number, "kind": kind, "target": target.number},
            )
    except IntegrityError as exc:
        raise ValidationError({"target": _("This relation is already recorded.")}) from exc
    return relation


def document_unrelate(*, actor: Any, relation: DocumentRelation) -> None:
    """Remove a relation recorded by mistake.

    Action: EDIT on the source document's owner unit. Side effects: deletes the row, one
    audit entry ("delete"). Errors: `AccessDenied`.
    """
    require(actor, Action.EDIT, relation.source.owner_unit_id)
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditEntry.Action.DELETE,
            obj=relation,
            before={
                "source": relation.source.number,
                "kind": relation.kind,
                "target": relation.target.number,
            },
        )
        relation.delete()
