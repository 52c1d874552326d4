"""Đồng Nai's own units: its departments, steering committee and provincial service centre
(`data/dong_nai_agencies.csv`, internal codes such as "75.SKHCN", see `data/README.md`), and
one public service centre per commune (NĐ 118/2025/NĐ-CP), coded "<commune>.TTPVHCC".
"""

from __future__ import annotations

from .common import (
    AGENCIES_CSV,
    DONG_NAI,
    SERVICE_CENTRE_SOURCE,
    SERVICE_CENTRE_SUFFIX,
    UnitSpec,
    codename,
    lowercase_type,
    read_csv,
)


def service_centre_spec(*, code: str, name: str, province_code: str) -> UnitSpec:
    """The public service centre of the commune `code` named `name` (tier 2, under it)."""
    return UnitSpec(
        level="service_centre",
        code=f"{code}{SERVICE_CENTRE_SUFFIX}",
        name=f"Trung tâm Phục vụ hành chính công {lowercase_type(name)}",
        short_name=f"TTPVHCC {lowercase_type(name)}",
        division_type="trung tâm",
        province_code=province_code,
        tier=2,
        parent=("commune", code, None),
        source=SERVICE_CENTRE_SOURCE,
    )


def agency_specs() -> list[UnitSpec]:
    """One tier-1 unit per row of the agencies CSV, under its province; a steering
    committee also points to its standing department (set in a second pass)."""
    specs: list[UnitSpec] = []
    for row in read_csv(AGENCIES_CSV):
        standing = row["standing_agency_code"]
        specs.append(
            UnitSpec(
                level=row["level"],
                code=row["code"],
                name=row["name"],
                short_name=row["short_name"],
                codename=codename(row["short_name"] or row["name"]),
                division_type=row["division_type"],
                province_code=DONG_NAI,
                tier=1,
                parent=("province", row["parent_code"], None),
                standing_agency=("department", standing, None) if standing else None,
                source=row["source"],
            )
        )
    return specs
