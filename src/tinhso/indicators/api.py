"""API of indicators (mounted at /api/v1/indicators by tinhso/api.py).

Reads need the token scope `indicators:read`, writes `indicators:write` (session users are
limited by their roles only). The catalogue is public to every signed-in caller; values and
series are unit data (404 outside the caller's units). Lists are paginated
(`limit`, `offset` → `items`, `count`).
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.accounts.access import Action, require
from tinhso.core.pagination import LimitOffsetPagination
from tinhso.core.scopes import require_scope
from tinhso.units.selectors import unit_get

from . import selectors, services
from .schemas import (
    BatchIn,
    ErrorsOut,
    IndicatorDetailOut,
    IndicatorFilterIn,
    IndicatorIn,
    IndicatorOut,
    IndicatorPatchIn,
    SeriesFilterIn,
    SeriesOut,
    StatusIn,
    StatusOut,
    ValueFilterIn,
    ValueIn,
    ValueOut,
)

router = Router(tags=["indicators"])

READ = "indicators:read"
WRITE = "indicators:write"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]  # set by ninja auth


def _row_errors(exc: ValidationError) -> list[dict[str, Any]]:
    """`rows.3.numerator` → loc ["body", "rows", 3, "numerator"], message naming row 4."""
    detail: list[dict[str, Any]] = []
    for key, messages in exc.message_dict.items():
        loc: list[Any] = ["body"]
        for part in key.split("."):
            loc.append(int(part) if part.isdigit() else part)
        detail += [{"loc": loc, "msg": m, "type": "value_error"} for m in messages]
    return detail


@router.get("", response=list[IndicatorOut], operation_id="list_indicators")
@paginate(LimitOffsetPagination)
def list_indicators(request: HttpRequest, filters: Query[IndicatorFilterIn]) -> Any:
    """The indicator catalogue (in use unless `active=false`), by code."""
    require_scope(request, READ)
    data = {k: v for k, v in filters.dict().items() if v is not None}
    return selectors.indicator_list(user=_user(request), filters=data)


@router.get("/values", response=list[ValueOut], operation_id="list_indicator_values")
@paginate(LimitOffsetPagination)
def list_indicator_values(request: HttpRequest, filters: Query[ValueFilterIn]) -> Any:
    """Values of the caller's units; `unit` (code) means its subtree, 404 if not the caller's."""
    require_scope(request, READ)
    user = _user(request)
    data: dict[str, Any] = {"status": filters.status}
    if filters.unit:
        unit = unit_get(code=filters.unit)
        selectors.require_view(user=user, unit=unit)
        data["unit"] = unit
    if filters.period:
        data["period"] = selectors.period_get(code=filters.period)
    if filters.indicator:
        data["indicator"] = selectors.indicator_get(user=user, code=filters.indicator)
    return selectors.indicator_value_list(user=user, filters=data)


@router.put("/values", response=ValueOut, operation_id="save_indicator_value")
def save_indicator_value(request: HttpRequest, payload: ValueIn) -> Any:
    """Enter or change one value (a draft); 409 when `version` is stale, 422 on rule errors."""
    require_scope(request, WRITE)
    user = _user(request)
    value = services.indicator_value_save(
        actor=user,
        indicator=selectors.indicator_get(user=user, code=payload.indicator),
        unit=unit_get(code=payload.unit),
        period=services.period_get_or_create_by_code(payload.period),
        breakdown=payload.breakdown,
        value=payload.value,
        numerator=payload.numerator,
        denominator=payload.denominator,
        source=payload.source,
        as_of=payload.as_of,
        comment=payload.comment,
        expected_version=payload.version,
    )
    return selectors.indicator_value_get(user=user, pk=value.pk)


@router.post(
    "/values/batch",
    response={200: list[ValueOut], 422: ErrorsOut},
    operation_id="save_indicator_values",
)
def save_indicator_values(request: HttpRequest, payload: BatchIn) -> Any:
    """Save many values, all or nothing; 422 lists every faulty row and column."""
    require_scope(request, WRITE)
    user = _user(request)
    rows = [
        {**row.dict(exclude={"version"}), "expected_version": row.version} for row in payload.rows
    ]
    try:
        saved = services.indicator_values_save_batch(actor=user, rows=rows)
    except ValidationError as exc:
        return Status(422, {"detail": _row_errors(exc)})
    return selectors.indicator_value_list(user=user, filters={"pks": [v.pk for v in saved]})


@router.post("/values/status", response=StatusOut, operation_id="set_indicator_values_status")
def set_indicator_values_status(request: HttpRequest, payload: StatusIn) -> Any:
    """Submit (edit right), confirm / return / reopen (approve right) a unit's period values."""
    require_scope(request, WRITE)
    changed = services.indicator_values_set_status(
        actor=_user(request),
        unit=unit_get(code=payload.unit),
        period=selectors.period_get(code=payload.period),
        status=payload.status,
        reason=payload.reason,
        reopen=payload.reopen,
    )
    return {"changed": changed}


def _catalogue_refs(user: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Codes of the payload → objects: owner unit (404 unless the caller manages it), entry
    level and breakdowns (422 naming the field when unknown)."""
    if data.get("owner_unit") is not None:
        data["owner_unit"] = unit_get(code=data["owner_unit"])
        require(user, Action.MANAGE, data["owner_unit"])
    if data.get("entry_level") is not None:
        level = selectors.unit_level_by_code(code=data["entry_level"])
        if level is None:
            raise ValidationError({"entry_level": _("Unknown unit level.")})
        data["entry_level"] = level
    if data.get("dimensions") is not None:
        found, unknown = selectors.dimensions_by_code(codes=data["dimensions"])
        if unknown:
            raise ValidationError(
                {"dimensions": _("Unknown breakdown: %(codes)s.") % {"codes": ", ".join(unknown)}}
            )
        data["dimensions"] = found
    return data


@router.post("", response={201: IndicatorDetailOut}, operation_id="create_indicator")
def create_indicator(request: HttpRequest, payload: IndicatorIn) -> Any:
    """Add a catalogue entry owned by a unit you manage; 422 lists the faulty fields."""
    require_scope(request, WRITE)
    user = _user(request)
    data = _catalogue_refs(user, payload.dict())
    owner = data.pop("owner_unit")
    indicator = services.indicator_create(actor=user, owner_unit=owner, data=data)
    return Status(201, selectors.indicator_get(user=user, code=indicator.code))


@router.patch("/{code}", response=IndicatorDetailOut, operation_id="update_indicator")
def update_indicator(request: HttpRequest, code: str, payload: IndicatorPatchIn) -> Any:
    """Change a catalogue entry of a unit you manage (404 otherwise); 409 when `version` is
    stale, 422 on rule errors. A new `owner_unit` must be a unit you manage too."""
    require_scope(request, WRITE)
    user = _user(request)
    indicator = selectors.indicator_get_for_manage(user=user, code=code)
    data = _catalogue_refs(user, payload.dict(exclude_unset=True, exclude={"version"}))
    updated = services.indicator_update(
        actor=user, indicator=indicator, data=data, expected_version=payload.version
    )
    return selectors.indicator_get(user=user, code=updated.code)


@router.get("/{code}", response=IndicatorDetailOut, operation_id="get_indicator")
def get_indicator(request: HttpRequest, code: str) -> Any:
    """One catalogue entry with its definition, checks and breakdowns."""
    require_scope(request, READ)
    return selectors.indicator_get(user=_user(request), code=code)


@router.get("/{code}/series", response=SeriesOut, operation_id="get_indicator_series")
def get_indicator_series(request: HttpRequest, code: str, filters: Query[SeriesFilterIn]) -> Any:
    """The aggregate over the unit's subtree per period (from the rollup tables)."""
    require_scope(request, READ)
    user = _user(request)
    indicator = selectors.indicator_get(user=user, code=code)
    unit = unit_get(code=filters.unit)
    points = selectors.indicator_series(
        user=user,
        indicator=indicator,
        unit=unit,
        start=filters.from_,
        end=filters.to,
        breakdown=filters.breakdown,
    )
    return {
        "indicator": indicator.code,
        "unit": unit.code,
        "aggregation": indicator.aggregation,
        "points": points,
    }
