"""Rounds, obligations, narrative edits and prefill."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import DomainError
from tinhso.indicators.models import Period
from tinhso.programmes.models import Plan
from tinhso.reporting import selectors, services
from tinhso.reporting.models import Report, ReportingObligation, ReportingRound
from tinhso.tasks.models import Task, TaskProgress
from tinhso.units.tests.factories import UnitFactory
from tinhso.workcalendar.models import OfficialCalendarDay
from tinhso.workcalendar.selectors import calendar_cache_clear

from .factories import ReportScheduleFactory, plan, quarter


def test_round_open_creates_obligations_and_draft_reports(world, round_):
    assert round_.cutoff_on == dt.date(2025, 9, 30)
    # 30/9 + 5 days = Sunday 5/10/2025 → Monday 6/10.
    assert round_.due_on == dt.date(2025, 10, 6)
    units = set(round_.obligations.values_list("unit__code", flat=True))
    assert units == {"26068", "26080"}
    assert Report.objects.filter(obligation__round=round_, state="draft").count() == 2
    assert all(o.due_on == round_.due_on for o in round_.obligations.all())
    assert AuditEntry.objects.filter(object_type="reporting.ReportingRound").count() == 1


def test_round_open_is_idempotent_and_adds_new_units(world, round_):
    again = services.report_round_open(
        actor=world["admin_s"], schedule=world["schedule"], period=world["period"]
    )
    assert again.pk == round_.pk
    assert ReportingObligation.objects.count() == 2
    assert AuditEntry.objects.filter(object_type="reporting.ReportingRound").count() == 1
    UnitFactory(parent=world["P"], code="26090", name="Xã Mới")
    services.report_round_open(actor=None, schedule=world["schedule"], period=world["period"])
    assert ReportingObligation.objects.count() == 3
    assert Report.objects.count() == 3


def test_round_open_units_open_on_the_period_end_in_the_province(world):
    UnitFactory(parent=world["P"], closed=True, code="26001")  # closed 1/7/2025
    other_province = UnitFactory(province=True, code="79")
    UnitFactory(parent=other_province, code="26734")
    UnitFactory(parent=world["P"], code="26099", valid_from=dt.date(2025, 10, 1))
    round_ = services.report_round_open(
        actor=None, schedule=world["schedule"], period=world["period"]
    )
    assert set(round_.obligations.values_list("unit__code", flat=True)) == {"26068", "26080"}


def test_round_due_date_skips_official_days_off(world):
    calendar_cache_clear()
    OfficialCalendarDay.objects.create(
        date=dt.date(2025, 10, 6),
        kind=OfficialCalendarDay.Kind.DAY_OFF,
        status=OfficialCalendarDay.Status.CONFIRMED,
        reason="thử nghiệm",
    )
    calendar_cache_clear()
    round_ = services.report_round_open(
        actor=None, schedule=world["schedule"], period=world["period"]
    )
    assert round_.due_on == dt.date(2025, 10, 7)
    calendar_cache_clear()


def test_cutoff_day_is_clamped(world):
    schedule = ReportScheduleFactory(reviewer_unit=world["S"], cutoff_day=31)
    period = quarter(2025, 2)  # ends 30/6
    assert services.report_cutoff_on(schedule, period) == dt.date(2025, 6, 30)
    schedule.cutoff_day = 20
    assert services.report_cutoff_on(schedule, period) == dt.date(2025, 6, 20)
    schedule.cadence = "week"
    assert services.report_cutoff_on(schedule, period) == period.end


def test_due_date_outside_the_calendar_keeps_the_calendar_day(world):
    schedule = ReportScheduleFactory(reviewer_unit=world["S"], due_days_after_end=3)
    period = Period(
        code="x", kind="quarter", year=2299, start=dt.date(2299, 10, 1), end=dt.date(2299, 12, 31)
    )
    assert services.report_due_on(schedule, period) == dt.date(2300, 1, 3)


def test_round_open_refusals(world):
    with pytest.raises(AccessDenied):
        services.report_round_open(
            actor=world["reviewer"], schedule=world["schedule"], period=world["period"]
        )
    with pytest.raises(AccessDenied):
        services.report_round_open(
            actor=world["leader_a"], schedule=world["schedule"], period=world["period"]
        )
    month = Period.objects.create(
        code="2025-M09",
        kind="month",
        year=2025,
        number=9,
        start=dt.date(2025, 9, 1),
        end=dt.date(2025, 9, 30),
    )
    with pytest.raises(ValidationError):
        services.report_round_open(actor=None, schedule=world["schedule"], period=month)
    adhoc = ReportScheduleFactory(reviewer_unit=world["S"], cadence="adhoc")
    assert services.report_round_open(actor=None, schedule=adhoc, period=month).due_on
    world["schedule"].is_active = False
    with pytest.raises(DomainError):
        services.report_round_open(actor=None, schedule=world["schedule"], period=world["period"])
    nowhere = ReportScheduleFactory(reviewer_unit=UnitFactory(department=True, parent=None))
    nowhere.reviewer_unit.province_code = ""
    with pytest.raises(DomainError):
        services.report_round_open(actor=None, schedule=nowhere, period=world["period"])
    assert not ReportingRound.objects.filter(schedule=world["schedule"]).exists()


def test_obligation_set_due(world, report):
    ob = report.obligation
    with pytest.raises(AccessDenied):
        services.report_obligation_set_due(
            actor=world["leader_a"], obligation=ob, due_on=dt.date(2025, 10, 20)
        )
    with pytest.raises(ValidationError):
        services.report_obligation_set_due(
            actor=world["admin_s"], obligation=ob, due_on=dt.date(2025, 9, 1)
        )
    done = services.report_obligation_set_due(
        actor=world["admin_s"], obligation=ob, due_on=dt.date(2025, 10, 20), reason="Bão lũ"
    )
    assert done.due_on == dt.date(2025, 10, 20)
    again = services.report_obligation_set_due(
        actor=world["admin_s"], obligation=ob, due_on=dt.date(2025, 10, 20)
    )
    assert again.due_on == dt.date(2025, 10, 20)
    assert AuditEntry.objects.filter(object_type="reporting.ReportingObligation").count() == 1
    other = ReportingObligation.objects.exclude(pk=ob.pk).get()
    assert other.due_on == dt.date(2025, 10, 6)


def test_report_update_rules(world, report):
    with pytest.raises(AccessDenied):
        services.report_update(
            actor=world["viewer_a"], report=report, data={"results": "x"}, expected_version=1
        )
    with pytest.raises(AccessDenied):
        services.report_update(
            actor=world["reviewer"], report=report, data={"results": "x"}, expected_version=1
        )
    with pytest.raises(ValidationError) as exc:
        services.report_update(
            actor=world["officer_a"], report=report, data={"state": "accepted"}, expected_version=1
        )
    assert "state" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.report_update(
            actor=world["officer_a"],
            report=report,
            data={"results": "x" * 20001},
            expected_version=1,
        )
    same = services.report_update(
        actor=world["officer_a"], report=report, data={"results": None}, expected_version=1
    )
    assert same.version == 1  # nothing changed, nothing written
    done = services.report_update(
        actor=world["officer_a"], report=report, data={"results": "  Đạt  "}, expected_version=None
    )
    assert (done.results, done.version) == ("Đạt", 2)


def _task(world, code: str, **kwargs) -> Task:
    plan = Plan.objects.first() or _plan(world)
    defaults = {
        "plan": plan,
        "code": code,
        "title": f"Nhiệm vụ {code}",
        "lead_unit": world["A"],
        "workflow_state": "in_progress",
        "deadline": dt.date(2025, 12, 31),
        "assigned_on": dt.date(2025, 1, 15),
    }
    defaults.update(kwargs)
    return Task.objects.create(**defaults)


def _plan(world) -> Plan:
    return plan(world["P"])


def test_prefill_from_task_progress_in_the_period(world, report):
    t1 = _task(world, "NV1")
    t2 = _task(world, "NV2", completed_on=dt.date(2025, 8, 1), deadline=dt.date(2025, 9, 1))
    other = _task(world, "NV3", lead_unit=world["B"])
    TaskProgress.objects.create(
        task=t1,
        reported_on=dt.date(2025, 8, 15),
        percent=60,
        narrative="Đã triển khai 60%",
        difficulties="Thiếu kinh phí",
        recommendations="Bổ sung kinh phí",
    )
    TaskProgress.objects.create(task=t2, reported_on=dt.date(2025, 7, 31), narrative="Hoàn thành")
    TaskProgress.objects.create(task=t1, reported_on=dt.date(2025, 6, 30), narrative="Quý trước")
    TaskProgress.objects.create(task=other, reported_on=dt.date(2025, 8, 1), narrative="Xã khác")
    proposal = selectors.report_prefill(user=world["officer_a"], report=report)
    assert "NV1 Nhiệm vụ NV1 (60%): Đã triển khai 60%" in proposal["results"]
    assert "Hoàn thành" in proposal["results"]
    assert "Quý trước" not in proposal["results"] and "Xã khác" not in proposal["results"]
    assert "Thiếu kinh phí" in proposal["difficulties"]
    assert "Bổ sung kinh phí" in proposal["difficulties"]
    assert "NV1" in proposal["next_tasks"] and "NV2" not in proposal["next_tasks"]
    with pytest.raises(AccessDenied):
        selectors.report_prefill(user=world["leader_b"], report=report)
    services.report_update(
        actor=world["officer_a"], report=report, data={"next_tasks": "Của tôi"}, expected_version=1
    )
    report.refresh_from_db()
    filled = services.report_prefill_apply(
        actor=world["officer_a"], report=report, expected_version=report.version
    )
    assert filled.next_tasks == "Của tôi"
    assert "Đã triển khai" in filled.results
    # Everything filled: nothing to do, but a locked report still refuses.
    again = services.report_prefill_apply(
        actor=world["officer_a"], report=filled, expected_version=filled.version
    )
    assert again.version == filled.version
    r = services.report_transition(actor=world["leader_a"], report=again, action="approve")
    with pytest.raises(DomainError):
        services.report_prefill_apply(actor=world["officer_a"], report=r, expected_version=None)


def test_command_opens_a_round_idempotently(world):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("report_round_open", "nq57-quy", "2025-Q3", stdout=out)
    call_command("report_round_open", "nq57-quy", "2025-Q3", stdout=out)
    assert "06/10/2025, 2 reporting units" in out.getvalue()
    assert ReportingObligation.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("report_round_open", "nope", "2025-Q3")


def test_admin_pages_load(world, round_, client):
    from tinhso.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get("/django-admin/reporting/reportschedule/").status_code == 200
    assert (
        client.get(
            f"/django-admin/reporting/reportschedule/{world['schedule'].pk}/change/"
        ).status_code
        == 200
    )
    assert client.get("/django-admin/reporting/reportinground/").status_code == 200
