"""Access-matrix cases of plans and targets (collected by tests/test_access_matrix.py).

Plans, groups, target sets, targets and assessments are published steering material: every
signed-in official reads them (`public_read`). Writing needs Action.EDIT on the plan's
owner unit; `write_role` is "officer" (view + edit), the least role that may write.
"""

from __future__ import annotations

from django.urls import reverse

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.programmes.models import Plan, PlanGroup, Target, TargetAssessment, TargetSet

from .factories import (
    PlanFactory,
    PlanGroupFactory,
    TargetAssessmentFactory,
    TargetFactory,
    TargetSetFactory,
)


def _latest_set_id(ts: TargetSet) -> int:
    # The UI channel revises first; the API channel then revises the newest version.
    return TargetSet.objects.filter(plan_id=ts.plan_id).order_by("-version").first().pk


CASES = [
    AccessCase(
        model=Plan,
        make=lambda unit: PlanFactory(unit=unit),
        public_read=True,
        write_role="officer",
        ui_read=lambda p: reverse("programmes:plan_detail", args=[p.pk]),
        api_read=lambda p: f"/api/v1/plans/{p.pk}",
        ui_list=("/plans/", lambda p: p.document.number),
        api_list=("/api/v1/plans?page_size=500", lambda p: f'"{p.document.number}"'),
        ui_write=Write(
            url=lambda p: reverse("programmes:plan_edit", args=[p.pk]),
            data=lambda p: {
                "unit": p.unit_id,
                "document_number": p.document.number,
                "title": "Kế hoạch sửa qua giao diện",
                "status": "active",
                "version": p.version,
            },
        ),
        api_write=Write(
            url=lambda p: f"/api/v1/plans/{p.pk}",
            data=lambda p: {"version": p.version, "title": "Kế hoạch đã sửa"},
            method="patch",
        ),
    ),
    AccessCase(
        model=PlanGroup,
        make=lambda unit: PlanGroupFactory(plan__unit=unit),
        public_read=True,
        write_role="officer",
        ui_read=lambda g: reverse("programmes:plan_detail", args=[g.plan_id]),
        api_read=lambda g: f"/api/v1/plans/{g.plan_id}",
    ),
    AccessCase(
        model=TargetSet,
        make=lambda unit: TargetSetFactory(plan__unit=unit),
        public_read=True,
        write_role="officer",
        ui_read=lambda ts: reverse("programmes:target_set_detail", args=[ts.pk]),
        api_read=lambda ts: f"/api/v1/plans/{ts.plan_id}/targets?target_set={ts.pk}",
        ui_write=Write(
            url=lambda ts: reverse("programmes:target_set_revise", args=[ts.pk]),
            data=lambda ts: {"label": "45 chỉ tiêu", "valid_from": "01/12/2025"},
        ),
        api_write=Write(
            url=lambda ts: f"/api/v1/plans/target-sets/{_latest_set_id(ts)}/revise",
            data=lambda ts: {"label": "46 chỉ tiêu", "valid_from": "2025-12-02"},
        ),
    ),
    AccessCase(
        model=Target,
        make=lambda unit: TargetFactory(target_set__plan__unit=unit),
        public_read=True,
        write_role="officer",
        ui_read=lambda t: reverse("programmes:target_detail", args=[t.pk]),
        api_read=lambda t: f"/api/v1/plans/targets/{t.pk}",
        ui_write=Write(
            url=lambda t: reverse("programmes:target_edit", args=[t.pk]),
            data=lambda t: {
                "key": t.key,
                "code": t.code,
                "text": "Chỉ tiêu sửa qua giao diện",
                "direction": "higher",
                "target_year": 2030,
                "sort_order": 100,
                "version": t.version,
            },
        ),
        api_write=Write(
            url=lambda t: f"/api/v1/plans/targets/{t.pk}",
            data=lambda t: {"version": t.version, "text": "Chỉ tiêu đã sửa"},
            method="patch",
        ),
    ),
    AccessCase(
        model=TargetAssessment,
        make=lambda unit: TargetAssessmentFactory(target__target_set__plan__unit=unit),
        public_read=True,
        write_role="officer",
        ui_read=lambda a: reverse("programmes:target_detail", args=[a.target_id]),
        api_read=lambda a: f"/api/v1/plans/targets/{a.target_id}",
        ui_write=Write(
            url=lambda a: reverse("programmes:assessment_create", args=[a.target_id]),
            data=lambda a: {
                "as_of": "30/09/2025",
                "value": "60",
                "measurement": "confirmed",
                "source": "BC 01",
            },
        ),
        api_write=Write(
            url=lambda a: f"/api/v1/plans/targets/{a.target_id}/assessments",
            data=lambda a: {
                "as_of": "2025-10-31",
                "value": "61",
                "measurement": "compiling",
            },
        ),
    ),
]
