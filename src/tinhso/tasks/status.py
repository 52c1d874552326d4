"""Task status on a date (spec §1.6): one rule, written twice — in Python and in SQL.

The rule, for an as-of date `t`, the ORIGINAL deadline `d` (extensions never change it;
statistics always use it), start date `s` and completion date `c`:

| order | condition                              | status          |
| ----- | -------------------------------------- | --------------- |
| 1     | `c` set, `c ≤ t`, no `d` or `c ≤ d`    | DONE_ON_TIME    |
| 2     | `c` set, `c ≤ t`, `c > d`              | DONE_LATE       |
| 3     | not done by `t`, `d` set and `t > d`   | OVERDUE         |
| 4     | not done by `t`, `s` set and `s ≤ t`   | IN_PROGRESS     |
| 5     | otherwise                              | NOT_STARTED     |

A completion dated after `t` is unknown on `t` (the task was still open then). A task
without a deadline is never overdue. The task page may also show the status against the
extended (`current_deadline`) deadline; counts and filters never do.

`status_on` (Python) and `status_expression` (an ORM `Case`) must agree; a test compares
them over a generated table of boundary dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import BooleanField, Case, CharField, F, Func, IntegerField, Q, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils.translation import pgettext_lazy


class TaskStatus(models.TextChoices):
    """The five status codes of spec §1.6 (API values) with their labels."""

    DONE_ON_TIME = "DONE_ON_TIME", pgettext_lazy("task status", "completed on time")
    DONE_LATE = "DONE_LATE", pgettext_lazy("task status", "completed late")
    IN_PROGRESS = "IN_PROGRESS", pgettext_lazy("task status", "in progress within deadline")
    NOT_STARTED = "NOT_STARTED", pgettext_lazy("task status", "not started")
    OVERDUE = "OVERDUE", pgettext_lazy("task status", "overdue")


def status_label(code: str) -> str:
    """The (translated) label of a status code."""
    return str(TaskStatus(code).label)


# CSS modifier of the status badge (see the tasks block of tinhso.css).
STATUS_CSS: dict[str, str] = {
    TaskStatus.DONE_ON_TIME: "ok",
    TaskStatus.DONE_LATE: "warn",
    TaskStatus.IN_PROGRESS: "info",
    TaskStatus.NOT_STARTED: "",
    TaskStatus.OVERDUE: "bad",
}


def status_on(
    *,
    as_of: dt.date,
    deadline: dt.date | None,
    started_on: dt.date | None,
    completed_on: dt.date | None,
) -> str:
    """The status code of a task on `as_of` (rule in the module docstring)."""
    if completed_on is not None and completed_on <= as_of:
        if deadline is None or completed_on <= deadline:
            return TaskStatus.DONE_ON_TIME
        return TaskStatus.DONE_LATE
    if deadline is not None and as_of > deadline:
        return TaskStatus.OVERDUE
    if started_on is not None and started_on <= as_of:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED


def status_expression(as_of: dt.date, *, deadline_field: str = "deadline") -> Case:
    """The same rule as an SQL `CASE`, for annotations, filters and grouped counts."""
    done = Q(completed_on__isnull=False, completed_on__lte=as_of)
    on_time = Q(**{f"{deadline_field}__isnull": True}) | Q(completed_on__lte=F(deadline_field))
    return Case(
        When(done & on_time, then=Value(TaskStatus.DONE_ON_TIME.value)),
        When(done, then=Value(TaskStatus.DONE_LATE.value)),
        When(
            Q(**{f"{deadline_field}__isnull": False, f"{deadline_field}__lt": as_of}),
            then=Value(TaskStatus.OVERDUE.value),
        ),
        When(
            Q(started_on__isnull=False, started_on__lte=as_of),
            then=Value(TaskStatus.IN_PROGRESS.value),
        ),
        default=Value(TaskStatus.NOT_STARTED.value),
        output_field=CharField(max_length=12),
    )


def status_q(code: str, as_of: dt.date) -> Q:
    """A plain `Q` selecting the rows whose status on `as_of` is `code` (index friendly)."""
    done = Q(completed_on__isnull=False, completed_on__lte=as_of)
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    if code == TaskStatus.DONE_ON_TIME:
        return done & (Q(deadline__isnull=True) | Q(completed_on__lte=F("deadline")))
    if code == TaskStatus.DONE_LATE:
        return done & Q(deadline__isnull=False, completed_on__gt=F("deadline"))
    if code == TaskStatus.OVERDUE:
        return open_ & Q(deadline__isnull=False, deadline__lt=as_of)
    not_overdue = Q(deadline__isnull=True) | Q(deadline__gte=as_of)
    started = Q(started_on__isnull=False, started_on__lte=as_of)
    if code == TaskStatus.IN_PROGRESS:
        return open_ & not_overdue & started
    if code == TaskStatus.NOT_STARTED:
        return open_ & not_overdue & ~started
    raise ValueError(code)


# Warning threshold of "at risk" (spec §1.6: d − t ≤ N days and progress below expected);
# a deployment may override it with the setting `TASKS_AT_RISK_DAYS`.
AT_RISK_DAYS = 30


def at_risk_days() -> int:
    """N of the "at risk" rule: `settings.TASKS_AT_RISK_DAYS`, else `AT_RISK_DAYS`."""
    return int(getattr(settings, "TASKS_AT_RISK_DAYS", AT_RISK_DAYS))


@dataclass(frozen=True)
class RiskInput:
    as_of: dt.date
    start: dt.date | None
    deadline: dt.date | None
    completed_on: dt.date | None
    progress_percent: int


def expected_percent(*, as_of: dt.date, start: dt.date | None, deadline: dt.date | None) -> int:
    """Linear expected progress between start and deadline on `as_of` (0..100), rounded UP.

    Rounding up keeps the comparison exact: for a whole percent `p`, `p < ceil(x)` exactly
    when `p < x`, so the page never shows "expected 49 %" beside "49 %, at risk".
    """
    if deadline is None or start is None or deadline <= start:
        return 100 if deadline is not None and as_of >= deadline else 0
    span = (deadline - start).days
    done = min(max((as_of - start).days, 0), span)
    return -(-100 * done // span)


def is_at_risk(task: RiskInput, *, days: int | None = None) -> bool:
    """A warning, not a status: open, deadline within `days`, progress below the straight line.

    | condition (as-of `t`, deadline `d`, start `s`, progress `p`)         | at risk |
    | ------------------------------------------------------------------- | ------- |
    | completed on or before `t`                                          | no      |
    | no `d`, or `t > d` (already OVERDUE: the status says it)            | no      |
    | `d − t > N`                                                         | no      |
    | no `s` or `s ≥ d`: expected is 100 on `d`, 0 before                 | `p < expected` |
    | otherwise: `p < 100 · (t − s) / (d − s)` (0 before `s`)             | `p < expected` |
    """
    limit = at_risk_days() if days is None else days
    if task.completed_on is not None and task.completed_on <= task.as_of:
        return False
    if task.deadline is None or task.as_of > task.deadline:
        return False
    if (task.deadline - task.as_of).days > limit:
        return False
    expected = expected_percent(as_of=task.as_of, start=task.start, deadline=task.deadline)
    return task.progress_percent < expected


def risk_input(task: Any, as_of: dt.date) -> RiskInput:
    """The rule's input from a task row: start is the planned start, else the assignment
    date; the deadline is the ORIGINAL one (as for the status)."""
    return RiskInput(
        as_of=as_of,
        start=task.start_date or task.assigned_on,
        deadline=task.deadline,
        completed_on=task.completed_on,
        progress_percent=task.progress_percent,
    )


def task_at_risk(task: Any, as_of: dt.date) -> bool:
    """`is_at_risk` of a task row on `as_of`."""
    return is_at_risk(risk_input(task, as_of))


_EPOCH = dt.date(1970, 1, 1)


class DayNumber(Func):
    """A date column as whole days since 1970-01-01 (portable date arithmetic in SQL).

    PostgreSQL (the default template): `date - date` is an integer; SQLite: Julian days.
    """

    template = "(%(expressions)s - DATE '1970-01-01')"
    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - julianday('1970-01-01') AS INTEGER)",
            **extra_context,
        )

    def as_mysql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, Any]:
        return self.as_sql(
            compiler,
            connection,
            template="(TO_DAYS(%(expressions)s) - TO_DAYS('1970-01-01'))",
            **extra_context,
        )


def at_risk_q(as_of: dt.date, *, days: int | None = None) -> Q:
    """The rows `is_at_risk` (with `risk_input`) flags on `as_of`, as a plain `Q` (SQL).

    Integer arithmetic only: `p · (d − s) < 100 · (t − s)` replaces the division, with
    dates as day numbers (`DayNumber`), so SQL and Python agree to the day and the percent.
    """
    limit = at_risk_days() if days is None else days
    open_ = Q(completed_on__isnull=True) | Q(completed_on__gt=as_of)
    window = Q(
        deadline__isnull=False, deadline__gte=as_of, deadline__lte=as_of + dt.timedelta(limit)
    )
    start = Coalesce(F("start_date"), F("assigned_on"))
    no_line = (
        Q(start_date__isnull=True, assigned_on__isnull=True)
        | Q(start_date__isnull=False, start_date__gte=F("deadline"))
        | Q(start_date__isnull=True, assigned_on__isnull=False, assigned_on__gte=F("deadline"))
    )
    elapsed = Value((as_of - _EPOCH).days) - DayNumber(start)
    span = DayNumber(F("deadline")) - DayNumber(start)
    behind_line: Any = LessThan(F("progress_percent") * span, Value(100) * elapsed)
    line = ~no_line & Q(behind_line)
    on_deadline = no_line & Q(deadline=as_of, progress_percent__lt=100)
    return open_ & window & (on_deadline | line)


def at_risk_expression(as_of: dt.date, *, days: int | None = None) -> Case:
    """`at_risk_q` as a boolean annotation."""
    return Case(
        When(at_risk_q(as_of, days=days), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
