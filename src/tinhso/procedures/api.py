"""API of the procedure catalogue (mounted by tinhso/api.py at /api/v1/procedures).

Reads need the token scope `procedures:read`, writes `procedures:write`. The catalogue is
public to every signed-in caller; writes need MANAGE on the owner unit (404 otherwise).
Lists are paginated (`limit`, `offset` → `items`, `count`).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Body, Query, Router, Status
from ninja.pagination import paginate

from tinhso.core.pagination import LimitOffsetPagination
from tinhso.core.scopes import require_scope
from tinhso.units.selectors import unit_get

from . import selectors, services
from .schemas import (
    ApplicabilityIn,
    ErrorsOut,
    ImportOut,
    ProcedureDetailOut,
    ProcedureFilterIn,
    ProcedureOut,
    ProcedurePatchIn,
)

router = Router(tags=["procedures"])

READ = "procedures:read"
WRITE = "procedures:write"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]  # set by ninja auth


def _errors(errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """`3.time_limits.1.unit` → loc ["body", 3, "time_limits", 1, "unit"]."""
    detail: list[dict[str, Any]] = []
    for key, messages in sorted(errors.items()):
        loc: list[Any] = ["body", *(int(p) if p.isdigit() else p for p in key.split("."))]
        detail += [{"loc": loc, "msg": m, "type": "value_error"} for m in messages]
    return detail


@router.get("", response=list[ProcedureOut], operation_id="list_procedures")
@paginate(LimitOffsetPagination)
def list_procedures(request: HttpRequest, filters: Query[ProcedureFilterIn]) -> Any:
    """The catalogue, real records first, by code."""
    require_scope(request, READ)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return selectors.procedure_list(user=_user(request), filters=data)


@router.get("/export", response=list[dict[str, Any]], operation_id="export_procedures")
def export_procedures(request: HttpRequest, filters: Query[ProcedureFilterIn]) -> Any:
    """Every matching procedure in the shape of `data/procedures.json` (not paginated)."""
    require_scope(request, READ)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return selectors.procedure_export_records(user=_user(request), filters=data)


@router.post("/import", response={200: ImportOut, 422: ErrorsOut}, operation_id="import_procedures")
def import_procedures(
    request: HttpRequest,
    payload: list[dict[str, Any]] = Body(...),  # type: ignore[type-arg]  # noqa: B008  # ninja marker
    owner: str | None = None,
) -> Any:
    """Create or replace procedures, all or nothing; 422 names every faulty record and field.
    `owner` (unit code, default the province) owns new records; MANAGE on it, else 404."""
    require_scope(request, WRITE)
    owner_unit = unit_get(code=owner) if owner else selectors.default_owner_unit()
    result = services.procedures_import(actor=_user(request), data=payload, owner_unit=owner_unit)
    if result.errors:
        return Status(422, {"detail": _errors(result.errors)})
    return result


@router.put("/{ref}/applicability", response=ProcedureDetailOut, operation_id="set_procedure_units")
def set_procedure_units(request: HttpRequest, ref: str, payload: ApplicabilityIn) -> Any:
    """Where the procedure applies: unit codes, or null for the default rule (every commune
    of the province for a commune-level procedure). MANAGE on the owner (404 otherwise)."""
    require_scope(request, WRITE)
    user = _user(request)
    procedure = selectors.procedure_get_for_manage(user=user, ref=ref)
    units = None if payload.units is None else [unit_get(code=c) for c in payload.units]
    services.procedure_applicability_set(
        actor=user, procedure=procedure, units=units, version=payload.version
    )
    return selectors.procedure_get(user=user, ref=ref)


@router.get("/{ref}", response=ProcedureDetailOut, operation_id="get_procedure")
def get_procedure(request: HttpRequest, ref: str) -> Any:
    """One procedure by national code (or key) with cases, time limits, fees, legal bases."""
    require_scope(request, READ)
    return selectors.procedure_get(user=_user(request), ref=ref)


@router.patch("/{ref}", response=ProcedureDetailOut, operation_id="update_procedure")
def update_procedure(request: HttpRequest, ref: str, payload: ProcedurePatchIn) -> Any:
    """Change basic fields; MANAGE on the owner unit (404 otherwise), 409 on a stale
    `version`, 422 on rule errors."""
    require_scope(request, WRITE)
    user = _user(request)
    procedure = selectors.procedure_get_for_manage(user=user, ref=ref)
    services.procedure_update(
        actor=user,
        procedure=procedure,
        data=payload.dict(exclude_unset=True, exclude={"version"}),
        version=payload.version,
    )
    return selectors.procedure_get(user=user, ref=ref)
