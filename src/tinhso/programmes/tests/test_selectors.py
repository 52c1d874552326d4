"""Statuses from rows (assessments, province rollups, drafts), counts, tree, comparison."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tinhso.programmes import selectors

from .factories import (
    PlanGroupFactory,
    TargetAssessmentFactory,
    TargetFactory,
    TargetMilestoneFactory,
    TargetSetFactory,
)
from .helpers import draft_value, indicator, period, rollup, task

pytestmark = pytest.mark.django_db
AUG = dt.date(2025, 8, 31)


def test_province_of(world):
    from tinhso.units.tests.factories import UnitFactory

    deep = UnitFactory(parent=world["B"], service_centre=True)
    assert selectors.province_of(deep) == world["P"]
    assert selectors.province_of(world["P"]) == world["P"]


def test_measurement_from_province_rollup(world):
    ind = indicator(world["A"])
    ts = TargetSetFactory(plan__unit=world["A"])
    t = TargetFactory(target_set=ts, indicator=ind)  # 40 (2024) → 80 (2030)
    TargetMilestoneFactory(target=t, year=2025, value=Decimal(50))
    q2, q3 = period(2025, 2), period(2025, 3)
    rollup(ind, world["P"], q2, "47", contributors=95, confirmed=60)
    rollup(ind, world["P"], q3, "90")  # ends 30/09: after 31/08, ignored then
    rollup(ind, world["B"], q2, "99")  # a commune's rollup never counts for the province
    st = selectors.target_statuses(targets=selectors.target_list(target_set=ts), as_of=AUG)[t.pk]
    assert (st.measured, st.achievement, st.measurement) == (Decimal(47), "on_track", "compiling")
    later = selectors.target_statuses(
        targets=selectors.target_list(target_set=ts), as_of=dt.date(2025, 10, 1)
    )[t.pk]
    assert (later.measured, later.achievement, later.measurement) == (
        Decimal(90),
        "achieved",
        "confirmed",
    )


def test_drafts_only_is_compiling(world):
    ind = indicator(world["A"])
    t = TargetFactory(target_set__plan__unit=world["A"], indicator=ind)
    draft_value(ind, world["B"], period(2025, 2))
    st = selectors.target_statuses(targets=[selectors.target_get(pk=t.pk)], as_of=AUG)[t.pk]
    assert (st.achievement, st.measurement) == ("unknown", "compiling")


def test_status_counts_as_of_any_date(world, officer):
    ts = TargetSetFactory(plan__unit=world["A"])
    achieved = [TargetFactory(target_set=ts) for _ in range(3)]
    for t in achieved:
        TargetAssessmentFactory(target=t, as_of=AUG, value=Decimal(85))
    late = TargetFactory(target_set=ts)
    TargetAssessmentFactory(target=late, as_of=dt.date(2025, 12, 2), value=Decimal(90))
    TargetFactory(target_set=ts)
    counts = selectors.target_status_counts(user=officer, target_set=ts, as_of=AUG)
    assert counts["total"] == 5
    assert counts["achievement"]["achieved"] == 3
    assert counts["achievement"]["unknown"] == 2
    assert counts["measurement"] == {"no_data": 2, "compiling": 0, "confirmed": 3}
    december = selectors.target_status_counts(
        user=officer, target_set=ts, as_of=dt.date(2025, 12, 31)
    )
    assert december["achievement"]["achieved"] == 4


def test_status_queries_do_not_grow(world, django_assert_max_num_queries):
    ind = indicator(world["A"])
    ts = TargetSetFactory(plan__unit=world["A"])
    for i in range(3):
        TargetMilestoneFactory(target=TargetFactory(target_set=ts, indicator=ind if i else None))
    with django_assert_max_num_queries(20) as few:
        selectors.target_statuses(targets=selectors.target_list(target_set=ts), as_of=AUG)
    for i in range(30):
        t = TargetFactory(target_set=ts, indicator=ind if i % 2 else None)
        TargetMilestoneFactory(target=t)
        TargetAssessmentFactory(target=t)
    with django_assert_max_num_queries(len(few.captured_queries)):
        selectors.target_statuses(targets=selectors.target_list(target_set=ts), as_of=AUG)


def test_plan_tree_groups_targets_and_visible_tasks(world, officer, outsider):
    ts = TargetSetFactory(plan__unit=world["A"])
    plan = ts.plan
    g1, g2 = (
        PlanGroupFactory(plan=plan, code="1", sort_order=1),
        PlanGroupFactory(plan=plan, code="2", sort_order=2),
    )
    TargetFactory(target_set=ts, group=g1)
    TargetFactory(target_set=ts, group=None)
    task(plan, world["A"], g1)
    task(plan, world["A"], g1)
    task(plan, world["B"], g2)
    tree = selectors.plan_tree(user=officer, plan=plan, as_of=AUG)
    assert [n.group.code if n.group else None for n in tree.groups] == ["1", "2", None]
    assert [n.task_count for n in tree.groups] == [2, 0, 0]  # B's task is not visible to A
    assert len(tree.groups[0].targets) == 1 and len(tree.groups[2].targets) == 1
    other = selectors.plan_tree(user=outsider, plan=plan, as_of=AUG)
    assert [n.task_count for n in other.groups] == [0, 1, 0]
    assert other.task_total == 1


def test_plan_tree_query_count_does_not_grow(world, officer, django_assert_max_num_queries):
    ts = TargetSetFactory(plan__unit=world["A"])
    plan = ts.plan
    g = PlanGroupFactory(plan=plan)
    TargetFactory(target_set=ts, group=g)
    task(plan, world["A"], g)
    with django_assert_max_num_queries(30) as few:
        selectors.plan_tree(user=officer, plan=plan, as_of=AUG)
    officer = type(officer).objects.get(pk=officer.pk)  # fresh user: no cached rights
    for _i in range(20):
        g2 = PlanGroupFactory(plan=plan)
        TargetMilestoneFactory(target=TargetFactory(target_set=ts, group=g2))
        task(plan, world["A"], g2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        selectors.plan_tree(user=officer, plan=plan, as_of=AUG)


def test_compare_versions_by_key(world, officer):
    from tinhso.programmes import services

    v1 = TargetSetFactory(plan__unit=world["A"])
    TargetFactory(target_set=v1, key="a", text="A")
    TargetFactory(target_set=v1, key="b", text="B")
    v2 = services.target_set_revise(
        actor=officer, target_set=v1, label="v2", valid_from=dt.date(2025, 12, 2)
    )
    b2 = v2.targets.get(key="b")
    services.target_update(actor=officer, target=b2, data={"target_value": Decimal(90)}, version=1)
    services.target_delete(actor=officer, target=v2.targets.get(key="a"))
    services.target_create(
        actor=officer, target_set=v2, data={"key": "c", "code": "3", "text": "C"}
    )
    rows = selectors.target_set_compare(left=v1, right=v2)
    summary = [(r.key, r.left is not None, r.right is not None, r.changed) for r in rows]
    assert summary == [("a", True, False, True), ("b", True, True, True), ("c", False, True, True)]


def test_trajectory_rows(world):
    t = TargetFactory(target_set__plan__unit=world["A"], target_year=2027)
    TargetMilestoneFactory(target=t, year=2025, value=Decimal(50))
    TargetAssessmentFactory(target=t, as_of=dt.date(2025, 6, 30), value=Decimal(60))
    rows = selectors.target_trajectory(target=selectors.target_get(pk=t.pk), as_of=AUG)
    assert [r.year for r in rows] == [2024, 2025, 2026, 2027]
    assert rows[1].day == AUG and rows[1].status.measured == Decimal(60)
    assert rows[1].progress == 50  # 60 is half-way from 40 to 80
    assert rows[2].is_future and not rows[1].is_future
    assert rows[3].milestone == Decimal(80)
