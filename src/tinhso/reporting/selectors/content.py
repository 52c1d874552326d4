"""Read selectors for report content: values, prefill, task rows, snapshot and export."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action
from tinhso.core.exceptions import DomainError
from tinhso.indicators.models import IndicatorKind, IndicatorValue, Period
from tinhso.reporting.models import Report, ReportState
from tinhso.tasks.models import Task, TaskProgress
from tinhso.tasks.status import status_on

EXPORT_SCHEMA = "tinhso.nq57-report/1"


# --------------------------------------------------------------------------- content


def report_values(*, report: Report) -> list[IndicatorValue]:
    """The indicator values of the report's unit for the round's period and the shorter
    periods inside it (a quarterly report carries the quarter's monthly figures), read
    through the report: call only with a report obtained by `report_get`. When the schedule
    names its indicators, only those. Ordered strategic first, then by indicator code and
    period."""
    obligation = report.obligation
    period = obligation.round.period
    qs = IndicatorValue.objects.filter(
        unit_id=obligation.unit_id,
        period__start__gte=period.start,
        period__end__lte=period.end,
    ).select_related("indicator", "period")
    indicator_ids = list(obligation.round.schedule.indicators.values_list("pk", flat=True))
    if indicator_ids:
        qs = qs.filter(indicator_id__in=indicator_ids)
    kind_order: dict[str, int] = {IndicatorKind.STRATEGIC: 0, IndicatorKind.OPERATIONAL: 1}
    values = list(qs.order_by("indicator__code", "period__start", "breakdown", "pk"))
    values.sort(
        key=lambda v: (
            kind_order.get(v.indicator.kind, 2),
            v.indicator.code,
            v.period.start,
            v.breakdown,
        )
    )
    return values


def _period_progress(report: Report) -> list[TaskProgress]:
    obligation = report.obligation
    period = obligation.round.period
    return list(
        TaskProgress.objects.filter(
            task__lead_unit_id=obligation.unit_id,
            reported_on__gte=period.start,
            reported_on__lte=period.end,
        )
        .select_related("task")
        .order_by("task__code", "task_id", "reported_on", "pk")
    )


def _task_label(task: Task) -> str:
    return f"{task.code} {task.title}".strip()


def report_prefill(*, user: Any, report: Report) -> dict[str, str]:
    """Narrative sections proposed from the unit's task progress in the period.

    Rule: the progress updates of tasks LED by the reporting unit with `reported_on` within
    the round's period, in task order: `results` lists each update's narrative (with the
    percent), `difficulties` its difficulties and recommendations, `next_tasks` the unit's
    unfinished counted tasks by deadline. Action: VIEW on the report (checked again here).
    No side effects.
    """
    if not Report.objects.for_user(user, Action.VIEW).filter(pk=report.pk).exists():
        raise AccessDenied("No such object.")
    results: list[str] = []
    difficulties: list[str] = []
    for update in _period_progress(report):
        label = _task_label(update.task)
        pct = f" ({update.percent}%)" if update.percent is not None else ""
        results.append(f"- {label}{pct}: {update.narrative.strip()}")
        if update.difficulties.strip():
            difficulties.append(f"- {label}: {update.difficulties.strip()}")
        if update.recommendations.strip():
            difficulties.append(
                "- "
                + _("%(task)s – recommendation: %(text)s")
                % {"task": label, "text": update.recommendations.strip()}
            )
    period_end = report.obligation.round.period.end
    pending = (
        Task.objects.counted()
        .filter(lead_unit_id=report.obligation.unit_id)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=period_end))
        .order_by("deadline", "pk")[:30]
    )
    next_tasks = [
        "- "
        + (
            _("%(task)s (due %(date)s)")
            % {"task": _task_label(t), "date": f"{t.deadline:%d/%m/%Y}"}
            if t.deadline is not None
            else _task_label(t)
        )
        for t in pending
    ]
    return {
        "results": "\n".join(results),
        "difficulties": "\n".join(difficulties),
        "next_tasks": "\n".join(next_tasks),
    }


def report_task_rows(*, report: Report) -> list[dict[str, Any]]:
    """The unit's counted tasks (led by it, assigned by the period end, of the schedule's plan
    when it names one) with their status code as of the period end (the tasks app's rule,
    `tasks.status.status_on`, on the original deadline) and the percent of the latest
    progress update dated on or before the period end (100 once done)."""
    obligation = report.obligation
    end = obligation.round.period.end
    qs = (
        Task.objects.counted()
        .filter(lead_unit_id=obligation.unit_id)
        .filter(Q(assigned_on__isnull=True) | Q(assigned_on__lte=end))
    )
    plan_id = obligation.round.schedule.plan_id
    if plan_id is not None:
        qs = qs.filter(plan_id=plan_id)
    tasks = list(qs.order_by("code", "pk"))
    latest: dict[int, int] = {}
    for task_id, percent in (
        TaskProgress.objects.filter(
            task_id__in=[t.pk for t in tasks], reported_on__lte=end, percent__isnull=False
        )
        .order_by("task_id", "reported_on", "pk")
        .values_list("task_id", "percent")
    ):
        latest[task_id] = percent or 0
    rows = []
    for task in tasks:
        status = str(
            status_on(
                as_of=end,
                deadline=task.deadline,
                started_on=task.started_on,
                completed_on=task.completed_on,
            )
        )
        percent = latest.get(task.pk, 0)
        if status.startswith("DONE"):
            percent = 100
        rows.append({"code": task.code, "title": task.title, "status": status, "percent": percent})
    return rows


def _num(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _kpi(value: IndicatorValue) -> dict[str, Any]:
    indicator = value.indicator
    return {
        "code": indicator.code,
        "name": indicator.name,
        "kind": indicator.kind,
        "unit_of_measure": indicator.unit_of_measure,
        "breakdown": value.breakdown,
        "value": _num(value.value),
        "numerator": _num(value.numerator),
        "denominator": _num(value.denominator),
        "status": value.status,
        "as_of": value.as_of.isoformat(),
        "source": value.source,
    }


def _narrative(report: Report) -> dict[str, str]:
    return {
        "results": report.results,
        "difficulties": report.difficulties,
        "next_tasks": report.next_tasks,
    }


def report_snapshot(*, report: Report) -> dict[str, Any]:
    """JSON of the report's current revision (narrative + values), kept on reopening."""
    return {
        "revision": report.revision,
        "accepted_at": report.accepted_at.isoformat() if report.accepted_at else None,
        "narrative": _narrative(report),
        "values": [_kpi(v) for v in report_values(report=report)],
    }


def report_export_data(*, report: Report) -> dict[str, Any]:
    """The structured export of an ACCEPTED report, shaped like the national NQ57 system's
    KPI tree (schema `tinhso.nq57-report/1`): unit, period, revision, KPIs (strategic first),
    tasks with their status as of the period end, narrative.

    Call with a report obtained by `report_get` (VIEW). Errors: `DomainError` unless the
    report is accepted. No side effects.
    """
    if report.state != ReportState.ACCEPTED:
        raise DomainError(
            _("Only an accepted report can be exported for the national system."),
            code="not_accepted",
        )
    obligation = report.obligation
    period: Period = obligation.round.period
    return {
        "schema": EXPORT_SCHEMA,
        "unit": {"code": obligation.unit.code, "name": obligation.unit.name},
        "period": {
            "code": period.code,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        "revision": report.revision,
        "accepted_at": report.accepted_at.isoformat() if report.accepted_at else None,
        "kpis": [_kpi(v) for v in report_values(report=report)],
        "tasks": report_task_rows(report=report),
        "narrative": _narrative(report),
    }
