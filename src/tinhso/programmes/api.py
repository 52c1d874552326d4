"""API routes of plans, target sets, targets and catalogues (mounted at /api/v1/plans).

Reads are open to every authenticated caller (a token needs `plans:read`); writes need
Action.EDIT on the plan's owner unit (checked by the services; refused = 404) and a token
with `plans:write`. Statuses are computed as of `as_of` (default today).
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope
from tinhso.documents.selectors import document_get

from . import selectors, services
from .models import Plan, Target, TargetSet
from .schemas import (
    AsOfIn,
    AssessmentIn,
    AssessmentOut,
    CatalogueOut,
    PlanFilterIn,
    PlanOut,
    PlanPatchIn,
    PlanTargetsOut,
    PlanTreeOut,
    ReviseIn,
    StatusCountsOut,
    TargetCreateIn,
    TargetOut,
    TargetPatchIn,
    TargetSetOut,
)
from .targets import TargetStatus, count_statuses

router = Router(tags=["plans"])

READ_SCOPE = "plans:read"
WRITE_SCOPE = "plans:write"


class _Mapped:
    """A queryset seen through `fn`, sliced lazily: the paginator counts in SQL and maps
    only the page it shows (so a list of 100k rows is never built in memory)."""

    def __init__(self, qs: Any, fn: Any) -> None:
        self.qs, self.fn = qs, fn

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.fn(row) for row in self.qs[index]]


def _doc(doc: Any) -> dict[str, Any] | None:
    if doc is None:
        return None
    return {
        "id": doc.pk,
        "number": doc.number,
        "issued_on": doc.issued_on,
        "title": doc.title,
        "is_illustrative": doc.is_illustrative,
    }


def _plan(plan: Plan) -> dict[str, Any]:
    return {
        "id": plan.pk,
        "number": plan.document.number,
        "title": plan.title,
        "document": _doc(plan.document),
        "implements": _doc(plan.implements),
        "parent_id": plan.parent_id,
        "unit": {"id": plan.unit.pk, "label": plan.unit.name},
        "status": plan.status,
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "is_illustrative": plan.is_illustrative,
        "version": plan.version,
    }


def _set(ts: TargetSet | None) -> dict[str, Any] | None:
    if ts is None:
        return None
    return {
        "id": ts.pk,
        "version": ts.version,
        "label": ts.label,
        "valid_from": ts.valid_from,
        "valid_to": ts.valid_to,
        "document_number": ts.document.number if ts.document_id and ts.document else None,
    }


def _target(t: Target, status: TargetStatus) -> dict[str, Any]:
    return {
        "id": t.pk,
        "key": t.key,
        "code": t.code,
        "text": t.text,
        "group_code": t.group.code if t.group else None,
        "indicator_code": t.indicator.code if t.indicator else None,
        "unit_of_measure": t.unit_of_measure,
        "direction": t.direction,
        "baseline_value": t.baseline_value,
        "baseline_year": t.baseline_year,
        "target_value": t.target_value,
        "target_year": t.target_year,
        "value_text": t.value_text,
        "vision_value": t.vision_value,
        "vision_text": t.vision_text,
        "is_illustrative": t.is_illustrative,
        "source_note": t.source_note,
        "version": t.version,
        "milestones": [{"year": m.year, "value": m.value} for m in t.milestones.all()],
        "status": status.__dict__,
    }


def _chosen_set(plan: Plan, set_id: int | None, as_of: dt.date) -> TargetSet:
    """The asked version of the plan's target set, else the one valid on `as_of`, else the
    latest; `Http404` when the plan has none (or the id is another plan's)."""
    ts = selectors.target_set_get(pk=set_id) if set_id else None
    if ts is None or ts.plan_id != plan.pk:
        ts = selectors.plan_current_target_set(
            plan=plan, as_of=as_of
        ) or selectors.plan_current_target_set(plan=plan)
    if ts is None:
        raise Http404("No target set.")
    return ts


def _as_of(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


@router.get("", response=list[PlanOut], operation_id="list_plans")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_plans(request: HttpRequest, filters: Query[PlanFilterIn]) -> Any:
    """Plans and programmes; filters q (number or title), status, unit."""
    require_scope(request, READ_SCOPE)
    return _Mapped(selectors.plan_list(user=request.user, filters=filters.model_dump()), _plan)


@router.get("/catalogues", response=list[CatalogueOut], operation_id="list_catalogues")
def list_catalogues(request: HttpRequest, code: str | None = None) -> Any:
    """Classification catalogues, every version, with their items."""
    require_scope(request, READ_SCOPE)
    return [
        {
            "id": c.pk,
            "code": c.code,
            "version": c.version,
            "name": c.name,
            "valid_from": c.valid_from,
            "valid_to": c.valid_to,
            "items": list(c.items.all()),
        }
        for c in selectors.catalogue_list(code=code)
    ]


@router.get("/targets/{target_id}", response=TargetOut, operation_id="get_target")
def get_target(request: HttpRequest, target_id: int, query: Query[AsOfIn]) -> Any:
    """One target with its milestones and both statuses on `as_of`."""
    require_scope(request, READ_SCOPE)
    target = selectors.target_get(pk=target_id)
    as_of = _as_of(query.as_of)
    status = selectors.target_statuses(targets=[target], as_of=as_of)[target.pk]
    return _target(target, status)


@router.patch("/targets/{target_id}", response=TargetOut, operation_id="update_target")
def update_target(request: HttpRequest, target_id: int, payload: TargetPatchIn) -> Any:
    """Change a target and optionally replace its milestones (`version` as read, else 409)."""
    require_scope(request, WRITE_SCOPE)
    target = selectors.target_get(pk=target_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "milestones"})
    services.target_update(
        actor=request.user,
        target=target,
        data=data,
        version=payload.version,
        milestones=payload.milestones,
    )
    fresh = selectors.target_get(pk=target_id)
    status = selectors.target_statuses(targets=[fresh], as_of=timezone.localdate())[fresh.pk]
    return _target(fresh, status)


@router.get(
    "/targets/{target_id}/assessments",
    response=list[AssessmentOut],
    operation_id="list_target_assessments",
)
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_target_assessments(request: HttpRequest, target_id: int) -> Any:
    """Every assessment of a target, newest first."""
    require_scope(request, READ_SCOPE)
    return selectors.target_assessments(target=selectors.target_get(pk=target_id))


@router.post(
    "/targets/{target_id}/assessments",
    response={201: AssessmentOut},
    operation_id="create_target_assessment",
)
def create_target_assessment(request: HttpRequest, target_id: int, payload: AssessmentIn) -> Any:
    """Record a dated measurement (value and/or achievement, measurement status, source)."""
    require_scope(request, WRITE_SCOPE)
    target = selectors.target_get(pk=target_id)
    a = services.target_assess(actor=request.user, target=target, **payload.model_dump())
    return Status(201, a)


@router.post(
    "/target-sets/{target_set_id}/revise",
    response={201: TargetSetOut},
    operation_id="revise_target_set",
)
def revise_target_set(request: HttpRequest, target_set_id: int, payload: ReviseIn) -> Any:
    """Start version N+1 of a target set, copying its targets and milestones."""
    require_scope(request, WRITE_SCOPE)
    ts = selectors.target_set_get(pk=target_set_id)
    doc = document_get(pk=payload.document) if payload.document else None
    new = services.target_set_revise(
        actor=request.user,
        target_set=ts,
        label=payload.label,
        valid_from=payload.valid_from,
        document=doc,
    )
    return Status(201, _set(selectors.target_set_get(pk=new.pk)))


@router.post(
    "/target-sets/{target_set_id}/targets",
    response={201: TargetOut},
    operation_id="create_target",
)
def create_target(request: HttpRequest, target_set_id: int, payload: TargetCreateIn) -> Any:
    """Add a target (with milestones) to the latest, open version of a target set."""
    require_scope(request, WRITE_SCOPE)
    ts = selectors.target_set_get(pk=target_set_id)
    data = payload.model_dump(exclude={"group", "indicator_code", "milestones"})
    data["group"] = selectors.plan_group_get(pk=payload.group) if payload.group else None
    data["indicator"] = (
        selectors.indicator_by_code(code=payload.indicator_code) if payload.indicator_code else None
    )
    target = services.target_create(
        actor=request.user, target_set=ts, data=data, milestones=payload.milestones
    )
    fresh = selectors.target_get(pk=target.pk)
    status = selectors.target_statuses(targets=[fresh], as_of=timezone.localdate())[fresh.pk]
    return Status(201, _target(fresh, status))


@router.get("/{plan_id}", response=PlanTreeOut, operation_id="get_plan")
def get_plan(request: HttpRequest, plan_id: int, query: Query[AsOfIn]) -> Any:
    """A plan as a tree: groups → targets (statuses on `as_of`) and the tasks you may see."""
    require_scope(request, READ_SCOPE)
    plan = selectors.plan_get(pk=plan_id)
    as_of = _as_of(query.as_of)
    chosen = selectors.target_set_get(pk=query.target_set) if query.target_set else None
    if chosen is not None and chosen.plan_id != plan.pk:
        chosen = None
    tree = selectors.plan_tree(user=request.user, plan=plan, as_of=as_of, target_set=chosen)
    all_statuses = list(tree.statuses.values())
    data = _plan(plan)
    data.update(
        as_of=as_of,
        target_set=_set(tree.target_set),
        target_sets=[_set(s) for s in tree.target_sets],
        children=[{"id": c.pk, "label": f"{c.document.number} · {c.title}"} for c in tree.children],
        groups=[
            {
                "id": node.group.pk if node.group else None,
                "code": node.group.code if node.group else "",
                "title": node.group.title if node.group else "",
                "catalogue_item": (
                    str(node.group.catalogue_item)
                    if node.group and node.group.catalogue_item
                    else None
                ),
                "task_count": node.task_count,
                "targets": [_target(t, tree.statuses[t.pk]) for t in node.targets],
                "tasks": [
                    {
                        "id": task.pk,
                        "code": task.code,
                        "title": task.title,
                        "lead_unit": task.lead_unit.name,
                        "deadline": task.deadline,
                        "completed_on": task.completed_on,
                        "workflow_state": task.workflow_state,
                    }
                    for task in node.tasks
                ],
            }
            for node in tree.groups
        ],
        counts={**count_statuses(all_statuses), "total": len(all_statuses)},
        task_total=tree.task_total,
        tasks_truncated=tree.tasks_truncated,
    )
    return data


@router.get(
    "/{plan_id}/target-status-counts",
    response=StatusCountsOut,
    operation_id="count_plan_target_statuses",
)
def count_plan_target_statuses(request: HttpRequest, plan_id: int, query: Query[AsOfIn]) -> Any:
    """Targets per achievement and measurement status on `as_of` ("26/43 achieved")."""
    require_scope(request, READ_SCOPE)
    plan = selectors.plan_get(pk=plan_id)
    as_of = _as_of(query.as_of)
    ts = _chosen_set(plan, query.target_set, as_of)
    return selectors.target_status_counts(user=request.user, target_set=ts, as_of=as_of)


@router.patch("/{plan_id}", response=PlanOut, operation_id="update_plan")
def update_plan(request: HttpRequest, plan_id: int, payload: PlanPatchIn) -> Any:
    """Change a plan's title, status, period or note (`version` as read, else 409)."""
    require_scope(request, WRITE_SCOPE)
    plan = selectors.plan_get(pk=plan_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.plan_update(actor=request.user, plan=plan, data=data, version=payload.version)
    return _plan(selectors.plan_get(pk=plan_id))


@router.get("/{plan_id}/targets", response=PlanTargetsOut, operation_id="list_plan_targets")
def list_plan_targets(request: HttpRequest, plan_id: int, query: Query[AsOfIn]) -> Any:
    """All targets of the plan's target set (valid on `as_of`) with statuses and counts."""
    require_scope(request, READ_SCOPE)
    plan = selectors.plan_get(pk=plan_id)
    as_of = _as_of(query.as_of)
    ts = _chosen_set(plan, query.target_set, as_of)
    rows = selectors.target_list(target_set=ts)
    statuses = selectors.target_statuses(targets=rows, as_of=as_of)
    return {
        "as_of": as_of,
        "target_set": _set(selectors.target_set_get(pk=ts.pk)),
        "counts": {**count_statuses(statuses.values()), "total": len(rows)},
        "targets": [_target(t, statuses[t.pk]) for t in rows],
    }
