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

from django.db import models
from django.db.models import Case, CharField, F, Q, Value, When
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


# Warning threshold of "at risk" (spec §1.6: d − t ≤ N days and progress below expected).
AT_RISK_DAYS = 30


@dataclass(frozen=True)
class RiskInput:
    as_of: dt.date
    start: dt.date | None
    deadline: dt.date | None
    completed_on: dt.date | None
    progress_percent: int


def expected_percent(*, as_of: dt.date, start: dt.date | None, deadline: dt.date | None) -> int:
    """Linear expected progress between start and deadline on `as_of` (0..100)."""
    if deadline is None or start is None or deadline <= start:
        return 100 if deadline is not None and as_of >= deadline else 0
    span = (deadline - start).days
    done = min(max((as_of - start).days, 0), span)
    return round(100 * done / span)


def is_at_risk(task: RiskInput, *, days: int = AT_RISK_DAYS) -> bool:
    """A warning, not a status: open, deadline within `days`, progress below the straight line."""
    if task.completed_on is not None and task.completed_on <= task.as_of:
        return False
    if task.deadline is None or task.as_of > task.deadline:
        return False
    if (task.deadline - task.as_of).days > days:
        return False
    expected = expected_percent(as_of=task.as_of, start=task.start, deadline=task.deadline)
    return task.progress_percent < expected
