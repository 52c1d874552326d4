"""`seed_literacy`: entry point of the literacy demo."""

from __future__ import annotations

import random
import time
from typing import Any

from django.db import transaction

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.literacy.models import (
    Course,
    TargetGroup,
)
from tinhso.units.models import Unit

from .builders import LiteracySummary, _courses, _populations, _summary, _targets
from .data import PROVINCE
from .records import _records


def seed_literacy(stdout: Any = None) -> LiteracySummary:
    """Seed the literacy demo once (idempotent). Needs `load_units`."""
    started = time.monotonic()
    if Course.objects.filter(code="SKHCN-AI-2025").exists():
        return _summary(started)
    rng = random.Random(5)  # noqa: S311  # deterministic demo data, not security
    units = Unit.objects.current().filter(province_code=PROVINCE).select_related("level")
    province = units.get(level__code="province")
    communes = list(units.filter(level__code="commune").order_by("code"))
    departments = {u.code: u for u in units.filter(level__code="department")}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    with transaction.atomic():
        courses = _courses(departments)
        populations = _populations(rng, communes, departments, groups)
        targets = _targets(province, communes, groups)
        records = _records(rng, courses, populations, groups)
        audit_record(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            unit=province,
            object_type="literacy.TrainingRecord",
            object_repr="Bình dân học vụ số 2025 (demo)",
            after={
                "courses": len(courses),
                "populations": populations["rows"],
                "targets": targets,
                "records": records,
            },
            message="Demo data (illustrative persons, hashed synthetic IDs).",
        )
    summary = _summary(started)
    if stdout is not None:
        stdout.write(
            f"  literacy: {summary.courses} courses, {summary.populations} populations,"
            f" {summary.targets} targets, {summary.records} training records"
            f" ({summary.seconds:.1f} s)"
        )
    return summary
