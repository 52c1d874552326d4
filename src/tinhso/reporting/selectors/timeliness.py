"""Read selectors for reporting timeliness: rows, totals and status choices."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext

from tinhso.accounts.access import Action
from tinhso.reporting.models import Report, ReportingObligation, ReportState

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
