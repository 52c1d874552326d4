"""Timeliness at the boundaries, query counts, the structured export, task status."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tinhso.accounts import access
from tinhso.core.exceptions import DomainError
from tinhso.reporting import selectors, services
from tinhso.reporting.models import Report
from tinhso.reporting.selectors import timeliness_status
from tinhso.tasks.models import Task, TaskProgress
from tinhso.units.tests.factories import UnitFactory

from .factories import IndicatorFactory, plan, value

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DUE = dt.date(2025, 10, 6)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=HCM)


@pytest.mark.parametrize(
    ("submitted", "as_of", "expected"),
    [
        (_at(DUE, 23), DUE + dt.timedelta(days=10), "on_time"),  # on the due date, late evening
        (_at(DUE + dt.timedelta(days=1), 0), DUE + dt.timedelta(days=10), "late"),  # next day
        (_at(DUE - dt.timedelta(days=5), 9), DUE - dt.timedelta(days=3), "on_time"),
        (None, DUE, "not_yet_due"),  # the due date itself: not missing yet
        (None, DUE + dt.timedelta(days=1), "missing"),
        (None, DUE - dt.timedelta(days=30), "not_yet_due"),
    ],
)
def test_timeliness_status_boundaries(submitted, as_of, expected):
    status, _day = timeliness_status(submitted_at=submitted, due_on=DUE, as_of=as_of)
    assert status == expected


def test_submission_at_utc_evening_counts_on_the_local_day():
    # 17:30 UTC on 5/10 is 00:30 on 6/10 in Vietnam: still on time for a 6/10 deadline,
    # and 17:30 UTC on 6/10 is already 7/10 locally: late.
    utc = dt.UTC
    on_time = dt.datetime(2025, 10, 5, 17, 30, tzinfo=utc)
    late = dt.datetime(2025, 10, 6, 17, 30, tzinfo=utc)
    assert timeliness_status(submitted_at=on_time, due_on=DUE, as_of=DUE)[0] == "on_time"
    assert timeliness_status(submitted_at=late, due_on=DUE, as_of=DUE)[0] == "late"


def test_timeliness_rows_and_totals(world, round_, report):
    Report.objects.filter(pk=report.pk).update(submitted_at=_at(DUE, 10), state="unit_approved")
    result = selectors.timeliness(user=world["reviewer"], as_of=DUE + dt.timedelta(days=1))
    by_unit = {r.unit_code: r for r in result.rows}
    assert by_unit["26068"].status == "on_time" and by_unit["26068"].received
    assert by_unit["26080"].status == "missing" and not by_unit["26080"].received
    t = result.totals
    assert (t.expected, t.received, t.on_time, t.late, t.missing, t.not_yet_due) == (
        2,
        1,
        1,
        0,
        1,
        0,
    )
    assert (t.received_rate, t.on_time_rate) == (50.0, 50.0)
    assert [r.round_id for r in result.rounds] == [round_.pk]
    assert result.rounds[0].due_on == round_.due_on
    # A unit sees only its own obligation; a sibling department nothing.
    assert [r.unit_code for r in selectors.timeliness(user=world["officer_a"]).rows] == ["26068"]
    assert selectors.timeliness(user=world["leader_d"]).rows == []
    # Filters.
    assert len(selectors.timeliness(user=world["reviewer"], filters={"unit": "26080"}).rows) == 1
    assert selectors.timeliness(user=world["reviewer"], filters={"level": "province"}).rows == []
    assert (
        len(
            selectors.timeliness(
                user=world["reviewer"],
                filters={
                    "status": "missing",
                    "round": round_.pk,
                    "schedule": "nq57-quy",
                    "period": "2025-Q3",
                },
                as_of=DUE + dt.timedelta(days=1),
            ).rows
        )
        == 1
    )
    empty = selectors.timeliness(user=world["leader_d"])
    assert empty.totals.received_rate is None and empty.totals.on_time_rate is None


def test_per_unit_deadline_override_changes_timeliness(world, report):
    services.report_obligation_set_due(
        actor=world["admin_s"], obligation=report.obligation, due_on=dt.date(2025, 10, 20)
    )
    Report.objects.filter(pk=report.pk).update(submitted_at=_at(dt.date(2025, 10, 15), 9))
    row = next(
        r for r in selectors.timeliness(user=world["reviewer"]).rows if r.unit_code == "26068"
    )
    assert row.status == "on_time"


def test_timeliness_query_count_does_not_grow(world, round_):
    def count() -> int:
        access.clear_cache(world["reviewer"])  # each call is a fresh request
        with CaptureQueriesContext(connection) as ctx:
            selectors.timeliness(user=world["reviewer"], as_of=DUE)
        return len(ctx.captured_queries)

    small = count()
    for i in range(15):
        UnitFactory(parent=world["P"], code=f"27{i:03d}")
    services.report_round_open(actor=None, schedule=world["schedule"], period=world["period"])
    big = count()
    assert big == small
    access.clear_cache(world["reviewer"])
    assert len(selectors.timeliness(user=world["reviewer"]).rows) == 17


def test_export_shape(world, report):
    strategic = IndicatorFactory(code="S-01", kind="strategic", name="Chỉ số chiến lược")
    operational = IndicatorFactory(code="O-01", kind="operational")
    value(operational, world["A"], world["period"])
    value(strategic, world["A"], world["period"], numerator=None, denominator=None, value=12)
    p = plan(world["P"])
    task = Task.objects.create(
        plan=p,
        code="NV1",
        title="Số hóa hồ sơ",
        lead_unit=world["A"],
        workflow_state="in_progress",
        deadline=dt.date(2025, 12, 31),
        started_on=dt.date(2025, 2, 1),
    )
    TaskProgress.objects.create(
        task=task, reported_on=dt.date(2025, 9, 1), percent=40, narrative="."
    )
    TaskProgress.objects.create(
        task=task, reported_on=dt.date(2025, 10, 9), percent=70, narrative="."
    )
    with pytest.raises(DomainError):
        selectors.report_export_data(report=report)
    r = services.report_transition(actor=world["leader_a"], report=report, action="approve")
    r = services.report_transition(actor=world["reviewer"], report=r, action="accept")
    data = selectors.report_export_data(
        report=selectors.report_get(user=world["reviewer"], pk=r.pk)
    )
    assert data["schema"] == "tinhso.nq57-report/1"
    assert data["unit"] == {"code": "26068", "name": "Phường Biên Hòa"}
    assert data["period"] == {"code": "2025-Q3", "start": "2025-07-01", "end": "2025-09-30"}
    assert data["revision"] == 1 and data["accepted_at"]
    assert [k["code"] for k in data["kpis"]] == ["S-01", "O-01"]
    kpi = data["kpis"][1]
    assert set(kpi) >= {
        "code",
        "name",
        "kind",
        "unit_of_measure",
        "value",
        "numerator",
        "denominator",
        "status",
        "as_of",
        "source",
    }
    assert (kpi["numerator"], kpi["denominator"], kpi["value"]) == ("45", "60", "75")
    assert kpi["status"] == "confirmed" and kpi["as_of"] == "2025-09-30"
    assert data["tasks"] == [
        {"code": "NV1", "title": "Số hóa hồ sơ", "status": "IN_PROGRESS", "percent": 40}
    ]
    assert set(data["narrative"]) == {"results", "difficulties", "next_tasks"}


def test_schedule_indicators_limit_the_values(world, report):
    listed = IndicatorFactory(code="L-1")
    unlisted = IndicatorFactory(code="U-1")
    value(listed, world["A"], world["period"])
    value(unlisted, world["A"], world["period"])
    world["schedule"].indicators.set([listed])
    assert [v.indicator.code for v in selectors.report_values(report=report)] == ["L-1"]
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    assert unlisted.values.get().status == "draft"
    assert listed.values.get().status == "submitted"


def test_lists_and_inbox(world, round_, report):
    assert [r.pk for r in selectors.report_list(user=world["officer_a"])] == [report.pk]
    assert selectors.report_list(user=world["leader_d"]).count() == 0
    assert selectors.report_list(user=world["reviewer"]).count() == 2
    assert selectors.report_inbox(user=world["reviewer"]).count() == 0
    services.report_transition(actor=world["leader_a"], report=report, action="approve")
    assert [r.pk for r in selectors.report_inbox(user=world["reviewer"])] == [report.pk]
    assert selectors.report_inbox(user=world["leader_a"]).count() == 0
    assert selectors.report_inbox(user=world["leader_d"]).count() == 0
    filters = {
        "state": "unit_approved",
        "schedule": "nq57-quy",
        "period": "2025-Q3",
        "round": round_.pk,
        "unit": "26068",
    }
    assert selectors.report_list(user=world["reviewer"], filters=filters).count() == 1
    assert (
        selectors.round_list(
            user=world["officer_a"], filters={"schedule": "nq57-quy", "period": "2025-Q3"}
        ).count()
        == 1
    )
    assert selectors.schedule_list(user=world["officer_a"]).count() == 1


def test_anonymous_sees_no_reference_data(world, round_):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.schedule_list(user=AnonymousUser()).count() == 0
    assert selectors.round_list(user=AnonymousUser()).count() == 0
