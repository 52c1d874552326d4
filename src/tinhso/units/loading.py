"""Loading the unit directory: levels, the 34 provinces and 3,321 communes, Đồng Nai's agencies,
and the 2025 lineage of Đồng Nai (a write service used by `manage.py load_units`).

Sources (all committed or pinned, so a fresh checkout loads the same data without network):

* `vietnam-provinces==2025.10.1` (PyPI, a dependency): current provinces and commune-level units.
  Province codes are written with 2 digits ("01", "75"), ward codes with 5 ("00070", "25195").
* `data/former_districts_70_75.csv`: the former districts of old Bình Phước (70) and old Đồng
  Nai (75), extracted once from `vietnam-provinces==0.6.0` (not a dependency).
* `data/dong-nai-2025-lineage.csv` (+ `README-lineage.md`): one row per (new unit, old unit)
  pair of NQ 1662/NQ-UBTVQH15 and the province rows of NQ 202/2025/QH15.
* `data/dong_nai_agencies.csv`: Đồng Nai's departments, steering committee and provincial
  service centre, with internal codes such as "75.SKHCN" (see `data/README.md`).

Rules: the load is idempotent. A unit is identified by (level, code, valid_to): codes are
reused across eras, so a former unit is never matched by its code alone. The loader owns the
official fields (name, division type, parent, validity, source); contact fields (short name,
address, phone, e-mail) are written only when a unit is created, so edits made through
`services.unit_update` survive a re-run. Units are never deleted.

Side effects: creates/updates `UnitLevel`, `Unit`, `UnitLineage` rows in one transaction and
writes one audit entry (actor None, action "import") with the counts.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vietnam_provinces
from django.db import models, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.core.text import fold

from .models import Unit, UnitLevel, UnitLineage

DATA_DIR = Path(__file__).resolve().parent / "data"
LINEAGE_CSV = DATA_DIR / "dong-nai-2025-lineage.csv"
DISTRICTS_CSV = DATA_DIR / "former_districts_70_75.csv"
AGENCIES_CSV = DATA_DIR / "dong_nai_agencies.csv"

REFORM_DATE = dt.date(2025, 7, 1)
DONG_NAI = "75"
PACKAGE_SOURCE = (
    f"vietnam-provinces {vietnam_provinces.__version__} "
    f"(dữ liệu {vietnam_provinces.__data_version__})"
)
OLD_PACKAGE_SOURCE = "vietnam-provinces 0.6.0 (dữ liệu 2025-01-04)"
NQ_202 = "NQ 202/2025/QH15 (12/6/2025)"
SERVICE_CENTRE_SUFFIX = ".TTPVHCC"
SERVICE_CENTRE_SOURCE = (
    "NĐ 118/2025/NĐ-CP (09/6/2025) về cơ chế một cửa, một cửa liên thông; mã nội bộ"
)

# (code, name, administrative, sort order). Names are data shown as-is (official Vietnamese).
LEVELS: tuple[tuple[str, str, bool, int], ...] = (
    ("province", "Tỉnh, thành phố", True, 10),
    ("district", "Huyện, quận, thị xã (trước 01/7/2025)", True, 20),
    ("commune", "Xã, phường, đặc khu", True, 30),
    ("department", "Sở, ban, ngành", False, 40),
    ("steering_committee", "Ban Chỉ đạo", False, 50),
    ("service_centre", "Trung tâm Phục vụ hành chính công", False, 60),
    ("agency", "Cơ quan, đơn vị khác", False, 70),
)

# The 4 new codes on which the sources disagree (data/README-lineage.md, "Confidence").
DISPUTED_CODES: dict[str, str] = {
    "26329": "26332",  # Xã Xuân Quế
    "25453": "25450",  # Xã Nha Bích
    "25336": "25333",  # Phường An Lộc
    "25264": "25252",  # Xã Phú Riềng
}

# Fields the loader owns; a difference on a re-run is written back.
OFFICIAL_FIELDS = (
    "name",
    "codename",
    "division_type",
    "parent_id",
    "valid_from",
    "source",
    "province_code",
    "search_text",
)

Key = tuple[str, str, dt.date | None]  # (level code, unit code, valid_to)


@dataclass
class UnitSpec:
    """What the loader wants one unit to look like."""

    level: str
    code: str
    name: str
    division_type: str
    province_code: str
    tier: int
    parent: Key | None = None
    standing_agency: Key | None = None
    short_name: str = ""
    codename: str = ""
    valid_from: dt.date | None = REFORM_DATE
    valid_to: dt.date | None = None
    source: str = ""

    @property
    def key(self) -> Key:
        return (self.level, self.code, self.valid_to)


@dataclass
class LineageSpec:
    """One predecessor → successor link to create."""

    predecessor: Key
    successor: Key
    kind: str
    partial: bool
    legal_basis: str
    note: str = ""


@dataclass
class LoadReport:
    """Counts of one run, printed by the command and written to the audit entry."""

    levels_created: int = 0
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    lineage_created: int = 0
    lineage_updated: int = 0
    lineage_unchanged: int = 0
    by_level: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        levels = ", ".join(f"{k} {v}" for k, v in self.by_level.items())
        return (
            f"units: {self.units_created} created, {self.units_updated} updated, "
            f"{self.units_unchanged} unchanged ({levels}); lineage: {self.lineage_created} "
            f"created, {self.lineage_updated} updated, {self.lineage_unchanged} unchanged; "
            f"levels created: {self.levels_created}"
        )


def _codename(name: str) -> str:
    return fold(name).replace(" ", "_")


def _search_text(name: str, short_name: str, codename: str) -> str:
    # Same formula as Unit.save(), which bulk writes bypass.
    return fold(f"{name} {short_name} {codename.replace('_', ' ')}")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _split_source(source: str) -> tuple[str, str]:
    """The legal clause of a lineage `source` cell, and its NOTE (if any), without tags."""
    clause, _sep, note = source.partition("; NOTE ")
    clause = clause.split(" [", 1)[0].strip()
    return clause, note.strip()


def _disputed_note(new_code: str) -> str:
    other = DISPUTED_CODES.get(new_code)
    if other is None:
        return ""
    # Shown to officials as-is, hence in Vietnamese.
    return (
        f"Mã chưa thống nhất: hệ thống dùng {new_code} (vietnam-provinces 2025.10.1); "
        f"CV 1027/CTK-CSCL, sapnhap.bando.com.vn và vietnamadminunits ghi {other}. "
        "Cần đối chiếu QĐ 19/2025/QĐ-TTg."
    )


def _province_names(name: str) -> tuple[str, str]:
    """("Tỉnh Đồng Nai", "Đồng Nai") from the package's "Đồng Nai"; cities keep their prefix."""
    short = name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    full = name if name.startswith(("Thành phố ", "Tỉnh ")) else f"Tỉnh {name}"
    return full, short


def _lowercase_type(name: str) -> str:
    """ "Phường Trấn Biên" → "phường Trấn Biên" (as written inside a longer name)."""
    return name[:1].lower() + name[1:]


# --- specs -------------------------------------------------------------------------------


def build_unit_specs() -> list[UnitSpec]:
    """Every unit the loader maintains, parents before children (by `tier`)."""
    specs: list[UnitSpec] = []
    lineage_rows = _read_csv(LINEAGE_CSV)
    clause_of_new: dict[str, str] = {}
    for row in lineage_rows:
        if row["new_type"] != "tỉnh":
            clause_of_new.setdefault(row["new_code"], _split_source(row["source"])[0])

    # Current provinces and communes (the package).
    for p in vietnam_provinces.Province.iter_all():
        code = f"{int(p.code):02d}"
        full, short = _province_names(p.name)
        specs.append(
            UnitSpec(
                level="province",
                code=code,
                name=full,
                short_name=short,
                codename=p.codename,
                division_type=str(p.division_type.value),
                province_code=code,
                tier=0,
                source=f"{PACKAGE_SOURCE}; {NQ_202}",
            )
        )
    for w in vietnam_provinces.Ward.iter_all():
        code = f"{int(w.code):05d}"
        province = f"{int(w.province_code):02d}"
        if province == DONG_NAI and code in clause_of_new:
            source = f"{PACKAGE_SOURCE}; {clause_of_new[code]}"
        else:
            source = f"{PACKAGE_SOURCE}; {NQ_202}; nghị quyết của UBTVQH về sắp xếp cấp xã của tỉnh"
        note = _disputed_note(code) if province == DONG_NAI else ""
        specs.append(
            UnitSpec(
                level="commune",
                code=code,
                name=w.name,
                codename=w.codename,
                division_type=str(w.division_type.value),
                province_code=province,
                tier=1,
                parent=("province", province, None),
                source=f"{source}; {note}" if note else source,
            )
        )
        if province == DONG_NAI:
            specs.append(
                UnitSpec(
                    level="service_centre",
                    code=f"{code}{SERVICE_CENTRE_SUFFIX}",
                    name=f"Trung tâm Phục vụ hành chính công {_lowercase_type(w.name)}",
                    short_name=f"TTPVHCC {_lowercase_type(w.name)}",
                    division_type="trung tâm",
                    province_code=province,
                    tier=2,
                    parent=("commune", code, None),
                    source=SERVICE_CENTRE_SOURCE,
                )
            )

    # Đồng Nai's departments, steering committee and provincial service centre.
    for row in _read_csv(AGENCIES_CSV):
        standing = row["standing_agency_code"]
        specs.append(
            UnitSpec(
                level=row["level"],
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                codename=_codename(row["short_name"] or row["name"]),
                division_type=row["division_type"],
                province_code=DONG_NAI,
                tier=1,
                parent=("province", row["parent_code"], None),
                standing_agency=("department", standing, None) if standing else None,
                source=row["source"],
            )
        )

    # Former units (closed on 1/7/2025): provinces, districts, communes.
    old_provinces = {row["old_code"]: row for row in lineage_rows if row["old_type"] == "tỉnh"}
    for code, row in sorted(old_provinces.items()):
        full, short = _province_names(row["old_name"])
        specs.append(
            UnitSpec(
                level="province",
                code=code,
                name=full,
                short_name=short,
                codename=_codename(short),
                division_type="tỉnh",
                province_code=code,
                tier=0,
                valid_from=None,
                valid_to=REFORM_DATE,
                source=f"{OLD_PACKAGE_SOURCE}; chấm dứt theo {NQ_202}",
            )
        )
    district_key: dict[tuple[str, str], Key] = {}
    province_code_of_name = {row["old_name"]: code for code, row in old_provinces.items()}
    for row in _read_csv(DISTRICTS_CSV):
        key: Key = ("district", row["code"], REFORM_DATE)
        district_key[(row["province_code"], row["name"])] = key
        specs.append(
            UnitSpec(
                level="district",
                code=row["code"],
                name=row["name"],
                codename=_codename(row["name"]),
                division_type=row["division_type"],
                province_code=row["province_code"],
                tier=1,
                parent=("province", row["province_code"], REFORM_DATE),
                valid_from=None,
                valid_to=REFORM_DATE,
                source=(
                    f"{row['source']}; cấp huyện kết thúc hoạt động từ 01/7/2025 "
                    "(NQ 203/2025/QH15, Luật 72/2025/QH15)"
                ),
            )
        )
    seen_old: set[str] = set()
    for row in lineage_rows:
        if row["old_type"] == "tỉnh" or row["old_code"] in seen_old:
            continue
        seen_old.add(row["old_code"])
        province = province_code_of_name[row["old_province_name"]]
        clause, _note = _split_source(row["source"])
        specs.append(
            UnitSpec(
                level="commune",
                code=row["old_code"],
                name=row["old_name"],
                codename=_codename(row["old_name"]),
                division_type=row["old_type"],
                province_code=province,
                tier=2,
                parent=district_key[(province, row["old_district_name"])],
                valid_from=None,
                valid_to=REFORM_DATE,
                source=f"{OLD_PACKAGE_SOURCE}; chấm dứt theo {clause}",
            )
        )
    return specs


def build_lineage_specs() -> list[LineageSpec]:
    """One link per row of the lineage CSV (2 province rows + 271 commune rows)."""
    specs: list[LineageSpec] = []
    for row in _read_csv(LINEAGE_CSV):
        source = row["source"]
        level = "province" if row["new_type"] == "tỉnh" else "commune"
        notes: list[str] = []
        if "[UNCHANGED" in source:
            kind, partial = UnitLineage.Kind.RETAINED, False
        elif "[PARTIAL" in source:
            kind, partial = UnitLineage.Kind.SPLIT, True
            notes.append("Chỉ một phần diện tích, dân số nhập vào đơn vị này.")
        else:
            kind, partial = UnitLineage.Kind.MERGE, False
        if level == "commune" and row["old_code"] == row["new_code"] and "[UNCHANGED" not in source:
            notes.append("Đơn vị mới dùng lại mã của đơn vị này.")
        disputed = _disputed_note(row["new_code"]) if level == "commune" else ""
        if disputed:
            notes.append(disputed)
        specs.append(
            LineageSpec(
                predecessor=(level, row["old_code"], REFORM_DATE),
                successor=(level, row["new_code"], None),
                kind=str(kind),
                partial=partial,
                legal_basis=source,
                note=" ".join(notes),
            )
        )
    return specs


# --- writing -----------------------------------------------------------------------------


def _load_levels(report: LoadReport) -> dict[str, UnitLevel]:
    existing = {lvl.code: lvl for lvl in UnitLevel.objects.all()}
    for code, name, administrative, order in LEVELS:
        if code not in existing:
            existing[code] = UnitLevel.objects.create(
                code=code, name=name, is_administrative=administrative, sort_order=order
            )
            report.levels_created += 1
    return existing


def _unit_values(spec: UnitSpec, ids: dict[Key, int], short_name: str) -> dict[str, Any]:
    return {
        "name": spec.name,
        "codename": spec.codename,
        "division_type": spec.division_type,
        "parent_id": ids[spec.parent] if spec.parent is not None else None,
        "valid_from": spec.valid_from,
        "source": spec.source[:300],
        "province_code": spec.province_code,
        "search_text": _search_text(spec.name, short_name, spec.codename),
    }


def _load_units(
    specs: list[UnitSpec], levels: dict[str, UnitLevel], report: LoadReport
) -> dict[Key, int]:
    level_code_of = {lvl.pk: code for code, lvl in levels.items()}
    existing: dict[Key, Unit] = {}
    for row in Unit.objects.filter(level__code__in=[c for c, *_ in LEVELS]).order_by("pk"):
        existing.setdefault((level_code_of[row.level_id], row.code, row.valid_to), row)
    ids: dict[Key, int] = {key: row.pk for key, row in existing.items()}
    tiers = sorted({s.tier for s in specs})
    # Standing agencies point sideways (committee → department): set them in a second pass.
    deferred = [s for s in specs if s.standing_agency is not None]
    for tier in tiers:
        to_create: list[Unit] = []
        to_update: list[Unit] = []
        for spec in (s for s in specs if s.tier == tier):
            unit = existing.get(spec.key)
            if unit is None:
                values = _unit_values(spec, ids, spec.short_name)
                to_create.append(
                    Unit(
                        level=levels[spec.level],
                        code=spec.code,
                        short_name=spec.short_name,
                        valid_to=spec.valid_to,
                        depth=tier,
                        **values,
                    )
                )
                continue
            values = _unit_values(spec, ids, unit.short_name)
            if any(getattr(unit, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(unit, name, value)
                unit.version += 1
                to_update.append(unit)
            else:
                report.units_unchanged += 1
        created = Unit.objects.bulk_create(to_create, batch_size=500)
        # SQLite ≥ 3.35 and PostgreSQL return the new ids (the two supported databases).
        if any(u.pk is None for u in created):
            raise RuntimeError("The database did not return ids from bulk_create.")
        for row in created:
            ids[(level_code_of[row.level_id], row.code, row.valid_to)] = row.pk
        if to_update:
            Unit.objects.bulk_update(to_update, [*OFFICIAL_FIELDS, "version"], batch_size=500)
        report.units_created += len(to_create)
        report.units_updated += len(to_update)
        _write_paths([ids[s.key] for s in specs if s.tier == tier], depth=tier)
    for spec in deferred:
        assert spec.standing_agency is not None
        Unit.objects.filter(pk=ids[spec.key]).exclude(
            standing_agency_id=ids[spec.standing_agency]
        ).update(standing_agency_id=ids[spec.standing_agency])
    return ids


def _write_paths(pks: list[int], *, depth: int) -> None:
    """Materialised path = parent's path + own id (Unit.save() does it for single saves)."""
    parent_path = Unit.objects.filter(pk=OuterRef("parent_id")).values("path")[:1]
    path = Concat(
        Coalesce(Subquery(parent_path), Value("/")),
        Cast("pk", models.CharField()),
        Value("/"),
        output_field=models.CharField(),
    )
    for start in range(0, len(pks), 900):
        Unit.objects.filter(pk__in=pks[start : start + 900]).update(path=path, depth=depth)


def _load_lineage(specs: list[LineageSpec], ids: dict[Key, int], report: LoadReport) -> None:
    existing = {
        (link.predecessor_id, link.successor_id, link.effective_date): link
        for link in UnitLineage.objects.filter(effective_date=REFORM_DATE)
    }
    to_create: list[UnitLineage] = []
    to_update: list[UnitLineage] = []
    fields = ("kind", "partial", "legal_basis", "note")
    for spec in specs:
        pred, succ = ids[spec.predecessor], ids[spec.successor]
        values = {
            "kind": spec.kind,
            "partial": spec.partial,
            "legal_basis": spec.legal_basis[:300],
            "note": spec.note[:500],
        }
        link = existing.get((pred, succ, REFORM_DATE))
        if link is None:
            to_create.append(
                UnitLineage(
                    predecessor_id=pred, successor_id=succ, effective_date=REFORM_DATE, **values
                )
            )
        elif any(getattr(link, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(link, k, v)
            to_update.append(link)
        else:
            report.lineage_unchanged += 1
    UnitLineage.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        UnitLineage.objects.bulk_update(to_update, list(fields), batch_size=500)
    report.lineage_created = len(to_create)
    report.lineage_updated = len(to_update)


def _count_by_level(specs: Iterable[UnitSpec]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for spec in specs:
        label = spec.level if spec.valid_to is None else f"former {spec.level}"
        counts[label] = counts.get(label, 0) + 1
    return counts


def units_load_all() -> LoadReport:
    """Create or refresh every level, unit and lineage link the project ships with.

    Rule: idempotent; official fields follow the data files, contact fields are kept.
    Action: none (a system job; no actor). Side effects: writes units and lineage in one
    transaction and one audit entry ("import"). Errors: `KeyError` if a data file names a
    unit or district that does not exist (bad data must stop the load, not half-load it).
    """
    report = LoadReport()
    unit_specs = build_unit_specs()
    lineage_specs = build_lineage_specs()
    report.by_level = _count_by_level(unit_specs)
    with transaction.atomic():
        levels = _load_levels(report)
        ids = _load_units(unit_specs, levels, report)
        _load_lineage(lineage_specs, ids, report)
        audit_record(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            object_type="units.Unit",
            object_repr="load_units",
            message=f"load_units: {report.summary()}",
        )
    return report
