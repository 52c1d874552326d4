"""Selectors: list filters, counts on a date with plan and unit filters (no double counts)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from tinhso.accounts import access
from tinhso.tasks import selectors
from tinhso.tasks.models import TaskKind, WorkflowState
from tinhso.tasks.tests.factories import PlanFactory, PlanGroupFactory, TaskFactory

pytestmark = pytest.mark.django_db
T = dt.date(2025, 9, 30)


@pytest.fixture
def tasks(tree, plan):
    d, p, a, b = tree["d"], tree["p"], tree["a"], tree["b"]
    parent = TaskFactory(plan=plan, lead_unit=p, in_progress=True, deadline=dt.date(2025, 12, 31))
    return {
        "on_time": TaskFactory(
            plan=plan, lead_unit=d, accepted=True, completed_on=dt.date(2025, 9, 1)
        ),
        "late": TaskFactory(
            plan=plan,
            lead_unit=d,
            accepted=True,
            deadline=dt.date(2025, 8, 31),
            completed_on=dt.date(2025, 9, 10),
        ),
        "running": TaskFactory(
            plan=plan, lead_unit=a, in_progress=True, deadline=dt.date(2025, 12, 31)
        ),
        "idle": TaskFactory(plan=plan, lead_unit=b, assigned=True, deadline=dt.date(2025, 12, 31)),
        "overdue": TaskFactory(
            plan=plan, lead_unit=a, in_progress=True, deadline=dt.date(2025, 9, 29)
        ),
        "proposed": TaskFactory(plan=plan, lead_unit=d),
        "cancelled": TaskFactory(plan=plan, lead_unit=d, workflow_state=WorkflowState.CANCELLED),
        "future": TaskFactory(
            plan=plan, lead_unit=d, assigned=True, assigned_on=dt.date(2025, 10, 5)
        ),
        "template": TaskFactory(plan=plan, lead_unit=d, assigned=True, kind=TaskKind.RECURRING),
        "parent": parent,
        "sub_a": TaskFactory(
            plan=plan,
            lead_unit=a,
            parent=parent,
            kind=TaskKind.SUBTASK,
            in_progress=True,
            deadline=dt.date(2025, 12, 31),
        ),
        "other_plan": TaskFactory(plan=PlanFactory(), lead_unit=d, assigned=True),
    }


def test_province_counts(tasks, users):
    result = selectors.task_status_counts(user=users["p_leader"], as_of=T, plan="469-KH/TU")
    assert result["counts"] == {
        "DONE_ON_TIME": 1,
        "DONE_LATE": 1,
        "IN_PROGRESS": 2,  # running + parent (the sub-task rolls into it)
        "NOT_STARTED": 1,
        "OVERDUE": 1,
    }
    assert result["total"] == 6
    # due by 30/09: on_time (30/09), late (31/08), overdue (29/09) -> 2 of 3 completed
    assert result["due_total"] == 3 and result["due_done"] == 2
    assert result["completion_rate"] == pytest.approx(66.7)
    assert result["on_time_rate"] == pytest.approx(33.3)


def test_counts_with_unit_include_delegated_subtasks_once(tasks, users):
    commune = selectors.task_status_counts(user=users["p_leader"], as_of=T, unit="26068")
    assert commune["counts"]["IN_PROGRESS"] == 2  # running + sub-task delegated by P
    assert commune["counts"]["OVERDUE"] == 1
    assert commune["total"] == 3
    province = selectors.task_status_counts(user=users["p_leader"], as_of=T, unit="75")
    assert province["total"] == 7  # 6 of the plan + the other plan's task; sub-task not again
    with pytest.raises(Http404):
        selectors.task_status_counts(user=users["p_leader"], as_of=T, unit="nope")


def test_counts_only_visible_rows(tasks, users):
    result = selectors.task_status_counts(user=users["b_leader"], as_of=T)
    assert result["total"] == 1 and result["counts"]["NOT_STARTED"] == 1


def test_counts_before_assignment_date(tasks, users):
    early = selectors.task_status_counts(user=users["p_leader"], as_of=dt.date(2025, 5, 1))
    later = selectors.task_status_counts(user=users["p_leader"], as_of=dt.date(2025, 10, 10))
    assert early["total"] == 0  # everything was assigned on 01/06 or later
    assert later["total"] == 8


def test_list_filters(tasks, tree, users):
    user = users["p_leader"]

    def titles(**filters):
        return {t.pk for t in selectors.task_list(user=user, filters={"as_of": T, **filters})}

    assert titles(status="OVERDUE") == {tasks["overdue"].pk}
    assert titles(status="DONE_LATE") == {tasks["late"].pk}
    assert titles(unit="26068") == {tasks["running"].pk, tasks["overdue"].pk, tasks["sub_a"].pk}
    assert titles(unit="zzz") == set()
    assert tasks["other_plan"].pk not in titles(plan="469-KH/TU")
    assert titles(plan=str(tasks["other_plan"].plan_id)) == {tasks["other_plan"].pk}
    assert titles(deadline_from=dt.date(2025, 9, 29), deadline_to=dt.date(2025, 9, 29)) == {
        tasks["overdue"].pk
    }
    assert titles(kind="subtask") == {tasks["sub_a"].pk}
    assert titles(state="cancelled") == {tasks["cancelled"].pk}
    assert titles(q=tasks["idle"].title) == {tasks["idle"].pk}
    assert len(titles(missing="any")) == len(tasks)
    assert titles(missing="who") == set()
    group = PlanGroupFactory(plan=tasks["idle"].plan)
    tasks["idle"].group = group
    tasks["idle"].save()
    assert titles(group=group.pk) == {tasks["idle"].pk}
    rows = selectors.task_list(user=user, filters={"as_of": T, "status": "OVERDUE"})
    assert rows[0].status == "OVERDUE"


def test_unit_summary_and_completeness(tasks, tree, users):
    TaskFactory(plan=tasks["idle"].plan, lead_unit=tree["b"], assigned=True, complete=True)
    rows = selectors.task_unit_summary(user=users["p_leader"], as_of=T)
    by_code = {r["unit"].code: r for r in rows}
    assert by_code["26068"]["counts"]["IN_PROGRESS"] == 2
    assert by_code["26080"]["completeness"] == 50.0
    assert by_code["26080"]["missing"]["authority"] == 1
    overall = selectors.task_clarity_completeness(user=users["p_leader"], unit=tree["b"])
    assert overall["records"] == 2 and overall["complete"] == 1 and overall["rate"] == 50.0


def test_task_get_hides_other_units_and_shows_co_units(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["a"], in_progress=True)
    with pytest.raises(Http404):
        selectors.task_get(user=users["b_leader"], pk=task.pk)
    task.co_units.add(tree["b"])
    access.clear_cache(users["b_leader"])  # a new request
    assert selectors.task_get(user=users["b_leader"], pk=task.pk).pk == task.pk
    with pytest.raises(Http404):
        selectors.task_get(user=users["b_leader"], pk=task.pk, action="edit")
