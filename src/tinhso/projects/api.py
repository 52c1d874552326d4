"""API routes of projects (to be mounted at /api/v1/projects in tinhso/api.py).

Reads need VIEW on the project's managing unit; writes EDIT (services' rules). Tokens need
`projects:read` / `projects:write`. Units are given by code; an unknown code is a 422.
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope
from tinhso.units.models import Unit

from . import selectors, services
from .models import Project
from .schemas import (
    AsOfIn,
    BlockerIn,
    BlockerOut,
    MilestoneOut,
    MilestonesIn,
    OpenBlockerOut,
    ProgressIn,
    ProgressOut,
    ProjectCreateIn,
    ProjectDetailOut,
    ProjectFilterIn,
    ProjectListItemOut,
    ProjectUpdateIn,
    ResolveIn,
)

router = Router(tags=["projects"])

READ_SCOPE = "projects:read"
WRITE_SCOPE = "projects:write"


def _unit_ref(unit: Unit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _unit(code: str, field: str) -> Unit:
    unit = selectors.unit_by_code(code.strip())
    if unit is None:
        raise ValidationError({field: _("No current unit has this code.")})
    return unit


def _data(payload: Any, *, exclude_unset: bool) -> dict[str, Any]:
    data: dict[str, Any] = payload.model_dump(exclude_unset=exclude_unset, exclude={"version"})
    if data.get("unit") is not None:
        data["unit"] = _unit(data["unit"], "unit")
    if data.get("communes") is not None:
        data["communes"] = [_unit(code, "communes") for code in data["communes"]]
    for name in ("tasks", "targets", "communes"):
        if name in data and data[name] is None:
            data[name] = []
    return data


def _blocker(blocker: Any) -> dict[str, Any]:
    return {
        "id": blocker.pk,
        "description": blocker.description,
        "raised_on": blocker.raised_on,
        "owner_unit": _unit_ref(blocker.owner_unit),
        "decision_from": blocker.decision_from,
        "resolved_on": blocker.resolved_on,
        "resolution": blocker.resolution,
        "version": blocker.version,
    }


def _detail(request: HttpRequest, pk: int, as_of: Any = None) -> dict[str, Any]:
    project = selectors.project_get(user=request.user, pk=pk, as_of=as_of)
    day = project.as_of  # type: ignore[attr-defined]  # set by selectors.decorate
    return {
        **{f.attname: getattr(project, f.attname) for f in Project._meta.concrete_fields},
        "unit": _unit_ref(project.unit),
        "communes": [_unit_ref(u) for u in project.communes.all()],
        "as_of": day,
        "physical_on": project.physical_on,  # type: ignore[attr-defined]
        "financial_on": project.financial_on,  # type: ignore[attr-defined]
        "expected_on": project.expected_on,  # type: ignore[attr-defined]
        "lagging": project.lagging,  # type: ignore[attr-defined]
        "tasks": list(project.tasks.all()),
        "targets": list(project.targets.all()),
        "milestones": selectors.project_milestones(project=project, as_of=day),
        "progress": list(selectors.project_progress_list(project=project)),
        "blockers": [_blocker(b) for b in selectors.project_blockers(project=project, as_of=day)],
        "photos": [
            {
                "id": p.pk,
                "caption": p.caption,
                "taken_on": p.taken_on,
                "content_type": p.content_type,
                "size": p.size,
                "url": reverse("projects:photo", args=[p.pk]),
            }
            for p in selectors.project_photos(project=project)
        ],
    }


@router.get("", response=list[ProjectListItemOut], operation_id="list_projects")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_projects(request: HttpRequest, filters: Query[ProjectFilterIn]) -> Any:
    """Projects the caller may see, filtered; figures computed on `as_of` (default today)."""
    require_scope(request, READ_SCOPE)
    return selectors.project_list(user=request.user, filters=filters.model_dump())


@router.get("/blockers", response=list[OpenBlockerOut], operation_id="list_open_project_blockers")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_open_project_blockers(request: HttpRequest, params: Query[AsOfIn]) -> Any:
    """Blockers open on `as_of` across the projects the caller may see (oldest first)."""
    require_scope(request, READ_SCOPE)
    return selectors.blocker_open_list(user=request.user, filters={"as_of": params.as_of})


@router.get("/{int:project_id}", response=ProjectDetailOut, operation_id="get_project")
def get_project(request: HttpRequest, project_id: int, params: Query[AsOfIn]) -> Any:
    """One project with its figures on `as_of`, milestones (status on `as_of`), progress
    history, blockers and photos."""
    require_scope(request, READ_SCOPE)
    return _detail(request, project_id, params.as_of)


@router.post("", response={201: ProjectDetailOut}, operation_id="create_project")
def create_project(request: HttpRequest, payload: ProjectCreateIn) -> Any:
    """Create a project; needs EDIT on the managing unit."""
    require_scope(request, WRITE_SCOPE)
    project = services.project_create(actor=request.user, data=_data(payload, exclude_unset=False))
    return Status(201, _detail(request, project.pk))


@router.patch("/{int:project_id}", response=ProjectDetailOut, operation_id="update_project")
def update_project(request: HttpRequest, project_id: int, payload: ProjectUpdateIn) -> Any:
    """Change a project's fields; `version` must be the one read (else 409)."""
    require_scope(request, WRITE_SCOPE)
    project = selectors.project_get(user=request.user, pk=project_id)
    services.project_update(
        actor=request.user,
        project=project,
        data=_data(payload, exclude_unset=True),
        version=payload.version,
    )
    return _detail(request, project_id)


@router.post(
    "/{int:project_id}/progress",
    response={201: ProgressOut},
    operation_id="create_project_progress",
)
def create_project_progress(request: HttpRequest, project_id: int, payload: ProgressIn) -> Any:
    """Record a progress update (physical %, financial % or disbursed amount, narrative)."""
    require_scope(request, WRITE_SCOPE)
    project = selectors.project_get(user=request.user, pk=project_id)
    progress = services.project_progress_create(
        actor=request.user, project=project, **payload.model_dump()
    )
    return Status(201, progress)


@router.put(
    "/{int:project_id}/milestones",
    response=list[MilestoneOut],
    operation_id="update_project_milestones",
)
def update_project_milestones(request: HttpRequest, project_id: int, payload: MilestonesIn) -> Any:
    """Set milestone dates (by `id` or `kind`; only the keys given change); `version` is the
    project's as read (else 409). Returns all milestones with their status today."""
    require_scope(request, WRITE_SCOPE)
    project = selectors.project_get(user=request.user, pk=project_id)
    services.project_milestones_update(
        actor=request.user,
        project=project,
        milestones=[m.model_dump(exclude_unset=True) for m in payload.milestones],
        version=payload.version,
    )
    return selectors.project_milestones(project=project, as_of=timezone.localdate())


@router.post(
    "/{int:project_id}/blockers",
    response={201: BlockerOut},
    operation_id="create_project_blocker",
)
def create_project_blocker(request: HttpRequest, project_id: int, payload: BlockerIn) -> Any:
    """Record a blocker (the unit in charge by code)."""
    require_scope(request, WRITE_SCOPE)
    project = selectors.project_get(user=request.user, pk=project_id)
    owner = _unit(payload.owner_unit, "owner_unit") if payload.owner_unit else None
    blocker = services.project_blocker_create(
        actor=request.user,
        project=project,
        description=payload.description,
        raised_on=payload.raised_on,
        owner_unit=owner,
        decision_from=payload.decision_from,
    )
    return Status(201, _blocker(blocker))


@router.post(
    "/{int:project_id}/blockers/{int:blocker_id}/resolve",
    response=BlockerOut,
    operation_id="resolve_project_blocker",
)
def resolve_project_blocker(
    request: HttpRequest, project_id: int, blocker_id: int, payload: ResolveIn
) -> Any:
    """Mark a blocker resolved; `version` is the blocker's as read (else 409)."""
    require_scope(request, WRITE_SCOPE)
    blocker = selectors.blocker_get(user=request.user, project_pk=project_id, pk=blocker_id)
    resolved = services.project_blocker_resolve(
        actor=request.user,
        blocker=blocker,
        resolved_on=payload.resolved_on,
        resolution=payload.resolution,
        version=payload.version,
    )
    return _blocker(resolved)
