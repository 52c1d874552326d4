"""Read use-cases of periodic reporting: report lists, the report page, prefill, export and
the timeliness table.

Access: reports, obligations and events are unit-scoped (`for_user`): the reporting unit
(and units above it) and, for reading, the schedule's reviewing agency. A report's indicator
values and the unit's task progress are read THROUGH the report: whoever may view the report
may view what it consists of (the agency reviews them), so those reads are not scoped again.
Schedules and rounds are public to every signed-in user.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from tinhso.accounts.access import AccessDenied, Action, get_for_user_or_404, unit_ids_for
from tinhso.core.exceptions import DomainError
from tinhso.indicators.models import IndicatorKind, IndicatorValue, Period
from tinhso.tasks.models import Task, TaskProgress
from tinhso.tasks.status import status_on

from .models import (
    Report,
    ReportEvent,
    ReportingObligation,
    ReportingRound,
    ReportSchedule,
    ReportState,
)

EXPORT_SCHEMA = "tinhso.nq57-report/1"
_REPORT_RELATED = (
    "obligation__unit__level",
    "obligation__round__schedule__reviewer_unit",
    "obligation__round__period",
)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


# --------------------------------------------------------------------------- reference data


def schedule_list(*, user: Any) -> QuerySet[ReportSchedule]:
    """Reporting regimes (public to every signed-in user), by code. No Action, no effects."""
    qs = ReportSchedule.objects.select_related("reviewer_unit").order_by("code")
    return qs if _signed_in(user) else qs.none()


def round_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[ReportingRound]:
    """Reporting rounds (public), newest deadline first; filters `schedule` (code), `period`
    (code). No Action, no side effects."""
    qs = ReportingRound.objects.select_related("schedule", "period").order_by(
        "-due_on", "schedule__code", "pk"
    )
    if not _signed_in(user):
        return qs.none()
    filters = filters or {}
    if filters.get("schedule"):
        qs = qs.filter(schedule__code=filters["schedule"])
    if filters.get("period"):
        qs = qs.filter(period__code=filters["period"])
    return qs


# --------------------------------------------------------------------------- reports


def _filter_reports(qs: QuerySet[Report], filters: Mapping[str, Any]) -> QuerySet[Report]:
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    if filters.get("schedule"):
        qs = qs.filter(obligation__round__schedule__code=filters["schedule"])
    if filters.get("period"):
        qs = qs.filter(obligation__round__period__code=filters["period"])
    if filters.get("round"):
        qs = qs.filter(obligation__round_id=filters["round"])
    if filters.get("unit"):
        qs = qs.filter(obligation__unit__code=filters["unit"])
    return qs


def report_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Report]:
    """Reports `user` may view (own units and below, and those their agency reviews).

    Filters (optional): `state`, `schedule` (code), `period` (code), `round` (id), `unit`
    (code). Ordered by deadline (latest first), then unit. Action: VIEW. No side effects.
    """
    qs = Report.objects.for_user(user, Action.VIEW).select_related(*_REPORT_RELATED)
    qs = _filter_reports(qs, filters or {})
    return qs.order_by("-obligation__due_on", "obligation__unit__code", "pk")


def report_inbox(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Report]:
    """Reports approved by their unit and awaiting `user`'s standing agency (the schedule's
    reviewing unit among the units where `user` holds APPROVE), oldest submission first.
    Action: APPROVE on the reviewing unit. No side effects."""
    reviewer_ids = unit_ids_for(user, Action.APPROVE)
    qs = (
        Report.objects.for_user(user, Action.VIEW)
        .filter(
            state=ReportState.UNIT_APPROVED,
            obligation__round__schedule__reviewer_unit_id__in=reviewer_ids,
        )
        .select_related(*_REPORT_RELATED)
    )
    qs = _filter_reports(qs, {k: v for k, v in (filters or {}).items() if k != "state"})
    return qs.order_by("submitted_at", "obligation__unit__code", "pk")


def report_get(*, user: Any, pk: int) -> Report:
    """One report `user` may view, with unit, round, schedule and period loaded.
    Action: VIEW. Errors: `AccessDenied` (404) when missing or forbidden."""
    qs = Report.objects.select_related(*_REPORT_RELATED)
    return get_for_user_or_404(qs, user, Action.VIEW, pk=pk)


def report_events(*, report: Report) -> list[ReportEvent]:
    """The workflow history of a report the caller already obtained with `report_get`,
    oldest first, with actors loaded."""
    return list(
        ReportEvent.objects.filter(report=report).select_related("actor").order_by("at", "pk")
    )


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


# --------------------------------------------------------------------------- timeliness

ON_TIME, LATE, MISSING, NOT_YET_DUE = "on_time", "late", "missing", "not_yet_due"


@dataclass(frozen=True)
class TimelinessRow:
    """One unit's obligation in one round, with its timeliness as of a date."""

    obligation_id: int
    round_id: int
    round_title: str
    schedule_code: str
    period_code: str
    round_due_on: dt.date
    unit_code: str
    unit_name: str
    unit_level: str
    due_on: dt.date
    report_id: int | None
    state: str
    state_label: str
    submitted_on: dt.date | None
    status: str
    status_label: str

    @property
    def received(self) -> bool:
        return self.status in (ON_TIME, LATE)


@dataclass
class TimelinessTotals:
    """Counts of a round (or of all rows) and the two headline rates (percent, 1 decimal)."""

    expected: int = 0
    received: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_yet_due: int = 0

    def add(self, row: TimelinessRow) -> None:
        self.expected += 1
        self.received += int(row.received)
        setattr(self, row.status, getattr(self, row.status) + 1)

    @property
    def received_rate(self) -> float | None:
        return round(100 * self.received / self.expected, 1) if self.expected else None

    @property
    def on_time_rate(self) -> float | None:
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


@dataclass
class RoundTotals:
    round_id: int
    title: str
    due_on: dt.date
    totals: TimelinessTotals


@dataclass
class Timeliness:
    as_of: dt.date
    rows: list[TimelinessRow]
    totals: TimelinessTotals
    rounds: list[RoundTotals] = field(default_factory=list)


def timeliness_status(
    *, submitted_at: dt.datetime | None, due_on: dt.date, as_of: dt.date
) -> tuple[str, dt.date | None]:
    """(status, local submission date) of one obligation as of `as_of`.

    A report is received once its unit approved it (`submitted_at` set; a return clears it):
    on time when approved on or before the due date (local calendar day), late after it.
    Not received: missing once the due date has passed, else not yet due.
    """
    if submitted_at is not None:
        day = timezone.localtime(submitted_at).date()
        return (ON_TIME if day <= due_on else LATE), day
    return (MISSING if as_of > due_on else NOT_YET_DUE), None


def _status_labels() -> dict[str, str]:
    return {
        ON_TIME: pgettext("timeliness", "on time"),
        LATE: pgettext("timeliness", "late"),
        MISSING: pgettext("timeliness", "missing"),
        NOT_YET_DUE: pgettext("timeliness", "not yet due"),
    }


def timeliness_status_choices() -> list[tuple[str, str]]:
    """(code, label) of the four timeliness statuses, in display order."""
    return list(_status_labels().items())


def timeliness(
    *, user: Any, filters: Mapping[str, Any] | None = None, as_of: dt.date | None = None
) -> Timeliness:
    """Expected / received / on time / late / missing / not yet due per unit and round.

    Rows: the obligations `user` may view (own units and below; all units of the rounds its
    agency reviews). Filters (optional): `round` (id), `schedule` (code), `period` (code),
    `level` (unit level code), `unit` (code), `status`. `as_of` defaults to today. Totals
    and rates per round and overall. One query whatever the number of rows. Action: VIEW.
    """
    filters = filters or {}
    as_of = as_of or timezone.localdate()
    qs = ReportingObligation.objects.for_user(user, Action.VIEW).select_related(
        "round__schedule", "round__period", "unit__level", "report"
    )
    if filters.get("round"):
        qs = qs.filter(round_id=filters["round"])
    if filters.get("schedule"):
        qs = qs.filter(round__schedule__code=filters["schedule"])
    if filters.get("period"):
        qs = qs.filter(round__period__code=filters["period"])
    if filters.get("level"):
        qs = qs.filter(unit__level__code=filters["level"])
    if filters.get("unit"):
        qs = qs.filter(unit__code=filters["unit"])
    labels = _status_labels()
    state_labels = dict(ReportState.choices)
    rows: list[TimelinessRow] = []
    for ob in qs.order_by("-round__due_on", "round_id", "unit__code", "pk"):
        report: Report | None = getattr(ob, "report", None)
        status, submitted_on = timeliness_status(
            submitted_at=report.submitted_at if report else None, due_on=ob.due_on, as_of=as_of
        )
        rows.append(
            TimelinessRow(
                obligation_id=ob.pk,
                round_id=ob.round_id,
                round_title=ob.round.title,
                schedule_code=ob.round.schedule.code,
                period_code=ob.round.period.code,
                round_due_on=ob.round.due_on,
                unit_code=ob.unit.code,
                unit_name=ob.unit.name,
                unit_level=ob.unit.level.name,
                due_on=ob.due_on,
                report_id=report.pk if report else None,
                state=report.state if report else "",
                state_label=str(state_labels.get(report.state, "")) if report else "",
                submitted_on=submitted_on,
                status=status,
                status_label=labels[status],
            )
        )
    if filters.get("status"):
        rows = [r for r in rows if r.status == filters["status"]]
    totals = TimelinessTotals()
    per_round: dict[int, RoundTotals] = {}
    counts: dict[int, TimelinessTotals] = defaultdict(TimelinessTotals)
    for row in rows:
        totals.add(row)
        counts[row.round_id].add(row)
        if row.round_id not in per_round:
            per_round[row.round_id] = RoundTotals(
                row.round_id, row.round_title, row.round_due_on, counts[row.round_id]
            )
    return Timeliness(as_of=as_of, rows=rows, totals=totals, rounds=list(per_round.values()))
