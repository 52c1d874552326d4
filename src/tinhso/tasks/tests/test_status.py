"""The status rule at boundary dates, and the SQL rule agreeing with the Python rule."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.test import override_settings

from tinhso.tasks.models import Task
from tinhso.tasks.status import (
    AT_RISK_DAYS,
    RiskInput,
    TaskStatus,
    at_risk_days,
    at_risk_expression,
    at_risk_q,
    expected_percent,
    is_at_risk,
    status_expression,
    status_label,
    status_on,
    status_q,
    task_at_risk,
)
from tinhso.tasks.tests.factories import TaskFactory

D = dt.date(2025, 9, 30)
DAY = dt.timedelta(days=1)
S = TaskStatus

# (as_of, deadline, started_on, completed_on) -> status
CASES = [
    # completed on the deadline, seen on the deadline: on time
    (D, D, D - 10 * DAY, D, S.DONE_ON_TIME),
    # completed a day late, seen later: late
    (D + 5 * DAY, D, D - 10 * DAY, D + DAY, S.DONE_LATE),
    # completed a day late but seen on the deadline: not done yet, t = d -> in progress
    (D, D, D - 10 * DAY, D + DAY, S.IN_PROGRESS),
    # completed late, seen the day before completion: overdue
    (D + 2 * DAY, D, D - 10 * DAY, D + 3 * DAY, S.OVERDUE),
    # completed early: on time from the completion day on
    (D - 5 * DAY, D, None, D - 5 * DAY, S.DONE_ON_TIME),
    (D + 100 * DAY, D, None, D - 5 * DAY, S.DONE_ON_TIME),
    # t = d, not done, started: in progress (the deadline day is still within)
    (D, D, D - DAY, None, S.IN_PROGRESS),
    # t = d, not started
    (D, D, None, None, S.NOT_STARTED),
    # t = d + 1: overdue whether started or not
    (D + DAY, D, D - DAY, None, S.OVERDUE),
    (D + DAY, D, None, None, S.OVERDUE),
    # started on t: in progress; started after t: not started
    (D - 5 * DAY, D, D - 5 * DAY, None, S.IN_PROGRESS),
    (D - 5 * DAY, D, D - 4 * DAY, None, S.NOT_STARTED),
    # no deadline: never overdue; done counts as on time
    (D + 900 * DAY, None, None, None, S.NOT_STARTED),
    (D + 900 * DAY, None, D, None, S.IN_PROGRESS),
    (D + 900 * DAY, None, D, D + 800 * DAY, S.DONE_ON_TIME),
]


@pytest.mark.parametrize(("as_of", "deadline", "started", "completed", "expected"), CASES)
def test_status_on_boundaries(as_of, deadline, started, completed, expected):
    assert (
        status_on(as_of=as_of, deadline=deadline, started_on=started, completed_on=completed)
        == expected
    )


def test_labels_are_translated_codes():
    assert [c for c, _ in TaskStatus.choices] == [
        "DONE_ON_TIME",
        "DONE_LATE",
        "IN_PROGRESS",
        "NOT_STARTED",
        "OVERDUE",
    ]
    assert status_label("OVERDUE") == "Quá hạn chưa hoàn thành"
    assert status_label("DONE_ON_TIME") == "Hoàn thành đúng hạn"


@pytest.mark.django_db
def test_sql_rule_agrees_with_python_rule_over_generated_table():
    """Every combination of boundary dates: the CASE annotation, the Q filters and
    `status_on` give the same status for every row and every as-of date."""
    deadlines = [None, D]
    starts = [None, D - 3 * DAY, D, D + DAY]
    completions = [None, D - DAY, D, D + DAY, D + 10 * DAY]
    as_ofs = [D - 3 * DAY, D - DAY, D, D + DAY, D + 10 * DAY]
    rows = []
    plan_task = TaskFactory(deadline=D)
    for deadline, started, completed in itertools.product(deadlines, starts, completions):
        rows.append(
            TaskFactory(
                plan=plan_task.plan,
                lead_unit=plan_task.lead_unit,
                deadline=deadline,
                started_on=started,
                completed_on=completed,
            )
        )
    checked = 0
    for as_of in as_ofs:
        annotated = dict(
            Task.objects.filter(pk__in=[r.pk for r in rows])
            .annotate(s=status_expression(as_of))
            .values_list("pk", "s")
        )
        by_q = {
            code: set(
                Task.objects.filter(pk__in=[r.pk for r in rows])
                .filter(status_q(code, as_of))
                .values_list("pk", flat=True)
            )
            for code in TaskStatus.values
        }
        for row in rows:
            expected = status_on(
                as_of=as_of,
                deadline=row.deadline,
                started_on=row.started_on,
                completed_on=row.completed_on,
            )
            assert annotated[row.pk] == expected, (as_of, row.deadline, row.started_on)
            assert {c for c, pks in by_q.items() if row.pk in pks} == {expected}
            checked += 1
    assert checked == len(rows) * len(as_ofs) == 200


def test_status_q_rejects_unknown_code():
    with pytest.raises(ValueError):
        status_q("DONE", D)


def test_extension_keeps_original_deadline_for_statistics():
    # Extended to D + 60, completed D + 30: late for statistics, on time vs the new date.
    common = {"as_of": D + 40 * DAY, "started_on": D - DAY, "completed_on": D + 30 * DAY}
    assert status_on(deadline=D, **common) == S.DONE_LATE
    assert status_on(deadline=D + 60 * DAY, **common) == S.DONE_ON_TIME


def test_at_risk_warning():
    start = D - 100 * DAY
    behind = RiskInput(
        as_of=D - 10 * DAY, start=start, deadline=D, completed_on=None, progress_percent=50
    )
    assert expected_percent(as_of=behind.as_of, start=start, deadline=D) == 90
    assert is_at_risk(behind)
    assert not is_at_risk(RiskInput(D - 10 * DAY, start, D, None, 95))
    assert not is_at_risk(RiskInput(D - 40 * DAY, start, D, None, 0))  # too far away
    assert not is_at_risk(RiskInput(D + DAY, start, D, None, 0))  # overdue, not at risk
    assert not is_at_risk(RiskInput(D - DAY, start, D, D - 2 * DAY, 0))  # done
    assert not is_at_risk(RiskInput(D - DAY, start, None, None, 0))  # no deadline
    assert expected_percent(as_of=D, start=None, deadline=D) == 100
    assert expected_percent(as_of=D - DAY, start=None, deadline=D) == 0


def test_expected_percent_rounds_up_so_the_comparison_is_exact():
    start = D - 7 * DAY
    # 6/7 of the way: 85.71 % expected -> 86 shown; 85 % is behind, 86 % is not.
    assert expected_percent(as_of=D - DAY, start=start, deadline=D) == 86
    assert is_at_risk(RiskInput(D - DAY, start, D, None, 85))
    assert not is_at_risk(RiskInput(D - DAY, start, D, None, 86))
    # before the start nothing is expected yet
    assert expected_percent(as_of=start - DAY, start=start, deadline=D) == 0


def test_at_risk_days_setting_overrides_default():
    assert at_risk_days() == AT_RISK_DAYS == 30
    far = RiskInput(D - 45 * DAY, D - 100 * DAY, D, None, 0)
    assert not is_at_risk(far)
    with override_settings(TASKS_AT_RISK_DAYS=60):
        assert at_risk_days() == 60
        assert is_at_risk(far)
    assert is_at_risk(far, days=45) and not is_at_risk(far, days=44)


# (start_date, assigned_on): the line starts at the planned start, else the assignment.
RISK_STARTS = [
    (None, None),
    (None, D - 100 * DAY),
    (D - 100 * DAY, None),
    (D - 100 * DAY, D - 7 * DAY),
    (D - 7 * DAY, None),
    (D, None),
    (None, D),
    (None, D + 5 * DAY),
]
RISK_PROGRESS = [0, 69, 70, 71, 85, 86, 99, 100]
RISK_COMPLETIONS = [None, D - 31 * DAY, D, D + DAY]
RISK_AS_OFS = [D - 60 * DAY, D - 31 * DAY, D - 30 * DAY, D - 29 * DAY, D - DAY, D, D + DAY]


@pytest.mark.django_db
@pytest.mark.parametrize("days", [None, 0, 45])
def test_at_risk_sql_agrees_with_python_over_generated_table(days):
    """Boundary dates and percents (start D-100: 70 % expected at D-30, 71 % at D-29;
    start D-7: 85.7 % at D-1): the `Q` filter, the annotation and `is_at_risk` agree."""
    first = TaskFactory(deadline=None)
    rows = [first]
    for (start, assigned), percent, completed in itertools.product(
        RISK_STARTS, RISK_PROGRESS, RISK_COMPLETIONS
    ):
        rows.append(
            TaskFactory(
                plan=first.plan,
                lead_unit=first.lead_unit,
                start_date=start,
                assigned_on=assigned,
                progress_percent=percent,
                completed_on=completed,
            )
        )
    rows.append(TaskFactory(plan=first.plan, lead_unit=first.lead_unit, deadline=None))
    ids = [r.pk for r in rows]
    flagged = 0
    for as_of in RISK_AS_OFS:
        by_q = set(
            Task.objects.filter(pk__in=ids)
            .filter(at_risk_q(as_of, days=days))
            .values_list("pk", flat=True)
        )
        annotated = dict(
            Task.objects.filter(pk__in=ids)
            .annotate(r=at_risk_expression(as_of, days=days))
            .values_list("pk", "r")
        )
        for row in rows:
            risk_in = RiskInput(
                as_of,
                row.start_date or row.assigned_on,
                row.deadline,
                row.completed_on,
                row.progress_percent,
            )
            expected = is_at_risk(risk_in, days=days)
            context = (
                as_of,
                row.start_date,
                row.assigned_on,
                row.progress_percent,
                row.completed_on,
            )
            assert (row.pk in by_q) is expected, context
            assert bool(annotated[row.pk]) is expected, context
            if days is None:
                assert task_at_risk(row, as_of) is expected
            flagged += expected
    assert flagged > 20  # the table really exercises both outcomes


@pytest.mark.django_db
def test_at_risk_sql_follows_the_setting():
    task = TaskFactory(start_date=D - 100 * DAY, progress_percent=0)
    as_of = D - 45 * DAY
    assert not Task.objects.filter(pk=task.pk).filter(at_risk_q(as_of)).exists()
    with override_settings(TASKS_AT_RISK_DAYS=60):
        assert Task.objects.filter(pk=task.pk).filter(at_risk_q(as_of)).exists()
