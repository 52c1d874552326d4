"""`seed_projects`: entry point of the projects demo."""

from __future__ import annotations

import datetime as dt
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.programmes.models import Target
from tinhso.projects import services
from tinhso.projects.models import Project
from tinhso.units.models import Unit

from .data import PROJECTS, Spec


def _commune(name: str) -> Unit | None:
    """The current Đồng Nai commune or ward named `name` (exact name after the prefix)."""
    rows = Unit.objects.filter(
        province_code="75", level__code="commune", valid_to__isnull=True, name__icontains=name
    ).order_by("pk")
    for unit in rows:
        if unit.name.split(" ", 1)[-1] == name:
            return unit
    return None


def _emit(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text + "\n")


def seed_projects(stdout: Any = None) -> list[Project]:
    """Seed the 12 demo projects (idempotent); returns them in code order."""
    actor = User.objects.get(username="admin.tinh")
    today = timezone.localdate()
    created = 0
    with transaction.atomic():
        for spec in PROJECTS:
            if Project.objects.filter(code=spec.code).exists():
                continue
            _seed_one(spec, actor, today)
            created += 1
    projects = list(Project.objects.filter(code__in=[s.code for s in PROJECTS]).order_by("code"))
    _emit(stdout, f"  {len(projects)} projects ({created} new), DA-01…DA-12")
    return projects


def _seed_one(spec: Spec, actor: Any, today: dt.date) -> None:
    unit = Unit.objects.get(code=spec.unit, valid_to__isnull=True)
    communes = [u for u in (_commune(n) for n in spec.communes) if u is not None]
    data: dict[str, Any] = {
        "code": spec.code,
        "name": spec.name,
        "kind": spec.kind,
        "unit": unit,
        "description": spec.description,
        "investor_name": spec.investor,
        "investor_type": spec.investor_type,
        "location_text": spec.location,
        "planned_start": spec.start,
        "planned_end": spec.end,
        "total_investment": spec.total,
        "status": spec.status,
        "source": spec.source,
        "is_illustrative": spec.illustrative,
        "area_ha": spec.area_ha,
        "communes": communes,
    }
    if spec.target_words:
        targets = [
            t.pk
            for word in spec.target_words
            for t in Target.objects.filter(text__icontains=word).order_by("pk")[:1]
        ]
        data["targets"] = sorted(set(targets))
    project = services.project_create(actor=actor, data=data)
    steps = [
        {
            "kind": s.kind,
            "planned_on": s.planned,
            "actual_on": s.actual if s.actual and s.actual <= today else None,
            "note": s.note,
            "source": spec.source if s.note.startswith("[S") else "",
        }
        for s in spec.steps
    ]
    if steps:
        services.project_milestones_update(
            actor=actor, project=project, milestones=steps, version=project.version
        )
    for update in spec.updates:
        if update.as_of > today:
            continue
        services.project_progress_create(
            actor=actor,
            project=project,
            as_of=update.as_of,
            physical_percent=update.physical,
            financial_percent=update.financial,
            disbursed_amount=update.disbursed,
            narrative=update.narrative,
            blockers=update.blockers,
            recommendations=update.recommendations,
            source=update.source,
            is_illustrative=not update.source,
        )
    for b in spec.blockers:
        if b.raised_on > today:
            continue
        blocker = services.project_blocker_create(
            actor=actor,
            project=project,
            description=b.description,
            raised_on=b.raised_on,
            owner_unit=Unit.objects.get(code=b.owner, valid_to__isnull=True),
            decision_from=b.decision_from,
        )
        if b.resolved_on is not None and b.resolved_on <= today:
            services.project_blocker_resolve(
                actor=actor, blocker=blocker, resolved_on=b.resolved_on, resolution=b.resolution
            )
