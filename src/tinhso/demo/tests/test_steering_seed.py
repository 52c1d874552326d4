"""The steering demo: sourced rows kept, illustrative ones marked, published figures echoed
from rows (never typed in), and a second run creates nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from tinhso.accounts.models import User
from tinhso.documents.models import Document
from tinhso.indicators.models import IndicatorRollup, IndicatorValue
from tinhso.programmes.models import Target, TargetSet
from tinhso.reporting.models import Report
from tinhso.tasks import selectors as task_selectors
from tinhso.tasks.models import Task
from tinhso.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_units", verbosity=0)
    call_command("seed_demo", verbosity=0)


def test_steering_demo(seeded):
    """One seed (about 10 s), several checks."""
    _plan_469_echoes_67_completed_and_62_in_progress_on_30_09_2025()
    _sourced_rows_are_kept_and_generated_ones_are_illustrative()
    _targets_echo_26_of_43_in_august_and_10_of_45_in_december()
    _former_communes_figures_count_under_their_successors()
    _reports_history_has_late_missing_and_accepted_reports()
    _seed_is_idempotent()
    _procedures_are_loaded()


def _plan_469_echoes_67_completed_and_62_in_progress_on_30_09_2025():
    leader = User.objects.get(username="bcd.lanhdao")
    counts = task_selectors.task_status_counts(
        user=leader, plan="469-KH/TU", as_of=dt.date(2025, 9, 30)
    )
    done = counts["counts"]["DONE_ON_TIME"] + counts["counts"]["DONE_LATE"]
    assert (done, counts["counts"]["IN_PROGRESS"], counts["total"]) == (67, 62, 129)
    assert counts["counts"]["OVERDUE"] == 0
    # Later dates are computed from the same rows: some tasks are overdue by now.
    later = task_selectors.task_status_counts(
        user=leader, plan="469-KH/TU", as_of=dt.date(2026, 11, 24)
    )
    assert later["counts"]["OVERDUE"] > 0


def _sourced_rows_are_kept_and_generated_ones_are_illustrative():
    assert Document.objects.filter(number="57-NQ/TW", issued_on=dt.date(2024, 12, 22)).exists()
    plan_tasks = Task.objects.filter(plan__document__number="469-KH/TU")
    assert plan_tasks.filter(is_illustrative=False).count() == 17
    assert plan_tasks.filter(is_illustrative=True).count() == 112
    national = Target.objects.filter(target_set__plan__document__number="03/NQ-CP")
    assert national.count() == 56 and not national.filter(is_illustrative=True).exists()
    sets = TargetSet.objects.filter(plan__document__number="469-KH/TU").order_by("version")
    assert [s.targets.count() for s in sets] == [43, 45]
    assert sets[0].valid_to == sets[1].valid_from


def _targets_echo_26_of_43_in_august_and_10_of_45_in_december():
    from tinhso.programmes import selectors as programme_selectors

    leader = User.objects.get(username="bcd.lanhdao")
    v1, v2 = TargetSet.objects.filter(plan__document__number="469-KH/TU").order_by("version")
    august = programme_selectors.target_status_counts(
        user=leader, target_set=v1, as_of=dt.date(2025, 8, 31)
    )
    assert (august["achievement"]["achieved"], august["total"]) == (26, 43)
    december = programme_selectors.target_status_counts(
        user=leader, target_set=v2, as_of=dt.date(2025, 12, 2)
    )
    assert (december["achievement"]["achieved"], december["total"]) == (10, 45)


def _former_communes_figures_count_under_their_successors():
    province = Unit.objects.get(code="75", valid_to__isnull=True)
    jan_2024 = IndicatorRollup.objects.get(
        unit=province, indicator__code="DVC_TT", period__code="2024-M01", breakdown=""
    )
    # Entered for the 270 former communes, aggregated under today's province as Σnum/Σden.
    assert jan_2024.contributors == 270
    values = IndicatorValue.objects.filter(indicator__code="DVC_TT", period__code="2024-M01")
    num = sum(v.numerator for v in values)
    den = sum(v.denominator for v in values)
    assert abs(jan_2024.value - num * 100 / den) < 0.001


def _reports_history_has_late_missing_and_accepted_reports():
    reports = Report.objects.all()
    assert reports.filter(state="accepted").count() > 300
    assert reports.filter(state="draft").exists()  # the open round: missing ones


def _seed_is_idempotent():
    before = (Task.objects.count(), IndicatorValue.objects.count(), Report.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (Task.objects.count(), IndicatorValue.objects.count(), Report.objects.count()) == before


def _procedures_are_loaded():
    from tinhso.procedures.models import Procedure

    real = Procedure.objects.filter(is_synthetic=False)
    assert real.count() == 25
    assert real.filter(key="khai_sinh", name="Thủ tục đăng ký khai sinh").exists()
