"""API routes of tasks (mounted at /api/v1/tasks in tinhso/api.py).

Reads need VIEW on the task's lead unit (or being a co-ordinating unit); writes follow the
services' rules. Tokens need `tasks:read` / `tasks:write` (see the report: the scopes must
be added to `ApiToken.SCOPES`; until then no token passes, sessions are unaffected).
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope

from . import clarities, selectors, services
from .models import Task
from .schemas import (
    AsOfIn,
    DelegationIn,
    ExtensionIn,
    ExtensionOut,
    InstancesIn,
    MilestoneOut,
    MilestonesIn,
    ProgressIn,
    ProgressOut,
    StatusCountsIn,
    StatusCountsOut,
    TaskCreateIn,
    TaskDetailOut,
    TaskFilterIn,
    TaskListItemOut,
    TaskRefOut,
    TaskUpdateIn,
    TransitionIn,
)

router = Router(tags=["tasks"])

READ_SCOPE = "tasks:read"
WRITE_SCOPE = "tasks:write"


def _unit(unit: Any) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _detail(request: HttpRequest, pk: int, as_of: Any = None) -> dict[str, Any]:
    task = selectors.task_get(user=request.user, pk=pk, as_of=as_of)
    return {
        **{f.attname: getattr(task, f.attname) for f in Task._meta.concrete_fields},
        "plan": task.plan.document.number,
        "lead_unit": _unit(task.lead_unit),
        "co_units": [_unit(u) for u in task.co_units.all()],
        "approving_unit": _unit(task.approving_unit),
        "as_of": task.as_of,  # type: ignore[attr-defined]  # set by selectors.decorate
        "status": task.status,  # type: ignore[attr-defined]
        "status_label": task.status_label,  # type: ignore[attr-defined]
        "status_current": task.status_current,  # type: ignore[attr-defined]
        "status_current_label": task.status_current_label,  # type: ignore[attr-defined]
        "at_risk": task.at_risk,  # type: ignore[attr-defined]
        "missing_clarities": clarities.decode(task.missing_clarities),
        "targets": list(task.targets.all()),
        "milestones": list(selectors.task_milestones(task=task)),
        "progress": list(selectors.task_progress_list(user=request.user, task_pk=task.pk)),
        "extensions": [e.obj for e in selectors.task_timeline(task=task) if e.kind == "extension"],
    }


@router.get("", response=list[TaskListItemOut], operation_id="list_tasks")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_tasks(request: HttpRequest, filters: Query[TaskFilterIn]) -> Any:
    """Tasks the caller may see, filtered; `status` is computed on `as_of` (default today)."""
    require_scope(request, READ_SCOPE)
    return selectors.task_rows(user=request.user, filters=filters.model_dump())


@router.get("/status-counts", response=StatusCountsOut, operation_id="get_task_status_counts")
def get_task_status_counts(request: HttpRequest, params: Query[StatusCountsIn]) -> Any:
    """Counts per status code on `as_of` for a plan (number/symbol) and a unit (code)."""
    require_scope(request, READ_SCOPE)
    return selectors.task_status_counts(
        user=request.user, as_of=params.as_of, plan=params.plan, unit=params.unit
    )


@router.get("/{int:task_id}", response=TaskDetailOut, operation_id="get_task")
def get_task(request: HttpRequest, task_id: int, params: Query[AsOfIn]) -> Any:
    """One task with its status on `as_of`, missing clarities, deadlines and progress."""
    require_scope(request, READ_SCOPE)
    return _detail(request, task_id, params.as_of)


@router.post("", response={201: TaskDetailOut}, operation_id="create_task")
def create_task(request: HttpRequest, payload: TaskCreateIn) -> Any:
    """Create a task (state `proposed`); needs EDIT on the lead unit."""
    require_scope(request, WRITE_SCOPE)
    data = payload.model_dump(exclude={"kind"})
    task = services.task_create(actor=request.user, data=data, kind=payload.kind)
    return Status(201, _detail(request, task.pk))


@router.patch("/{int:task_id}", response=TaskDetailOut, operation_id="update_task")
def update_task(request: HttpRequest, task_id: int, payload: TaskUpdateIn) -> Any:
    """Change a task's fields; `version` must be the one read (else 409)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    services.task_update(actor=request.user, task=task, data=data, version=payload.version)
    return _detail(request, task_id)


@router.post(
    "/{int:task_id}/progress", response={201: ProgressOut}, operation_id="add_task_progress"
)
def add_task_progress(request: HttpRequest, task_id: int, payload: ProgressIn) -> Any:
    """Record a progress update (percent or milestone, narrative, links as attachments)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    progress = services.task_progress_add(
        actor=request.user,
        task=task,
        reported_on=payload.reported_on,
        percent=payload.percent,
        milestone=payload.milestone,
        narrative=payload.narrative,
        difficulties=payload.difficulties,
        recommendations=payload.recommendations,
        attachments=[a.model_dump() for a in payload.attachments],
    )
    return Status(201, progress)


@router.post("/{int:task_id}/transitions", response=TaskDetailOut, operation_id="transition_task")
def transition_task(request: HttpRequest, task_id: int, payload: TransitionIn) -> Any:
    """Apply a workflow action (assign, start, submit, accept, return, suspend, resume,
    cancel)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    services.task_transition(
        actor=request.user,
        task=task,
        action=payload.action,
        note=payload.note,
        expected_version=payload.version,
        on_date=payload.on_date,
    )
    return _detail(request, task_id)


@router.post("/{int:task_id}/extensions", response={201: ExtensionOut}, operation_id="extend_task")
def extend_task(request: HttpRequest, task_id: int, payload: ExtensionIn) -> Any:
    """Extend the deadline by a recorded decision (the original deadline is kept)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    extension = services.task_extend(
        actor=request.user,
        task=task,
        new_deadline=payload.new_deadline,
        decision_number=payload.decision_number,
        decision_date=payload.decision_date,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return Status(201, extension)


@router.post("/{int:task_id}/delegations", response={201: TaskRefOut}, operation_id="delegate_task")
def delegate_task(request: HttpRequest, task_id: int, payload: DelegationIn) -> Any:
    """Delegate part of the task to a unit below its lead unit (a sub-task that rolls up)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    unit = selectors.unit_by_code(payload.unit.strip())
    if unit is None:
        raise ValidationError({"unit": _("Choose a unit under the lead unit.")})
    child = services.task_delegate(
        actor=request.user,
        task=task,
        unit=unit,
        title=payload.title,
        deadline=payload.deadline,
        responsible_title=payload.responsible_title,
    )
    return Status(201, child)


@router.post(
    "/{int:task_id}/instances",
    response={201: list[TaskRefOut]},
    operation_id="generate_task_instances",
)
def generate_task_instances(request: HttpRequest, task_id: int, payload: InstancesIn) -> Any:
    """Create the missing period instances of a recurring task (idempotent)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    return Status(
        201,
        services.task_generate_instances(
            actor=request.user, task=task, offset_days=payload.offset_days
        ),
    )


@router.put(
    "/{int:task_id}/milestones", response=list[MilestoneOut], operation_id="set_task_milestones"
)
def set_task_milestones(request: HttpRequest, task_id: int, payload: MilestonesIn) -> Any:
    """Replace the task's milestones (rows with `id` kept, others added, missing removed;
    a reached milestone cannot be removed); `version` must be the one read (else 409)."""
    require_scope(request, WRITE_SCOPE)
    task = selectors.task_get(user=request.user, pk=task_id)
    services.task_milestones_set(
        actor=request.user,
        task=task,
        milestones=[m.model_dump() for m in payload.milestones],
        version=payload.version,
    )
    return list(selectors.task_milestones(task=task))
