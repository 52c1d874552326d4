"""Import of procedure records (JSON or Excel, all or nothing) with links to registry documents."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.documents.models import Document, DocumentType
from tinhso.procedures.models import (
    Procedure,
    ProcedureCase,
    ProcedureComponent,
    ProcedureFee,
    ProcedureLegalBasis,
    ProcedureTimeLimit,
)
from tinhso.procedures.records import (
    RECORD_FIELDS,
    ParsedRecord,
    parse_records,
    parse_vn_date,
    record_of,
)
from tinhso.units.models import Unit

from .common import AUDITED_FIELDS, DEFAULT_CASE_NAME


@dataclass
class ImportResult:
    """What an import did, or why it did nothing (`errors`: key → messages)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    documents_created: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _canonical(raw: Mapping[str, Any]) -> dict[str, Any]:
    record = {name: raw.get(name) for name in RECORD_FIELDS}
    record["sources"] = record["sources"] or {}
    record["version_note"] = record["version_note"] or ""
    return record


_DOC_TYPES = (
    ("NĐ-CP", DocumentType.DECREE),
    ("TT-", DocumentType.CIRCULAR),
    ("QĐ", DocumentType.DECISION),
    ("NQ", DocumentType.RESOLUTION),
    ("QH", DocumentType.LAW),
    ("CT", DocumentType.DIRECTIVE),
)


def _symbol(number: str) -> str:
    """ "123/2015/NĐ-CP" → "NĐ-CP" (the issuer's symbol after the year)."""
    match = re.match(r"^[^/]+/\d{4}/(.+)$", number)
    return match.group(1) if match else number


def _link_documents(
    parsed: list[ParsedRecord], owner: Unit, actor: Any
) -> tuple[dict[str, Document], int]:
    """number → registry `Document`: an existing one (the only one with that number), else a
    new one when some imported row gives its issue date. Undated unknown numbers stay
    unlinked (the registry needs an issue date; we do not invent one)."""
    wanted: dict[str, tuple[dt.date | None, str | None]] = {}
    for p in parsed:
        for row in p.legal_basis or []:
            date = parse_vn_date(row["date_text"]) if row["date_text"] else None
            known_date, title = wanted.get(row["number"], (None, None))
            wanted[row["number"]] = (known_date or date, title or row["title"])
    found: dict[str, list[Document]] = {}
    for doc in Document.objects.filter(number__in=list(wanted)).order_by("issued_on", "pk"):
        found.setdefault(doc.number, []).append(doc)
    links: dict[str, Document] = {}
    created = 0
    for number, (date, title) in sorted(wanted.items()):
        docs = found.get(number, [])
        match = [d for d in docs if date is None or d.issued_on == date]
        if len(match) == 1:
            links[number] = match[0]
            continue
        if match or date is None:
            continue
        symbol = _symbol(number)
        doc = Document(
            number=number,
            doc_type=next((t for s, t in _DOC_TYPES if s in symbol), DocumentType.OTHER),
            issuer=symbol[:200],
            issued_on=date,
            title=(title or number)[:500],
            source_note=(
                "Căn cứ pháp lý của thủ tục hành chính trên CSDLQG (procedures.json); "
                "cơ quan ban hành ghi theo ký hiệu văn bản."
            ),
            owner_unit=owner,
        )
        doc.full_clean()
        doc.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=doc,
            after={"number": number, "issued_on": date.isoformat(), "from": "procedures"},
        )
        links[number] = doc
        created += 1
    return links, created


def _children(
    procedure: Procedure, p: ParsedRecord, links: Mapping[str, Document]
) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    limits = [
        ProcedureTimeLimit(procedure=procedure, position=i, **row)
        for i, row in enumerate(p.time_limits or [])
    ]
    fees = [
        ProcedureFee(procedure=procedure, position=i, **row) for i, row in enumerate(p.fees or [])
    ]
    bases = [
        ProcedureLegalBasis(
            procedure=procedure,
            position=i,
            document=links.get(row["number"]),
            source_note=(procedure.sources or {}).get("legal_basis", "")[:500],
            **row,
        )
        for i, row in enumerate(p.legal_basis or [])
    ]
    return limits, fees, bases, list(p.components or [])


def _write(parsed: list[ParsedRecord], owner: Unit, actor: Any, result: ImportResult) -> None:
    existing = {
        p.key: p
        for p in Procedure.objects.filter(key__in=[r.key for r in parsed]).prefetch_related(
            "cases__components", "time_limits", "fees", "legal_bases"
        )
    }
    changed: list[tuple[Procedure, ParsedRecord, bool]] = []
    for p in parsed:
        current = existing.get(p.key)
        if current is None:
            changed.append((Procedure(owner_unit=owner, **p.fields), p, True))
            continue
        if actor is not None:
            require(actor, Action.MANAGE, current.owner_unit_id)
        if record_of(current) == _canonical(p.raw):
            result.unchanged.append(p.key)
            continue
        changed.append((current, p, False))
    if not changed:
        return
    links, result.documents_created = _link_documents([c[1] for c in changed], owner, actor)
    old_ids = [proc.pk for proc, _p, new in changed if not new]
    ProcedureCase.objects.filter(procedure_id__in=old_ids).delete()
    for model in (ProcedureTimeLimit, ProcedureFee, ProcedureLegalBasis):
        model.objects.filter(procedure_id__in=old_ids).delete()
    limits: list[Any] = []
    fees: list[Any] = []
    bases: list[Any] = []
    components: list[tuple[ProcedureCase, list[dict[str, Any]]]] = []
    cases: list[ProcedureCase] = []
    for proc, p, new in changed:
        before = None if new else audit_snapshot(proc, AUDITED_FIELDS)
        for name, value in p.fields.items():
            setattr(proc, name, value)
        if not new:
            proc.version += 1
        proc.full_clean(exclude=["owner_unit", "competent_level"], validate_unique=False)
        proc.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE if new else AuditEntry.Action.UPDATE,
            obj=proc,
            before=before,
            after=audit_snapshot(proc, AUDITED_FIELDS),
            message=_("Imported into the procedure catalogue."),
        )
        (result.created if new else result.updated).append(p.key)
        lim, fee, base, comps = _children(proc, p, links)
        limits += lim
        fees += fee
        bases += base
        case = ProcedureCase(procedure=proc, position=0, name=DEFAULT_CASE_NAME, is_default=True)
        cases.append(case)
        components.append((case, comps))
    ProcedureTimeLimit.objects.bulk_create(limits, batch_size=1000)
    ProcedureFee.objects.bulk_create(fees, batch_size=1000)
    ProcedureLegalBasis.objects.bulk_create(bases, batch_size=1000)
    ProcedureCase.objects.bulk_create(cases, batch_size=1000)
    ids = dict(
        ProcedureCase.objects.filter(procedure__in=[c.procedure for c in cases]).values_list(
            "procedure_id", "pk"
        )
    )
    ProcedureComponent.objects.bulk_create(
        [
            ProcedureComponent(case_id=ids[case.procedure.pk], position=i, **row)
            for case, rows in components
            for i, row in enumerate(rows)
        ],
        batch_size=1000,
    )


def _import(data: Any, owner: Unit | None, actor: Any) -> ImportResult:
    result = ImportResult()
    parsed, errors = parse_records(data)
    if owner is None:
        errors.setdefault("owner_unit", []).append(_("No unit can own the catalogue yet."))
    result.warnings = [w for p in parsed for w in p.warnings]
    if errors:
        result.errors = errors
        return result
    assert owner is not None  # noqa: S101  # checked just above
    codes = {p.fields["code"]: i for i, p in enumerate(parsed) if p.fields["code"]}
    taken = (
        Procedure.objects.filter(code__in=list(codes))
        .exclude(key__in=[p.key for p in parsed])
        .order_by("code")
        .values_list("code", "key")
    )
    for code, key in taken:
        errors.setdefault(f"{codes[code]}.code", []).append(
            _("Code already used by the procedure with key %(key)s.") % {"key": key}
        )
    if errors:
        result.errors = errors
        return result
    try:
        with transaction.atomic():
            _write(parsed, owner, actor, result)
    except ValidationError as exc:
        result = ImportResult(errors={"records": exc.messages})
    except IntegrityError:
        result = ImportResult(
            errors={"records": [_("The catalogue changed while the file was checked; try again.")]}
        )
    return result


def procedures_import(*, actor: Any, data: Any, owner_unit: Unit | None) -> ImportResult:
    """Create or replace procedures from records in the shape of `data/procedures.json`.

    Rule: every record is checked first (types, known levels/channels/units, dd/mm/yyyy
    dates, unique keys and codes); any error → nothing is written and `result.errors` names
    each `record.field.row.column`. Records are matched by `key`; an identical record is left
    alone (so re-importing is idempotent), a changed one has its parts replaced and its
    `version` raised. Legal bases are linked to registry documents (created when the date is
    known). Action: MANAGE on `owner_unit` (new records) and on each replaced record's owner.
    Side effects: rows of the catalogue, documents, one audit entry per written procedure or
    document. Errors: `AccessDenied` (404).
    """
    require(actor, Action.MANAGE, owner_unit)
    return _import(data, owner_unit, actor)


def procedures_import_system(*, data: Any, owner_unit: Unit | None) -> ImportResult:
    """`procedures_import` run by the system (management commands, seed): no actor, no
    access check; audit entries name "system". Never call it from a view or the API."""
    return _import(data, owner_unit, None)
