"""API routes of the finance app (to be mounted at /api/v1/finance in tinhso/api.py).

Reads need VIEW on the line's managing unit; writes follow the services' rules. Tokens
need `finance:read` / `finance:write`. Every rate states its two options
(`include_carried_over`, `include_supplementary`, both false by default) and its basis.
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope

from . import rates, selectors, services
from .models import BudgetLine
from .schemas import (
    LineCreateIn,
    LineDetailOut,
    LineFilterIn,
    LineListItemOut,
    LineUpdateIn,
    LocalTotalIn,
    LocalTotalOut,
    SnapshotIn,
    SnapshotOut,
    SummaryIn,
    SummaryOut,
)

router = Router(tags=["finance"])

READ_SCOPE = "finance:read"
WRITE_SCOPE = "finance:write"


def _unit_ref(unit: Any) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _resolve_unit(code: str, field: str = "unit") -> Any:
    unit = selectors.unit_by_code(code.strip())
    if unit is None:
        raise ValidationError({field: _("Choose an existing unit.")})
    return unit


def _line_item(line: BudgetLine, as_of: dt.date, options: rates.Options) -> dict[str, Any]:
    figures = selectors.line_rate(line, as_of=as_of, options=options)
    latest = figures.figures
    return {
        **{f.attname: getattr(line, f.attname) for f in BudgetLine._meta.concrete_fields},
        "unit": _unit_ref(line.unit),
        "latest": None
        if latest is None
        else {name: getattr(latest, name) for name in selectors.LATEST_FIELDS},
        "base": figures.base,
        "rate_percent": figures.rate_display,
        "lag_threshold_percent": rates.rounded(figures.threshold),
        "lagging": figures.lagging,
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    as_of = timezone.localdate()
    line = selectors.budget_line_detail(user=request.user, pk=pk, as_of=as_of)
    return {
        **_line_item(line, as_of, rates.Options()),
        "note": line.note,
        "snapshots": list(selectors.budget_snapshot_list(line=line)),
    }


def _aggregate(agg: rates.Aggregate) -> dict[str, Any]:
    return {
        "allocated": agg.allocated,
        "supplementary": agg.supplementary,
        "carried_over": agg.carried_over,
        "returned": agg.returned,
        "base": agg.base,
        "disbursed": agg.disbursed,
        "lines": agg.lines,
        "units": agg.units,
        "rate_percent": agg.rate_display,
        "lagging": agg.lagging,
    }


def _unit_row(row: rates.UnitRow) -> dict[str, Any]:
    return {
        "unit_id": row.unit_id,
        "unit_name": row.unit_name,
        "total": _aggregate(row.total),
        "recurrent": _aggregate(row.by_type[rates.RECURRENT]),
        "investment": _aggregate(row.by_type[rates.INVESTMENT]),
        "zero_disbursement": row.is_zero,
    }


@router.get("/lines", response=list[LineListItemOut], operation_id="list_budget_lines")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_budget_lines(request: HttpRequest, filters: Query[LineFilterIn]) -> Any:
    """Budget lines the caller may see with their latest figures, rate and lag on `as_of`."""
    require_scope(request, READ_SCOPE)
    data = filters.model_dump()
    as_of = data.get("as_of") or timezone.localdate()
    data["as_of"] = as_of
    options = rates.Options(
        include_carried_over=filters.include_carried_over,
        include_supplementary=filters.include_supplementary,
    )
    rows = selectors.budget_line_rows(user=request.user, filters=data)
    return _Items(rows, lambda line: _line_item(line, as_of, options))


class _Items:
    """A lazily mapped queryset: ninja's paginator slices it, then each row is shaped."""

    def __init__(self, qs: Any, shape: Any) -> None:
        self.qs = qs
        self.shape = shape

    def count(self) -> int:
        return int(self.qs.count())

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: Any) -> Any:
        return [self.shape(row) for row in self.qs[key]]


@router.get("/lines/{int:line_id}", response=LineDetailOut, operation_id="get_budget_line")
def get_budget_line(request: HttpRequest, line_id: int) -> Any:
    """One budget line with its snapshot history (newest first) and today's rate."""
    require_scope(request, READ_SCOPE)
    return _detail(request, line_id)


@router.post("/lines", response={201: LineDetailOut}, operation_id="create_budget_line")
def create_budget_line(request: HttpRequest, payload: LineCreateIn) -> Any:
    """Create a budget line; needs EDIT on the managing unit (given by its code)."""
    require_scope(request, WRITE_SCOPE)
    data = payload.model_dump()
    data["unit"] = _resolve_unit(payload.unit)
    line = services.budget_line_create(actor=request.user, data=data)
    return Status(201, _detail(request, line.pk))


@router.patch("/lines/{int:line_id}", response=LineDetailOut, operation_id="update_budget_line")
def update_budget_line(request: HttpRequest, line_id: int, payload: LineUpdateIn) -> Any:
    """Change a line's fields; `version` must be the one read (else 409)."""
    require_scope(request, WRITE_SCOPE)
    line = selectors.budget_line_get(user=request.user, pk=line_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    if data.get("unit"):
        data["unit"] = _resolve_unit(data["unit"])
    services.budget_line_update(actor=request.user, line=line, data=data, version=payload.version)
    return _detail(request, line_id)


@router.post(
    "/lines/{int:line_id}/snapshots",
    response={201: SnapshotOut},
    operation_id="create_budget_snapshot",
)
def create_budget_snapshot(request: HttpRequest, line_id: int, payload: SnapshotIn) -> Any:
    """Record the line's figures as of a date (amounts in đồng; disbursed ≤ available)."""
    require_scope(request, WRITE_SCOPE)
    line = selectors.budget_line_get(user=request.user, pk=line_id)
    snapshot = services.budget_snapshot_record(
        actor=request.user,
        line=line,
        as_of=payload.as_of,
        amounts=payload.model_dump(include=set(services.AMOUNT_FIELDS)),
        committed=payload.committed,
        source=payload.source,
        note=payload.note,
    )
    return Status(201, snapshot)


@router.get("/summary", response=SummaryOut, operation_id="get_disbursement_summary")
def get_disbursement_summary(request: HttpRequest, params: Query[SummaryIn]) -> Any:
    """Disbursement rates by type and unit, lag flag, low units and the S&T share."""
    require_scope(request, READ_SCOPE)
    as_of = params.as_of or timezone.localdate()
    year = params.year or as_of.year
    result = selectors.disbursement_summary(
        user=request.user,
        year=year,
        as_of=as_of,
        include_carried_over=params.include_carried_over,
        include_supplementary=params.include_supplementary,
        unit=params.unit or None,
    )
    summary = result.rates
    share = result.share
    return {
        "fiscal_year": year,
        "as_of": as_of,
        "include_carried_over": params.include_carried_over,
        "include_supplementary": params.include_supplementary,
        "basis": selectors.basis_text(summary.options),
        "elapsed_percent": rates.rounded(summary.elapsed),
        "tolerance_points": summary.tolerance_points,
        "lag_threshold_percent": rates.rounded(summary.threshold),
        "total": _aggregate(summary.total),
        "recurrent": _aggregate(summary.by_type[rates.RECURRENT]),
        "investment": _aggregate(summary.by_type[rates.INVESTMENT]),
        "units": [_unit_row(u) for u in summary.units],
        "low_units": [_unit_row(u) for u in summary.low_units],
        "lines_without_snapshot": summary.lines_without_snapshot,
        "share": {
            "numerator": share.numerator,
            "denominator": share.denominator,
            "percent": share.percent_display,
            "target_percent": share.target,
            "meets_target": share.meets_target,
            "total_id": result.total.pk if result.total else None,
            "total_source": result.total.source if result.total else "",
            "total_as_of": result.total.as_of if result.total else None,
            "basis": selectors.share_basis_text(),
        },
    }


def _total_out(total: Any) -> dict[str, Any]:
    return {
        "id": total.pk,
        "unit": _unit_ref(total.unit),
        "fiscal_year": total.fiscal_year,
        "as_of": total.as_of,
        "total_estimate": total.total_estimate,
        "total_settled": total.total_settled,
        "source": total.source,
        "is_illustrative": total.is_illustrative,
    }


@router.get(
    "/local-totals/{int:total_id}", response=LocalTotalOut, operation_id="get_local_budget_total"
)
def get_local_budget_total(request: HttpRequest, total_id: int) -> Any:
    """One total local budget expenditure row (the share's denominator)."""
    require_scope(request, READ_SCOPE)
    return _total_out(selectors.local_budget_total_get(user=request.user, pk=total_id))


@router.post(
    "/local-totals", response={201: LocalTotalOut}, operation_id="create_local_budget_total"
)
def create_local_budget_total(request: HttpRequest, payload: LocalTotalIn) -> Any:
    """Record a unit's total local budget expenditure (estimate and/or settlement)."""
    require_scope(request, WRITE_SCOPE)
    total = services.local_budget_total_record(
        actor=request.user,
        unit=_resolve_unit(payload.unit),
        fiscal_year=payload.fiscal_year,
        as_of=payload.as_of,
        total_estimate=payload.total_estimate,
        total_settled=payload.total_settled,
        source=payload.source,
        is_illustrative=payload.is_illustrative,
    )
    return Status(201, _total_out(total))
