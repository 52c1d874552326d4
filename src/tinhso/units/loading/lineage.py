"""Former units (closed on 1/7/2025) and the 2025 lineage of Đồng Nai.

Sources: `data/dong-nai-2025-lineage.csv` (+ `README-lineage.md`), one row per (new unit,
old unit) pair of NQ 1662/NQ-UBTVQH15 and the province rows of NQ 202/2025/QH15; and
`data/former_districts_70_75.csv`, the former districts of old Bình Phước (70) and old Đồng
Nai (75), extracted once from `vietnam-provinces==0.6.0` (not a dependency).
"""

from __future__ import annotations

from tinhso.units.models import UnitLineage

from .common import (
    DISTRICTS_CSV,
    LINEAGE_CSV,
    NQ_202,
    OLD_PACKAGE_SOURCE,
    REFORM_DATE,
    Key,
    LineageSpec,
    UnitSpec,
    codename,
    disputed_note,
    province_names,
    read_csv,
    split_source,
)


def lineage_rows() -> list[dict[str, str]]:
    """The rows of the lineage CSV, in file order."""
    return read_csv(LINEAGE_CSV)


def new_unit_clauses(rows: list[dict[str, str]]) -> dict[str, str]:
    """New commune code → the legal clause that created it (its first row wins)."""
    clause_of_new: dict[str, str] = {}
    for row in rows:
        if row["new_type"] != "tỉnh":
            clause_of_new.setdefault(row["new_code"], split_source(row["source"])[0])
    return clause_of_new


def former_unit_specs(rows: list[dict[str, str]]) -> list[UnitSpec]:
    """Former provinces (tier 0), districts (tier 1) and communes (tier 2), closed on
    `REFORM_DATE`, each under its former parent."""
    specs: list[UnitSpec] = []
    old_provinces = {row["old_code"]: row for row in rows if row["old_type"] == "tỉnh"}
    for code, row in sorted(old_provinces.items()):
        full, short = province_names(row["old_name"])
        specs.append(
            UnitSpec(
                level="province",
                code=code,
                name=full,
                short_name=short,
                codename=codename(short),
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
    for row in read_csv(DISTRICTS_CSV):
        key: Key = ("district", row["code"], REFORM_DATE)
        district_key[(row["province_code"], row["name"])] = key
        specs.append(
            UnitSpec(
                level="district",
                code=row["code"],
                name=row["name"],
                codename=codename(row["name"]),
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
    for row in rows:
        if row["old_type"] == "tỉnh" or row["old_code"] in seen_old:
            continue
        seen_old.add(row["old_code"])
        province = province_code_of_name[row["old_province_name"]]
        clause, _note = split_source(row["source"])
        specs.append(
            UnitSpec(
                level="commune",
                code=row["old_code"],
                name=row["old_name"],
                codename=codename(row["old_name"]),
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
    for row in lineage_rows():
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
        disputed = disputed_note(row["new_code"]) if level == "commune" else ""
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
