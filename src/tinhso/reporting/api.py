"""API routes of periodic reporting (mounted at /api/v1/reports in tinhso/api.py).

Reads need VIEW on the report (its unit and the units above it, or the reviewing agency);
edits need EDIT on the reporting unit; workflow steps follow `workflow.TRANSITIONS`. A
caller without the right gets 404, as if the report did not exist. Tokens need the
`reports:read` / `reports:write` scopes.
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.pagination import paginate

from tinhso.core.export import XLSX_CONTENT_TYPE
from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope

from . import selectors, services
from .exports import export_filename, report_export_xlsx
from .models import Report
from .schemas import (
    ExportFormatIn,
    ReportDetailOut,
    ReportFilterIn,
    ReportListItemOut,
    ReportUpdateIn,
    ScheduleOut,
    TimelinessFilterIn,
    TimelinessOut,
    TransitionIn,
)
from .workflow import allowed_steps

router = Router(tags=["reports"])

READ_SCOPE = "reports:read"
WRITE_SCOPE = "reports:write"


def _unit(unit: Any) -> dict[str, Any]:
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _list_item(report: Report) -> dict[str, Any]:
    ob = report.obligation
    return {
        "id": report.pk,
        "unit": _unit(ob.unit),
        "schedule": ob.round.schedule.code,
        "round_id": ob.round_id,
        "round_title": ob.round.title,
        "period": ob.round.period.code,
        "due_on": ob.due_on,
        "state": report.state,
        "revision": report.revision,
        "submitted_at": report.submitted_at,
        "accepted_at": report.accepted_at,
        "version": report.version,
    }


def _detail(report: Report, user: Any) -> dict[str, Any]:
    ob = report.obligation
    period = ob.round.period
    data = _list_item(report)
    data.update(
        reviewer_unit=_unit(ob.round.schedule.reviewer_unit),
        cutoff_on=ob.round.cutoff_on,
        period_start=period.start,
        period_end=period.end,
        results=report.results,
        difficulties=report.difficulties,
        next_tasks=report.next_tasks,
        return_reason=report.return_reason,
        locked=report.is_locked,
        allowed_actions=[str(step.action) for step in allowed_steps(user, report)],
        values=[
            {
                "indicator": v.indicator.code,
                "name": v.indicator.name,
                "kind": v.indicator.kind,
                "unit_of_measure": v.indicator.unit_of_measure,
                "breakdown": v.breakdown,
                "value": None if v.value is None else str(v.value),
                "numerator": None if v.numerator is None else str(v.numerator),
                "denominator": None if v.denominator is None else str(v.denominator),
                "status": v.status,
                "as_of": v.as_of,
                "source": v.source,
            }
            for v in selectors.report_values(report=report)
        ],
        events=[
            {
                "action": e.action,
                "from_state": e.from_state,
                "to_state": e.to_state,
                "revision": e.revision,
                "note": e.note,
                "actor": str(e.actor) if e.actor else None,
                "at": e.at,
                "has_snapshot": e.snapshot is not None,
            }
            for e in selectors.report_events(report=report)
        ],
    )
    return data


class _Mapped:
    """A queryset the paginator slices (one query per page) and maps to list items."""

    def __init__(self, qs: Any) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return int(self.qs.count())

    def __getitem__(self, index: slice) -> list[dict[str, Any]]:
        return [_list_item(r) for r in self.qs[index]]


@router.get("", response=list[ReportListItemOut], operation_id="list_reports")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_reports(request: HttpRequest, filters: Query[ReportFilterIn]) -> Any:
    """Reports the caller may view; `awaiting_review=true` gives their agency's inbox."""
    require_scope(request, READ_SCOPE)
    data = filters.model_dump(exclude={"awaiting_review"})
    if filters.awaiting_review:
        rows = selectors.report_inbox(user=request.user, filters=data)
    else:
        rows = selectors.report_list(user=request.user, filters=data)
    return _Mapped(rows)


@router.get("/schedules", response=list[ScheduleOut], operation_id="list_report_schedules")
def list_report_schedules(request: HttpRequest) -> Any:
    """The reporting regimes (cadence, cut-off, deadline rule, reviewing agency)."""
    require_scope(request, READ_SCOPE)
    return [
        {
            "id": s.pk,
            "code": s.code,
            "name": s.name,
            "cadence": s.cadence,
            "cutoff_day": s.cutoff_day,
            "due_days_after_end": s.due_days_after_end,
            "reviewer_unit": _unit(s.reviewer_unit),
            "is_active": s.is_active,
        }
        for s in selectors.schedule_list(user=request.user)
    ]


@router.get("/timeliness", response=TimelinessOut, operation_id="get_report_timeliness")
def get_report_timeliness(request: HttpRequest, filters: Query[TimelinessFilterIn]) -> Any:
    """Expected, received, on time, late, missing and not yet due, per unit and round."""
    require_scope(request, READ_SCOPE)
    data = filters.model_dump(exclude={"as_of"})
    result = selectors.timeliness(user=request.user, filters=data, as_of=filters.as_of)
    return {
        "as_of": result.as_of,
        "totals": _totals(result.totals),
        "rounds": [
            {
                "round_id": r.round_id,
                "title": r.title,
                "due_on": r.due_on,
                "totals": _totals(r.totals),
            }
            for r in result.rounds
        ],
        "rows": [row.__dict__ for row in result.rows],
    }


def _totals(t: Any) -> dict[str, Any]:
    return {
        "expected": t.expected,
        "received": t.received,
        "on_time": t.on_time,
        "late": t.late,
        "missing": t.missing,
        "not_yet_due": t.not_yet_due,
        "received_rate": t.received_rate,
        "on_time_rate": t.on_time_rate,
    }


@router.get("/{report_id}", response=ReportDetailOut, operation_id="get_report")
def get_report(request: HttpRequest, report_id: int) -> Any:
    """One report: narrative, the unit's values for the period, history, allowed actions."""
    require_scope(request, READ_SCOPE)
    return _detail(selectors.report_get(user=request.user, pk=report_id), request.user)


@router.patch("/{report_id}", response=ReportDetailOut, operation_id="update_report")
def update_report(request: HttpRequest, report_id: int, payload: ReportUpdateIn) -> Any:
    """Change narrative sections (EDIT on the unit; refused when locked; 409 on conflict)."""
    require_scope(request, WRITE_SCOPE)
    report = selectors.report_get(user=request.user, pk=report_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "prefill"})
    version = payload.version
    if data:
        report = services.report_update(
            actor=request.user, report=report, data=data, expected_version=version
        )
        version = report.version
    if payload.prefill:
        services.report_prefill_apply(
            actor=request.user,
            report=selectors.report_get(user=request.user, pk=report_id),
            expected_version=version,
        )
    return _detail(selectors.report_get(user=request.user, pk=report_id), request.user)


@router.post("/{report_id}/transitions", response=ReportDetailOut, operation_id="transition_report")
def transition_report(request: HttpRequest, report_id: int, payload: TransitionIn) -> Any:
    """Approve (unit leader), accept / return / reopen (standing agency; reason needed to
    return or reopen)."""
    require_scope(request, WRITE_SCOPE)
    report = selectors.report_get(user=request.user, pk=report_id)
    services.report_transition(
        actor=request.user,
        report=report,
        action=payload.action,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(selectors.report_get(user=request.user, pk=report_id), request.user)


@router.get("/{report_id}/export", operation_id="export_report")
def export_report(request: HttpRequest, report_id: int, fmt: Query[ExportFormatIn]) -> Any:
    """The accepted report as JSON shaped like the national KPI tree (or `?format=xlsx`);
    400 unless accepted."""
    require_scope(request, READ_SCOPE)
    report = selectors.report_get(user=request.user, pk=report_id)
    data = selectors.report_export_data(report=report)
    if fmt.format == "xlsx":
        response = HttpResponse(report_export_xlsx(data), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{export_filename(data, "xlsx")}"'
        return response
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'inline; filename="{export_filename(data, "json")}"'
    return response
