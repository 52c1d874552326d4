"""Milestone status and the lagging rule: table-driven, Python and SQL agree."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tinhso.projects.models import Project, ProjectMilestone
from tinhso.projects.selectors import with_figures
from tinhso.projects.status import (
    MilestoneStatus,
    expected_percent,
    is_lagging,
    milestone_status_on,
    milestone_status_q,
)
from tinhso.projects.tests.factories import (
    ProjectFactory,
    ProjectMilestoneFactory,
    ProjectProgressFactory,
)

D = dt.date
T = D(2026, 6, 30)

MILESTONE_TABLE = [
    # planned, actual, status on T
    (D(2026, 6, 30), D(2026, 6, 30), MilestoneStatus.DONE_ON_TIME),
    (D(2026, 7, 31), D(2026, 6, 1), MilestoneStatus.DONE_ON_TIME),
    (None, D(2026, 1, 1), MilestoneStatus.DONE_ON_TIME),
    (D(2026, 6, 1), D(2026, 6, 2), MilestoneStatus.DONE_LATE),
    (D(2026, 6, 29), None, MilestoneStatus.OVERDUE),
    (D(2026, 6, 1), D(2026, 7, 1), MilestoneStatus.OVERDUE),  # done after T: unknown on T
    (D(2026, 6, 30), None, MilestoneStatus.UPCOMING),  # due today is not overdue
    (D(2026, 12, 31), None, MilestoneStatus.UPCOMING),
    (None, None, MilestoneStatus.UPCOMING),
    (D(2026, 12, 31), D(2026, 7, 1), MilestoneStatus.UPCOMING),
]


@pytest.mark.parametrize(("planned", "actual", "expected"), MILESTONE_TABLE)
def test_milestone_status_table(planned, actual, expected):
    assert milestone_status_on(as_of=T, planned_on=planned, actual_on=actual) == expected


def test_vocabulary_is_the_task_one():
    from tinhso.tasks.status import TaskStatus

    shared = {"DONE_ON_TIME", "DONE_LATE", "OVERDUE"}
    assert shared <= set(TaskStatus.values)
    assert set(MilestoneStatus.values) == shared | {"UPCOMING"}
    assert MilestoneStatus.OVERDUE.label == TaskStatus.OVERDUE.label


@pytest.mark.django_db
def test_milestone_sql_agrees_with_python():
    project = ProjectFactory()
    days = [None, D(2026, 6, 29), D(2026, 6, 30), D(2026, 7, 1)]
    kinds = ["other"] * 16
    for (planned, actual), kind in zip(itertools.product(days, days), kinds, strict=True):
        ProjectMilestoneFactory(project=project, kind=kind, planned_on=planned, actual_on=actual)
    for code in MilestoneStatus.values:
        sql = set(
            ProjectMilestone.objects.filter(milestone_status_q(code, T)).values_list(
                "pk", flat=True
            )
        )
        python = {
            m.pk
            for m in ProjectMilestone.objects.all()
            if milestone_status_on(as_of=T, planned_on=m.planned_on, actual_on=m.actual_on) == code
        }
        assert sql == python, code


S, E = D(2026, 1, 1), D(2026, 12, 31)  # 364 days

LAG_TABLE = [
    # as_of, start, end, physical, lagging
    (D(2026, 7, 2), S, E, 50, False),  # 182/364 = 50 % exactly: on the line
    (D(2026, 7, 2), S, E, 49, True),
    (D(2026, 7, 3), S, E, 50, True),  # 50.27 % expected
    (S, S, E, 0, False),  # not started as planned yet
    (D(2025, 12, 1), S, E, 0, False),
    (E, S, E, 99, True),  # on the end date, only 100 % is on time
    (D(2027, 3, 1), S, E, 100, False),
    (D(2027, 3, 1), S, E, 99, True),
    (D(2026, 7, 2), None, E, 0, False),  # no line
    (D(2026, 7, 2), S, None, 0, False),
    (D(2026, 7, 2), E, E, 0, False),  # empty span
]


@pytest.mark.parametrize(("as_of", "start", "end", "physical", "lagging"), LAG_TABLE)
def test_lagging_table(as_of, start, end, physical, lagging):
    assert is_lagging(as_of=as_of, start=start, end=end, physical_percent=physical) is lagging


def test_expected_percent_rounds_up():
    assert expected_percent(as_of=D(2026, 7, 3), start=S, end=E) == 51
    assert expected_percent(as_of=D(2026, 7, 2), start=S, end=E) == 50
    assert expected_percent(as_of=D(2027, 1, 1), start=S, end=E) == 100
    assert expected_percent(as_of=D(2026, 7, 2), start=None, end=E) is None


@pytest.mark.django_db
@pytest.mark.parametrize(("as_of", "start", "end", "physical", "lagging"), LAG_TABLE)
def test_lagging_sql_agrees_with_python(as_of, start, end, physical, lagging):
    project = ProjectFactory(planned_start=start, planned_end=end)
    if physical:
        ProjectProgressFactory(project=project, as_of=D(2025, 12, 31), physical_percent=physical)
    row = with_figures(Project.objects.filter(pk=project.pk), as_of).get()
    assert row.physical_on == physical
    assert row.lagging is lagging
    assert row.expected_on == expected_percent(as_of=as_of, start=start, end=end)


@pytest.mark.django_db
def test_progress_on_a_date_uses_the_latest_update_then():
    project = ProjectFactory()
    ProjectProgressFactory(project=project, as_of=D(2025, 6, 30), physical_percent=20)
    ProjectProgressFactory(project=project, as_of=D(2025, 12, 31), physical_percent=45)
    rows = {
        day: with_figures(Project.objects.filter(pk=project.pk), day).get().physical_on
        for day in (D(2025, 6, 29), D(2025, 6, 30), D(2025, 12, 30), D(2026, 1, 1))
    }
    assert rows == {D(2025, 6, 29): 0, D(2025, 6, 30): 20, D(2025, 12, 30): 20, D(2026, 1, 1): 45}
