"""API of the working-day calendar (mounted at /api/v1/calendar in tinhso/api.py).

Every route needs a signed-in session or a token with the "calendar:read" scope. Bad input
gives 422 with field errors (schema errors from ninja, rule errors from the selectors).
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from tinhso.accounts.auth import require_scope

from . import selectors
from .schemas import (
    CalendarDayOut,
    CalendarDayQuery,
    DayOut,
    DueIn,
    DueOut,
    RangeQuery,
    WorkingDaysOut,
)

router = Router(tags=["calendar"])
SCOPE = "calendar:read"


@router.get("/working-days", response=WorkingDaysOut, operation_id="list_working_days")
def list_working_days(request: HttpRequest, query: Query[RangeQuery]) -> WorkingDaysOut:
    """Every date of [start, end] (at most two years) with its kind and official reason."""
    require_scope(request, SCOPE)
    days = selectors.working_days_in_range(user=request.user, start=query.start, end=query.end)
    return WorkingDaysOut(
        start=query.start,
        end=query.end,
        working_day_count=sum(1 for d in days if d.is_working_day),
        days=[
            DayOut(
                date=d.date,
                is_working_day=d.is_working_day,
                kind=d.kind,  # type: ignore[arg-type]  # one of the four literal kinds
                reason=d.reason,
                legal_ref=d.legal_ref,
            )
            for d in days
        ],
    )


@router.get("/days", response=list[CalendarDayOut], operation_id="list_calendar_days")
def list_calendar_days(
    request: HttpRequest, query: Query[CalendarDayQuery]
) -> list[CalendarDayOut]:
    """The official calendar rows of a year (confirmed only unless `status` says otherwise)."""
    require_scope(request, SCOPE)
    filters: dict[str, object] = {"year": query.year}
    if query.status != "all":
        filters["status"] = query.status
    rows = selectors.calendar_day_list(user=request.user, filters=filters)
    return [CalendarDayOut.model_validate(r, from_attributes=True) for r in rows]


@router.post("/due", response=DueOut, operation_id="compute_due")
def compute_due(request: HttpRequest, payload: DueIn) -> DueOut:
    """The due moment of a time limit from a receipt moment, with optional pauses."""
    require_scope(request, SCOPE)
    result = selectors.due_compute(
        user=request.user,
        start=payload.start,
        amount=payload.amount,
        unit=payload.unit,
        policy=payload.policy,
        pauses=[(p.start, p.end) for p in payload.pauses],
    )
    return DueOut(
        due=result.due,
        due_date=result.due.date(),
        start_effective=result.start_effective,
        amount=result.amount,
        unit=result.unit.value,
        policy=result.policy.value,
        working_days_used=result.working_days_used,
        default_only_years=list(result.default_only_years),
    )
