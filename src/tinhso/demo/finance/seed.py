"""`seed_finance`: entry point of the finance demo."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.finance.models import BudgetLine, BudgetSnapshot, LocalBudgetTotal
from tinhso.programmes.models import Plan
from tinhso.projects.models import Project
from tinhso.units.models import Unit

from .data import (
    LINES,
    MILLION,
    MONTH_ENDS,
    PATH_AFTER_AUGUST,
    PATH_TO_AUGUST,
    PROJECT_OF_LINE,
    SNAPSHOT_SOURCE,
    SOURCE,
    TENTH_BN,
    TOTAL_ESTIMATE,
    TOTAL_SOURCE,
    YEAR,
    FinanceSummary,
    Line,
)


def _million(amount: float) -> int:
    return int(round(amount / MILLION)) * MILLION


def _months(line: Line) -> list[tuple[dt.date, dict[str, int]]]:
    """The line's snapshots Jan–Nov 2025 (amounts in đồng, cumulative)."""
    allocated = line.allocated * TENTH_BN
    aug = line.disbursed_aug * TENTH_BN
    rows: list[tuple[dt.date, dict[str, int]]] = []
    for index, day in enumerate(MONTH_ENDS):
        month = index + 1
        supplementary = line.supplementary * TENTH_BN if month >= line.supplementary_from else 0
        returned = line.returned_nov * TENTH_BN if month >= 11 else 0
        available = allocated + supplementary + line.carried_over * TENTH_BN - returned
        if month <= 8:
            disbursed = aug if month == 8 else _million(aug * PATH_TO_AUGUST[index] / 100)
        elif line.starts_late and month == 9:
            disbursed = aug
        else:
            target = allocated + supplementary - returned
            share = PATH_AFTER_AUGUST[month - 9]
            disbursed = max(aug, _million(aug + (target - aug) * share / 100))
        rows.append(
            (
                day,
                {
                    "allocated": allocated,
                    "supplementary": supplementary,
                    "carried_over": line.carried_over * TENTH_BN,
                    "returned": returned,
                    "disbursed": min(disbursed, available),
                },
            )
        )
    return rows


def _plans() -> dict[str, Plan | None]:
    found = {
        plan.document.number: plan
        for plan in Plan.objects.filter(
            document__number__in=["469-KH/TU", "487-KH/TU"]
        ).select_related("document")
    }
    return {
        "recurrent": found.get("469-KH/TU"),
        "investment": found.get("487-KH/TU") or found.get("469-KH/TU"),
    }


def _projects() -> dict[str, Project]:
    """The projects of the projects demo, when it was seeded first (else no links)."""
    found = {p.code: p for p in Project.objects.filter(code__in=PROJECT_OF_LINE.values())}
    return {line: found[code] for line, code in PROJECT_OF_LINE.items() if code in found}


def seed_finance(stdout: Any = None) -> FinanceSummary:
    """Seed the Đồng Nai 2025 budget lines, their monthly snapshots and the local budget
    total (idempotent). Needs `load_units`; links to plans/projects when those exist."""
    units = {
        u.code: u
        for u in Unit.objects.filter(
            code__in={line.unit for line in LINES} | {"75"}, valid_to__isnull=True
        )
    }
    province = units["75"]
    plans = _plans()
    projects = _projects()
    created_lines = created_snaps = created_totals = 0
    with transaction.atomic():
        existing = {
            line.code: line
            for line in BudgetLine.objects.filter(
                fiscal_year=YEAR, code__in=[x.code for x in LINES]
            )
        }
        for spec in LINES:
            line = existing.get(spec.code)
            project = projects.get(spec.code)
            if line is not None and line.project_id is None and project is not None:
                # The projects demo ran after this seed last time: link now.
                BudgetLine.objects.filter(pk=line.pk).update(project=project)
            if line is None:
                line = BudgetLine.objects.create(
                    fiscal_year=YEAR,
                    code=spec.code,
                    title=spec.title,
                    source=spec.source,
                    expenditure_type=spec.kind,
                    unit=units[spec.unit],
                    plan=plans[spec.kind],
                    project=project,
                    is_st_dt=True,
                    note=SOURCE,
                    is_illustrative=True,
                )
                created_lines += 1
            have = set(line.snapshots.values_list("as_of", flat=True))
            new = [
                BudgetSnapshot(line=line, as_of=day, source=SNAPSHOT_SOURCE, **amounts)
                for day, amounts in _months(spec)
                if day not in have
            ]
            BudgetSnapshot.objects.bulk_create(new)
            created_snaps += len(new)
        _, made = LocalBudgetTotal.objects.get_or_create(
            unit=province,
            fiscal_year=YEAR,
            as_of=dt.date(YEAR, 7, 1),
            defaults={
                "total_estimate": TOTAL_ESTIMATE,
                "source": TOTAL_SOURCE,
                "is_illustrative": True,
            },
        )
        created_totals += int(made)
        if created_lines or created_snaps or created_totals:
            audit_record(
                actor=None,
                action=AuditEntry.Action.IMPORT,
                unit=province,
                object_type=BudgetLine._meta.label,
                object_repr="Đồng Nai 2025 budget demo",
                message=(
                    f"seed_finance: {created_lines} lines, {created_snaps} snapshots, "
                    f"{created_totals} totals"
                ),
            )
    summary = FinanceSummary(created_lines, created_snaps, created_totals)
    if stdout is not None:
        stdout.write(
            f"  Budget demo: {summary.lines} lines, {summary.snapshots} snapshots,"
            f" {summary.totals} local budget total (illustrative split; published totals)"
        )
    return summary
