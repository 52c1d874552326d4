"""Milestone status and the "lagging" rule of projects, on an as-of date.

**Milestone status** uses the task vocabulary (`tasks.status`, spec §1.6) with the planned
date as the deadline and the actual date as the completion date. A milestone has no start,
so the task rule's NOT_STARTED reads UPCOMING here (IN_PROGRESS never occurs):

| order | condition (as-of `t`, planned `p`, actual `a`) | status        |
| ----- | ---------------------------------------------- | ------------- |
| 1     | `a` set, `a ≤ t`, no `p` or `a ≤ p`             | DONE_ON_TIME  |
| 2     | `a` set, `a ≤ t`, `a > p`                       | DONE_LATE     |
| 3     | not done by `t`, `p` set and `t > p`            | OVERDUE       |
| 4     | otherwise (not yet due, or no planned date)     | UPCOMING      |

An actual date after `t` is unknown on `t`. `milestone_status_on` (Python) and
`milestone_status_q` (SQL) agree; a test compares them.

**Lagging** (a warning on the project list): on `t`, the physical progress `p` reported on
or before `t` is below the planned straight line from 0 % on the planned start `s` to 100 %
on the planned end `e`:

| condition                                  | lagging            |
| ------------------------------------------ | ------------------ |
| no `s` or no `e`, or `e ≤ s`               | no (no line)       |
| `t ≤ s` (not started as planned yet)       | no                 |
| `s < t < e`                                | `p < 100·(t−s)/(e−s)` |
| `t ≥ e`                                    | `p < 100`          |

`expected_percent` rounds the line UP, so "`p` < expected" is the same test as the exact
fraction (see `tasks.status.expected_percent`). `lagging_q` is the same rule in SQL with
integer arithmetic only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.db.models import F, Q, Value
from django.db.models.lookups import LessThan
from django.utils.translation import pgettext_lazy

from tinhso.tasks.status import DayNumber, TaskStatus, status_on

_EPOCH = dt.date(1970, 1, 1)


class MilestoneStatus(models.TextChoices):
    """Milestone status codes: the task codes, plus UPCOMING for "not yet due"."""

    DONE_ON_TIME = TaskStatus.DONE_ON_TIME.value, TaskStatus.DONE_ON_TIME.label
    DONE_LATE = TaskStatus.DONE_LATE.value, TaskStatus.DONE_LATE.label
    OVERDUE = TaskStatus.OVERDUE.value, TaskStatus.OVERDUE.label
    UPCOMING = "UPCOMING", pgettext_lazy("milestone status", "upcoming")


# CSS modifier of the status badge (the tasks block of tinhso.css defines them).
MILESTONE_CSS: dict[str, str] = {
    MilestoneStatus.DONE_ON_TIME: "ok",
    MilestoneStatus.DONE_LATE: "warn",
    MilestoneStatus.OVERDUE: "bad",
    MilestoneStatus.UPCOMING: "",
}


def milestone_status_on(
    *, as_of: dt.date, planned_on: dt.date | None, actual_on: dt.date | None
) -> str:
    """The status code of a milestone on `as_of` (rule in the module docstring): the task
    rule with no start date, NOT_STARTED renamed UPCOMING."""
    code = status_on(as_of=as_of, deadline=planned_on, started_on=None, completed_on=actual_on)
    if code == TaskStatus.NOT_STARTED:
        return MilestoneStatus.UPCOMING.value
    return str(code)


def milestone_status_label(code: str) -> str:
    """The translated label of a milestone status code."""
    return str(MilestoneStatus(code).label)


def milestone_status_q(code: str, as_of: dt.date) -> Q:
    """The milestones whose status on `as_of` is `code`, as a plain `Q`."""
    done = Q(actual_on__isnull=False, actual_on__lte=as_of)
    open_ = Q(actual_on__isnull=True) | Q(actual_on__gt=as_of)
    if code == MilestoneStatus.DONE_ON_TIME:
        return done & (Q(planned_on__isnull=True) | Q(actual_on__lte=F("planned_on")))
    if code == MilestoneStatus.DONE_LATE:
        return done & Q(planned_on__isnull=False, actual_on__gt=F("planned_on"))
    if code == MilestoneStatus.OVERDUE:
        return open_ & Q(planned_on__isnull=False, planned_on__lt=as_of)
    if code == MilestoneStatus.UPCOMING:
        return open_ & (Q(planned_on__isnull=True) | Q(planned_on__gte=as_of))
    raise ValueError(code)


def expected_percent(*, as_of: dt.date, start: dt.date | None, end: dt.date | None) -> int | None:
    """The planned straight line on `as_of` (0..100, rounded up); None without a line."""
    if start is None or end is None or end <= start:
        return None
    span = (end - start).days
    elapsed = min(max((as_of - start).days, 0), span)
    return -(-100 * elapsed // span)


def is_lagging(
    *, as_of: dt.date, start: dt.date | None, end: dt.date | None, physical_percent: int
) -> bool:
    """True when the physical progress is below the planned straight line on `as_of`."""
    expected = expected_percent(as_of=as_of, start=start, end=end)
    if expected is None or start is None or as_of <= start:
        return False
    return physical_percent < expected


def lagging_q(as_of: dt.date, *, physical: Any = None) -> Q:
    """`is_lagging` in SQL: `physical` is the progress expression on `as_of` (default the
    annotation `physical_on`). Integer arithmetic: `p·(e − s) < 100·(t − s)`."""
    p = physical if physical is not None else F("physical_on")
    has_line = Q(
        planned_start__isnull=False,
        planned_end__isnull=False,
        planned_end__gt=F("planned_start"),
        planned_start__lt=as_of,
    )
    after_end = Q(planned_end__lte=as_of) & Q(LessThan(p, Value(100)))
    elapsed = Value((as_of - _EPOCH).days) - DayNumber(F("planned_start"))
    span = DayNumber(F("planned_end")) - DayNumber(F("planned_start"))
    line: Any = LessThan(p * span, Value(100) * elapsed)
    within = Q(planned_end__gt=as_of) & Q(line)
    return has_line & (after_end | within)
