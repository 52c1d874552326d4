"""Write use-cases of the procedure catalogue: import (JSON or Excel, all or nothing), edit of
the basic fields with a version check, and the synthetic generator for scale runs.

Access decision: the catalogue belongs to the province, so writes need `Action.MANAGE` on
a procedure's `owner_unit` (new procedures: the unit chosen at import, by default the
province's standing agency or the province — see `selectors.default_owner_unit`). MANAGE,
not EDIT: a procedure's definition drives every dossier's checklist and due date.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.documents.models import Document, DocumentType
from tinhso.units.models import Unit
from tinhso.workcalendar.deadlines.limits import Policy, TimeUnit

from .models import (
    LEVEL_FIELDS,
    Channel,
    OnlineLevel,
    Procedure,
    ProcedureApplicability,
    ProcedureCase,
    ProcedureComponent,
    ProcedureFee,
    ProcedureLegalBasis,
    ProcedureStatus,
    ProcedureTimeLimit,
)
from .records import RECORD_FIELDS, ParsedRecord, parse_records, parse_vn_date, record_of

DEFAULT_CASE_NAME = "Trường hợp chung"
EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "sector",
    "agency",
    "result",
    "online_level",
    "boundary_free",
    "status",
    "version_note",
    "competent_level",
    *LEVEL_FIELDS,
)
AUDITED_FIELDS = [*EDITABLE_FIELDS, "code", "key", "version"]


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


def procedure_update(
    *, actor: Any, procedure: Procedure, data: Mapping[str, Any], version: int
) -> Procedure:
    """Change the basic fields (`EDITABLE_FIELDS`) of a procedure.

    Rule: refused when someone saved it after the editor loaded `version`; a procedure keeps
    at least one implementing level. Action: MANAGE on the owner unit. Side effects:
    `version + 1`, one audit entry with the changed fields; nothing when nothing changed.
    Errors: `AccessDenied`, `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.MANAGE, procedure.owner_unit_id)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be set here.")))
    bad = sorted(k for k, v in data.items() if isinstance(v, str) and "\x00" in v)
    if bad:
        raise ValidationError(dict.fromkeys(bad, _("Null characters are not allowed.")))
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this procedure after you opened it. Reload the page, "
                    "check their changes and enter yours again."
                )
            )
        before = audit_snapshot(locked, AUDITED_FIELDS)
        for name, value in data.items():
            setattr(locked, name, value)
        if not any(getattr(locked, f) for f in LEVEL_FIELDS):
            raise ValidationError({"at_commune": _("Choose at least one implementing level.")})
        locked.full_clean(exclude=["owner_unit"])
        if audit_snapshot(locked, AUDITED_FIELDS) == before:
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


def procedure_applicability_set(
    *, actor: Any, procedure: Procedure, units: list[Unit] | None, version: int
) -> Procedure:
    """Say where a procedure applies: `None` = everywhere by default (every commune of the
    province for a commune-level procedure), a list = only those units.

    Rule: listed units must be current units of the owner's province; refused on a stale
    `version`. Action: MANAGE on the owner unit. Side effects: replaces the applicability
    rows, `version + 1`, one audit entry. Errors: `AccessDenied`, `ValidationError`,
    `ConcurrentEditError`.
    """
    require(actor, Action.MANAGE, procedure.owner_unit_id)
    province = procedure.owner_unit.province_code
    bad = [u.code for u in units or [] if u.province_code != province or u.valid_to is not None]
    if bad:
        raise ValidationError(
            {
                "units": _("Not current units of the province: %(codes)s.")
                % {"codes": ", ".join(bad)}
            }
        )
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this procedure after you opened it. Reload the page, "
                    "check their changes and enter yours again."
                )
            )
        before = sorted(
            ProcedureApplicability.objects.filter(procedure=locked)
            .order_by("unit__code")
            .values_list("unit__code", flat=True)
        )
        ProcedureApplicability.objects.filter(procedure=locked).delete()
        ProcedureApplicability.objects.bulk_create(
            [
                ProcedureApplicability(procedure=locked, unit=u)
                for u in {u.pk: u for u in units or []}.values()
            ]
        )
        was_everywhere = locked.applies_everywhere
        locked.applies_everywhere = units is None
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before={"applies_everywhere": was_everywhere, "units": before},
            after={
                "applies_everywhere": locked.applies_everywhere,
                "units": sorted(u.code for u in units or []),
            },
        )
    return locked


# --- synthetic catalogue for scale runs ----------------------------------------------------

_SECTORS = (
    ("Hộ tịch", "Cấp xã"),
    ("Chứng thực", "Cấp xã"),
    ("Đất đai", "Cấp tỉnh, Cấp xã"),
    ("Hoạt động xây dựng", "Cấp tỉnh, Cấp xã"),
    ("Bảo trợ xã hội", "Cấp xã"),
    ("Giáo dục và Đào tạo", "Cấp tỉnh"),
    ("Y tế", "Cấp tỉnh"),
    ("Văn hóa", "Cấp tỉnh"),
    ("Giao thông vận tải", "Cấp tỉnh"),
    ("Tài nguyên nước", "Cấp tỉnh"),
    ("Môi trường", "Cấp tỉnh, Cấp xã"),
    ("Nông nghiệp", "Cấp xã"),
    ("Thành lập và hoạt động doanh nghiệp", "Cấp tỉnh"),
    ("Lao động", "Cấp tỉnh"),
    ("Người có công", "Cấp xã"),
    ("Thi đua, khen thưởng", "Cấp tỉnh, Cấp xã"),
    ("Tôn giáo", "Cấp tỉnh"),
    ("Công thương", "Cấp tỉnh"),
)
_VERBS = (
    "Cấp",
    "Cấp lại",
    "Điều chỉnh",
    "Gia hạn",
    "Xác nhận",
    "Đăng ký",
    "Thẩm định",
    "Công nhận",
)
_OBJECTS = (
    "giấy phép",
    "giấy chứng nhận",
    "văn bản chấp thuận",
    "quyết định công nhận",
    "giấy xác nhận",
    "chứng chỉ",
    "thông báo",
)
_PAPERS = (
    "Tờ khai theo mẫu",
    "Đơn đề nghị theo mẫu",
    "Bản sao giấy tờ tùy thân",
    "Giấy tờ chứng minh nơi cư trú",
    "Văn bản ủy quyền (nếu có)",
    "Bản vẽ, sơ đồ vị trí",
    "Báo cáo hiện trạng",
    "Giấy tờ chứng minh quyền sử dụng đất",
    "Biên bản họp",
    "Hợp đồng liên quan",
)
SYNTHETIC_PREFIX = "syn-"


def procedures_generate(*, count: int, seed: int = 1, owner_unit: Unit | None) -> tuple[int, int]:
    """Fill the catalogue with synthetic procedures until it holds `count` (scale runs).

    Rule: synthetic rows carry `is_synthetic=True`, keys `syn-NNNNN`, codes `9.NNNNNN` (a
    prefix the national database does not use) and the source "synthetic"; the same `seed`
    gives the same catalogue; earlier synthetic rows are replaced. System job (commands
    only): no actor, no access check. Side effects: bulk rows, one summary audit entry.
    Returns (deleted, created).
    """
    if owner_unit is None:
        raise ValidationError({"owner_unit": _("No unit can own the catalogue yet.")})
    rng = random.Random(seed)  # noqa: S311  # test data, not security
    with transaction.atomic():
        deleted = Procedure.objects.filter(is_synthetic=True).count()
        Procedure.objects.filter(is_synthetic=True).delete()
        wanted = max(0, count - Procedure.objects.count())
        procedures: list[Procedure] = []
        for n in range(1, wanted + 1):
            sector, level = _SECTORS[rng.randrange(len(_SECTORS))]
            name = (
                f"{rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
                f"trong lĩnh vực {sector.lower()} (mô phỏng {n:04d})"
            )
            online = rng.choices(
                [OnlineLevel.FULL, OnlineLevel.PARTIAL, OnlineLevel.NONE], weights=[17, 60, 23]
            )[0]
            proc = Procedure(
                key=f"{SYNTHETIC_PREFIX}{n:05d}",
                code=f"9.{n:06d}",
                name=name,
                at_province="Cấp tỉnh" in level,
                at_commune="Cấp xã" in level,
                sector=sector,
                agency="Ủy ban nhân dân cấp xã" if level == "Cấp xã" else "Sở chuyên ngành",
                result=f"{rng.choice(_OBJECTS).capitalize()} (mô phỏng)",
                channels=[Channel.IN_PERSON, Channel.POST]
                + ([Channel.ONLINE] if online != OnlineLevel.NONE else []),
                online_level=online,
                boundary_free=rng.random() < 0.3,
                is_synthetic=True,
                requirements=None,
                sources={"*": "synthetic"},
                version_note="Dữ liệu mô phỏng cho kiểm thử quy mô, không phải thủ tục thật.",
                null_lists=["requirements"],
                owner_unit=owner_unit,
            )
            proc.search_text = proc.build_search_text()
            procedures.append(proc)
        Procedure.objects.bulk_create(procedures, batch_size=1000)
        ids = dict(Procedure.objects.filter(is_synthetic=True).values_list("key", "pk"))
        cases = [
            ProcedureCase(
                procedure_id=ids[p.key], position=0, name=DEFAULT_CASE_NAME, is_default=True
            )
            for p in procedures
        ]
        ProcedureCase.objects.bulk_create(cases, batch_size=1000)
        case_ids = dict(
            ProcedureCase.objects.filter(procedure__is_synthetic=True).values_list(
                "procedure_id", "pk"
            )
        )
        limits: list[ProcedureTimeLimit] = []
        fees: list[ProcedureFee] = []
        comps: list[ProcedureComponent] = []
        for p in procedures:
            pk = ids[p.key]
            unit = rng.choices(
                [TimeUnit.WORKING_DAYS, TimeUnit.CALENDAR_DAYS, TimeUnit.WORKING_HOURS],
                weights=[80, 12, 8],
            )[0]
            amount = rng.choice((1, 2, 3, 5, 7, 10, 15, 20, 30))
            if unit == TimeUnit.WORKING_HOURS:
                amount = rng.choice((4, 8, 16))
            fee = rng.choice((0, 0, 0, 10_000, 20_000, 50_000, 100_000, 200_000))
            for i, channel in enumerate(p.channels or []):
                limits.append(
                    ProcedureTimeLimit(
                        procedure_id=pk,
                        position=i,
                        channel=channel,
                        amount=Decimal(amount),
                        unit=unit,
                        policy=Policy.DAY_COUNT
                        if unit != TimeUnit.WORKING_HOURS
                        else Policy.HOUR_COUNT,
                        note=None,
                    )
                )
                fees.append(
                    ProcedureFee(
                        procedure_id=pk,
                        position=i,
                        case_label=channel,
                        channel=channel,
                        amount_vnd=fee,
                        note=None,
                    )
                )
            for i, paper in enumerate(rng.sample(_PAPERS, rng.randint(2, 6))):
                comps.append(
                    ProcedureComponent(
                        case_id=case_ids[pk],
                        position=i,
                        name=paper,
                        original_count=1 if i == 0 else rng.randint(0, 1),
                        copy_count=rng.randint(0, 2),
                    )
                )
        ProcedureTimeLimit.objects.bulk_create(limits, batch_size=2000)
        ProcedureFee.objects.bulk_create(fees, batch_size=2000)
        ProcedureComponent.objects.bulk_create(comps, batch_size=2000)
        audit_record(
            actor=None,
            action="import",
            object_type=Procedure._meta.label,
            object_repr="synthetic catalogue",
            unit=owner_unit,
            after={"deleted": deleted, "created": len(procedures), "seed": seed},
            message=_("Synthetic procedures generated for scale tests."),
        )
    return deleted, len(procedures)


__all__ = [
    "ImportResult",
    "ProcedureStatus",
    "procedure_update",
    "procedures_generate",
    "procedures_import",
    "procedures_import_system",
]
