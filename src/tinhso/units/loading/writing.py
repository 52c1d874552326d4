"""Writing the specs: bulk upserts of levels, units (tier by tier) and lineage links.

A unit is identified by (level, code, valid_to): codes are reused across eras, so a former
unit is never matched by its code alone. The loader owns the official fields; contact fields
(short name, address, phone, e-mail) are written only when a unit is created. Bulk writes
bypass `Unit.save()`, so the search text and the materialised path are computed here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce, Concat

from tinhso.core.text import fold
from tinhso.units.models import Unit, UnitLevel, UnitLineage

from .common import LEVELS, REFORM_DATE, Key, LineageSpec, UnitSpec

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


def count_by_level(specs: Iterable[UnitSpec]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for spec in specs:
        label = spec.level if spec.valid_to is None else f"former {spec.level}"
        counts[label] = counts.get(label, 0) + 1
    return counts


def _search_text(name: str, short_name: str, codename: str) -> str:
    # Same formula as Unit.save(), which bulk writes bypass.
    return fold(f"{name} {short_name} {codename.replace('_', ' ')}")


def load_levels(report: LoadReport) -> dict[str, UnitLevel]:
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


def load_units(
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


def load_lineage(specs: list[LineageSpec], ids: dict[Key, int], report: LoadReport) -> None:
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
