"""API routes of the unit directory (mounted at /api/v1/units in tinhso/api.py).

Reads are open to every authenticated caller (unit names and codes are public); a token
must carry the `units:read` scope. Writes need Action.MANAGE on the unit, checked by the
service; a caller without it gets 404, as if the unit did not exist.
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope

from . import selectors, services
from .models import Unit
from .schemas import (
    UnitDetailOut,
    UnitEraIn,
    UnitFilterIn,
    UnitListItemOut,
    UnitUpdateIn,
)

router = Router(tags=["units"])

READ_SCOPE = "units:read"
# No token scope grants unit writes yet: integrations read, officials edit in the UI.
WRITE_SCOPE = "units:write"


def _detail(unit: Unit) -> dict[str, Any]:
    return {
        "id": unit.pk,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "codename": unit.codename,
        "division_type": unit.division_type,
        "level": unit.level,
        "parent": unit.parent,
        "standing_agency": unit.standing_agency,
        "province_code": unit.province_code,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "is_current": unit.is_current,
        "source": unit.source,
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
        "version": unit.version,
        "children_count": selectors.unit_children_count(unit=unit),
        "predecessors": [
            _link(link, link.predecessor) for link in selectors.unit_predecessor_links(unit=unit)
        ],
        "successors": [
            _link(link, link.successor) for link in selectors.unit_successor_links(unit=unit)
        ],
        "current_successors": selectors.unit_successors(unit=unit),
    }


def _link(link: Any, other: Unit) -> dict[str, Any]:
    return {
        "unit": other,
        "kind": link.kind,
        "partial": link.partial,
        "effective_date": link.effective_date,
        "legal_basis": link.legal_basis,
        "note": link.note,
    }


@router.get("", response=list[UnitListItemOut], operation_id="list_units")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_units(request: HttpRequest, filters: Query[UnitFilterIn]) -> Any:
    """Units, current by default; filter by level, province, parent, text or date (as_of)."""
    require_scope(request, READ_SCOPE)
    return selectors.unit_list(filters=filters.model_dump())


@router.get("/{code}", response=UnitDetailOut, operation_id="get_unit")
def get_unit(request: HttpRequest, code: str, era: Query[UnitEraIn]) -> Any:
    """One unit by code: the current one, or the one valid on `as_of` (codes are reused).

    A code that no current unit carries (a former commune) gives the unit that last carried
    it, with the unit(s) it lives on in today under `current_successors`.
    """
    require_scope(request, READ_SCOPE)
    unit = selectors.unit_get(code=code, as_of=era.as_of, level=era.level, closed_fallback=True)
    return _detail(unit)


@router.patch("/{code}", response=UnitDetailOut, operation_id="update_unit")
def update_unit(request: HttpRequest, code: str, payload: UnitUpdateIn) -> Any:
    """Change the contact details of the current unit `code` (needs the manage right)."""
    require_scope(request, WRITE_SCOPE)
    unit = selectors.unit_get(code=code)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    updated = services.unit_update(
        actor=request.user, unit=unit, data=data, version=payload.version
    )
    return _detail(selectors.unit_get_by_pk(pk=updated.pk))
