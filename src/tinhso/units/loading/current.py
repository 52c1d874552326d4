"""Current provinces and communes (from 1/7/2025), read from the `vietnam-provinces` package.

Province codes are written with 2 digits ("01", "75"), ward codes with 5 ("00070", "25195").
Each Đồng Nai commune is followed by its public service centre (see `dong_nai.py`).
"""

from __future__ import annotations

import vietnam_provinces

from .common import (
    DONG_NAI,
    NQ_202,
    PACKAGE_SOURCE,
    UnitSpec,
    disputed_note,
    province_names,
)
from .dong_nai import service_centre_spec


def current_unit_specs(clause_of_new: dict[str, str]) -> list[UnitSpec]:
    """Provinces (tier 0), communes (tier 1) and Đồng Nai's commune service centres (tier 2).

    `clause_of_new` maps a new Đồng Nai commune code to the legal clause that created it
    (from the lineage CSV); other communes cite NQ 202 and the province's resolution.
    """
    specs: list[UnitSpec] = []
    for p in vietnam_provinces.Province.iter_all():
        code = f"{int(p.code):02d}"
        full, short = province_names(p.name)
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
        note = disputed_note(code) if province == DONG_NAI else ""
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
            specs.append(service_centre_spec(code=code, name=w.name, province_code=province))
    return specs
