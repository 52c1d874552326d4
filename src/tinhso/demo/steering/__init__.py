"""The steering demo for Đồng Nai: documents, plans, targets, tasks, indicators and reports.

Sourced rows (documents, the NQ 03 appendix, 433-KH/TU, HCMC, the 17 directive tasks,
dated figures) come from `steering_data` and `data/plans/`. What is not public — the 43/45
targets of Plan 469-KH/TU, its task annex, task progress and commune figures — is
generated deterministically and marked illustrative ("Minh họa"). Every figure a page
shows is computed from these rows; none is typed in. The published ones are echoed by
construction: as of 30/09/2025 Plan 469 has 67 completed tasks and 62 in progress.

Reference data is written in bulk (it is a loader, like `load_units`); rollups are
rebuilt with the indicators service; reports go through the reporting workflow services.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from tinhso.audit.services import audit_record
from tinhso.demo import steering_data as data
from tinhso.documents.models import Document
from tinhso.programmes.models import Plan, Target
from tinhso.tasks.models import Task

from .context import AS_OF_REPORT as AS_OF_REPORT
from .context import PROVINCE as PROVINCE
from .context import Context as Context
from .context import D as D
from .context import build_context as build_context
from .documents import _catalogue as _catalogue
from .documents import seed_documents as seed_documents
from .indicators import INDICATORS as INDICATORS
from .indicators import rebuild_rollups as rebuild_rollups
from .indicators import seed_indicator_values as seed_indicator_values
from .indicators import seed_indicators as seed_indicators
from .plan487 import TASKS_487 as TASKS_487
from .plan487 import seed_plan_487 as seed_plan_487
from .plans import seed_plan_469 as seed_plan_469
from .plans import seed_reference_plans as seed_reference_plans
from .reports import ROUNDS as ROUNDS
from .reports import seed_reports as seed_reports
from .task_templates import COMMUNE_TEMPLATES as COMMUNE_TEMPLATES
from .task_templates import TASK_TEMPLATES as TASK_TEMPLATES
from .tasks import refresh_clarities as refresh_clarities
from .tasks import seed_tasks_469 as seed_tasks_469

# --- entry point ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SteeringSummary:
    documents: int
    plans: int
    targets: int
    tasks: int
    values: int
    reports: int


def seed_steering() -> SteeringSummary:
    """Seed the steering demo once (idempotent: existing rows are kept)."""
    ctx = build_context()
    with transaction.atomic():
        seed_documents(ctx)
        nq57_groups = _catalogue(
            "nq57-groups",
            "Bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57-NQ/TW",
            data.NQ57_GROUPS,
            ctx.docs["nq57"],
        )
        kh02_groups = _catalogue(
            "kh02-groups",
            "Tám nhóm nhiệm vụ của Kế hoạch 02-KH/BCĐTW",
            data.KH02_GROUPS,
            ctx.docs["kh02"],
        )
        indicators = seed_indicators(ctx)
        seed_reference_plans(ctx)
        plan469 = seed_plan_469(ctx, nq57_groups)
        seed_tasks_469(ctx, plan469)
        plan487 = seed_plan_487(ctx, kh02_groups)
        values = seed_indicator_values(ctx, indicators)
        rebuild_rollups()
        refresh_clarities()
        reports = seed_reports(ctx)
        audit_record(
            actor=ctx.admin,
            action="create",
            unit=ctx.province,
            object_repr="Dữ liệu minh họa: kế hoạch, chỉ tiêu, nhiệm vụ, chỉ số, báo cáo",
            message="seed_demo (steering)",
        )
    return SteeringSummary(
        documents=Document.objects.count(),
        plans=Plan.objects.count(),
        targets=Target.objects.count(),
        tasks=Task.objects.filter(plan__in=[plan469, plan487]).count(),
        values=values,
        reports=reports,
    )
