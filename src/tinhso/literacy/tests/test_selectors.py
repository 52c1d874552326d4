"""The measures are distinct, coverage has an explicit basis, targets are measured over the
unit's subtree, and only visible rows count."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tinhso.literacy import selectors
from tinhso.literacy.models import TargetMeasure
from tinhso.literacy.services import person_key
from tinhso.literacy.tests.factories import (
    CourseFactory,
    LiteracyTargetFactory,
    PopulationFactory,
    TrainingRecordFactory,
    group,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(tree, course, ai_course):
    """Three adults of commune A: p1 in two courses (one AI), p2 completed with a
    certificate, p3 enrolled after 30/09; one offline course for p2."""
    a = tree["a"]
    p1, p2, p3 = (person_key(f"07519000000{i}") for i in (1, 2, 3))
    offline = CourseFactory(code="OFF-1", mode="offline", owner_unit=a)
    TrainingRecordFactory(course=course, person_id_hash=p1, unit=a, enrolled_on=D(2025, 8, 1))
    TrainingRecordFactory(
        course=ai_course,
        person_id_hash=p1,
        unit=a,
        enrolled_on=D(2025, 8, 5),
        completed_on=D(2025, 10, 5),
    )
    TrainingRecordFactory(
        course=course,
        person_id_hash=p2,
        unit=a,
        enrolled_on=D(2025, 8, 2),
        completed_on=D(2025, 8, 20),
        certificate_number="GCN-2",
        certificate_date=D(2025, 8, 21),
    )
    TrainingRecordFactory(
        course=offline,
        person_id_hash=p2,
        unit=a,
        enrolled_on=D(2025, 9, 1),
        mode="offline",
        completed_on=D(2025, 9, 1),
        certificate_number="GCN-3",
    )
    TrainingRecordFactory(course=course, person_id_hash=p3, unit=a, enrolled_on=D(2025, 10, 2))
    return {"p1": p1, "p2": p2, "p3": p3}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # enrolments, learners, completions, completers, certificates, ai, offline
        (D(2025, 7, 31), (0, 0, 0, 0, 0, 0, 0)),
        (D(2025, 8, 3), (2, 2, 0, 0, 0, 0, 0)),
        (D(2025, 8, 20), (3, 2, 1, 1, 0, 1, 0)),
        (D(2025, 8, 21), (3, 2, 1, 1, 1, 1, 0)),
        (D(2025, 9, 30), (4, 2, 2, 1, 2, 1, 1)),
        (D(2025, 10, 5), (5, 3, 3, 2, 2, 1, 1)),
    ],
)
def test_measures_are_distinct_on_each_date(records, users, as_of, expected):
    m = selectors.literacy_measures(user=users["p_leader"], as_of=as_of)
    got = (
        m.enrolments,
        m.learners,
        m.completions,
        m.completers,
        m.certificates,
        m.ai_learners,
        m.offline_learners,
    )
    assert got == expected


@pytest.mark.parametrize(
    ("basis", "as_of", "coverage", "light"),
    [
        ("learners", D(2025, 9, 30), Decimal("50.00"), "green"),
        ("completers", D(2025, 9, 30), Decimal("25.00"), "red"),
        ("completers", D(2025, 10, 5), Decimal("50.00"), "green"),
        ("learners", D(2025, 8, 1), Decimal("25.00"), "red"),
    ],
)
def test_coverage_basis_is_explicit(records, tree, users, basis, as_of, coverage, light):
    PopulationFactory(unit=tree["a"], count=4)
    LiteracyTargetFactory(unit=tree["a"], target_rate=50)
    report = selectors.literacy_progress(
        user=users["p_leader"], year=2025, as_of=as_of, basis=basis
    )
    (row,) = [r for r in report.rows if r.unit == tree["a"]]
    assert (row.coverage, row.light) == (coverage, light)


@pytest.mark.parametrize(
    ("coverage", "target", "light"),
    [
        (Decimal(100), Decimal(100), "green"),
        (Decimal(80), Decimal(100), "amber"),
        (Decimal("79.99"), Decimal(100), "red"),
        (None, Decimal(50), "none"),
        (Decimal(10), None, "none"),
    ],
)
def test_traffic_light(coverage, target, light):
    assert selectors.light(coverage, target) == light


def test_rate_rounding_and_no_denominator():
    assert selectors.rate(1, 3) == Decimal("33.33")
    assert selectors.rate(2, 3) == Decimal("66.67")
    assert selectors.rate(5, 0) is None


def test_invalid_basis_is_refused(users):
    with pytest.raises(ValueError, match="basis"):
        selectors.literacy_progress(user=users["p_leader"], year=2025, basis="enrolments")


def test_province_targets_count_the_subtree_once_per_person(tree, users, course, ai_course):
    officials = group("officials")
    p = person_key("075190000001")
    # The same official recorded in two units (moved): one person in the province total.
    TrainingRecordFactory(course=course, person_id_hash=p, unit=tree["a"], group=officials)
    TrainingRecordFactory(course=ai_course, person_id_hash=p, unit=tree["b"], group=officials)
    TrainingRecordFactory(course=course, unit=tree["d"], group=officials)
    PopulationFactory(unit=tree["a"], group=officials, count=1)
    PopulationFactory(unit=tree["b"], group=officials, count=1)
    PopulationFactory(unit=tree["d"], group=officials, count=2)
    LiteracyTargetFactory(unit=tree["p"], group=officials, target_rate=100)
    LiteracyTargetFactory(unit=tree["p"], group=officials, target_rate=25, measure=TargetMeasure.AI)
    report = selectors.literacy_progress(user=users["p_leader"], year=2025, as_of=D(2025, 9, 30))
    assert report.target_unit == tree["p"]
    by_measure = {s.target.measure: s for s in report.targets}
    assert (by_measure["coverage"].value, by_measure["coverage"].population) == (2, 4)
    assert not by_measure["coverage"].achieved  # 50 % of 100 %
    assert by_measure["ai"].value == 1 and by_measure["ai"].achieved  # 25 % ≥ 25 %
    assert report.targets_achieved == 1
    # Per-unit rows count the person in each unit; the total counts the person once.
    assert sum(r.measures.learners for r in report.rows) == 3
    assert report.overall.learners == 2


def test_only_visible_rows_count(tree, users, course):
    TrainingRecordFactory(course=course, unit=tree["a"])
    TrainingRecordFactory(course=course, unit=tree["b"])
    PopulationFactory(unit=tree["b"], count=10)
    mine = selectors.literacy_progress(user=users["a_officer"], year=2025, as_of=D(2025, 9, 30))
    assert mine.overall.learners == 1
    assert {r.unit for r in mine.rows} == {tree["a"]}
    assert selectors.literacy_measures(user=users["b_officer"], as_of=D(2025, 9, 30)).learners == 1


def test_course_rows_are_public_but_counts_are_scoped(tree, users, course):
    TrainingRecordFactory(course=course, unit=tree["b"])
    rows = selectors.course_rows(user=users["a_officer"], as_of=D(2025, 9, 30))
    assert [c.code for c in rows] == ["BDHVS-01"]
    assert rows[0].measures.enrolments == 0
    rows = selectors.course_rows(user=users["p_leader"], as_of=D(2025, 9, 30))
    assert rows[0].measures.enrolments == 1
