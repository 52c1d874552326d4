"""Loading the unit directory: levels, the 34 provinces and 3,321 communes, Đồng Nai's agencies,
and the 2025 lineage of Đồng Nai (a write service used by `manage.py load_units`).

Sources (all committed or pinned, so a fresh checkout loads the same data without network):

* `vietnam-provinces==2025.10.1` (PyPI, a dependency): current provinces and commune-level units
  (`current.py`).
* `data/former_districts_70_75.csv`: the former districts of old Bình Phước (70) and old Đồng
  Nai (75), extracted once from `vietnam-provinces==0.6.0` (not a dependency) (`lineage.py`).
* `data/dong-nai-2025-lineage.csv` (+ `README-lineage.md`): one row per (new unit, old unit)
  pair of NQ 1662/NQ-UBTVQH15 and the province rows of NQ 202/2025/QH15 (`lineage.py`).
* `data/dong_nai_agencies.csv`: Đồng Nai's departments, steering committee and provincial
  service centre, with internal codes such as "75.SKHCN" (see `data/README.md`)
  (`dong_nai.py`, which also adds one public service centre per Đồng Nai commune).

Rules: the load is idempotent. A unit is identified by (level, code, valid_to): codes are
reused across eras, so a former unit is never matched by its code alone. The loader owns the
official fields (name, division type, parent, validity, source); contact fields (short name,
address, phone, e-mail) are written only when a unit is created, so edits made through
`services.unit_update` survive a re-run. Units are never deleted (`writing.py`).

Side effects: creates/updates `UnitLevel`, `Unit`, `UnitLineage` rows in one transaction and
writes one audit entry (actor None, action "import") with the counts.
"""

from __future__ import annotations

from django.db import transaction

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record

from .common import (
    AGENCIES_CSV,
    DATA_DIR,
    DISPUTED_CODES,
    DISTRICTS_CSV,
    DONG_NAI,
    LEVELS,
    LINEAGE_CSV,
    NQ_202,
    OLD_PACKAGE_SOURCE,
    PACKAGE_SOURCE,
    REFORM_DATE,
    SERVICE_CENTRE_SOURCE,
    SERVICE_CENTRE_SUFFIX,
    Key,
    LineageSpec,
    UnitSpec,
)
from .current import current_unit_specs
from .dong_nai import agency_specs
from .lineage import build_lineage_specs, former_unit_specs, lineage_rows, new_unit_clauses
from .writing import (
    OFFICIAL_FIELDS,
    LoadReport,
    count_by_level,
    load_levels,
    load_lineage,
    load_units,
)

__all__ = [
    "AGENCIES_CSV",
    "DATA_DIR",
    "DISPUTED_CODES",
    "DISTRICTS_CSV",
    "DONG_NAI",
    "LEVELS",
    "LINEAGE_CSV",
    "NQ_202",
    "OFFICIAL_FIELDS",
    "OLD_PACKAGE_SOURCE",
    "PACKAGE_SOURCE",
    "REFORM_DATE",
    "SERVICE_CENTRE_SOURCE",
    "SERVICE_CENTRE_SUFFIX",
    "Key",
    "LineageSpec",
    "LoadReport",
    "UnitSpec",
    "build_lineage_specs",
    "build_unit_specs",
    "units_load_all",
]


def build_unit_specs() -> list[UnitSpec]:
    """Every unit the loader maintains, parents before children (by `tier`)."""
    rows = lineage_rows()
    return [
        # Current provinces and communes (the package), with Đồng Nai's commune centres.
        *current_unit_specs(new_unit_clauses(rows)),
        # Đồng Nai's departments, steering committee and provincial service centre.
        *agency_specs(),
        # Former units (closed on 1/7/2025): provinces, districts, communes.
        *former_unit_specs(rows),
    ]


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
    report.by_level = count_by_level(unit_specs)
    with transaction.atomic():
        levels = load_levels(report)
        ids = load_units(unit_specs, levels, report)
        load_lineage(lineage_specs, ids, report)
        audit_record(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            object_type="units.Unit",
            object_repr="load_units",
            message=f"load_units: {report.summary()}",
        )
    return report
