"""Access-matrix cases of reporting (see tinhso.core.testing.access_matrix).

Each object is owned by commune A; its round is reviewed by a department created under the
same province (nobody in the matrix belongs to it). Regimes are public. Reports are edited
(narrative) with EDIT on the unit; obligations and events are written only by services.
"""

from __future__ import annotations

from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.reporting.models import Report, ReportEvent, ReportingObligation, ReportSchedule

from .factories import ReportScheduleFactory, open_report


def _schedule(unit: Any) -> ReportSchedule:
    return ReportScheduleFactory(name="Chế độ báo cáo matrix-7731")


def _report(unit: Any) -> Report:
    return open_report(unit)


def _obligation(unit: Any) -> ReportingObligation:
    return open_report(unit).obligation


def _event(unit: Any) -> ReportEvent:
    report = open_report(unit)
    return ReportEvent.objects.create(
        report=report,
        action="approve",
        from_state="draft",
        to_state="draft",
        revision=1,
        note="matrix-event-5521",
    )


CASES = [
    AccessCase(
        model=ReportSchedule,
        make=_schedule,
        public_read=True,
        write_role="admin",
        ui_list=("/reports/timeliness/", lambda s: "matrix-7731"),
        api_list=("/api/v1/reports/schedules", lambda s: f'"{s.code}"'),
    ),
    AccessCase(
        model=ReportingObligation,
        make=_obligation,
        write_role="admin",
        ui_list=("/reports/timeliness/", lambda o: f'data-obligation="{o.pk}"'),
        api_list=("/api/v1/reports/timeliness", lambda o: f'"obligation_id": {o.pk}'),
    ),
    AccessCase(
        model=Report,
        make=_report,
        write_role="admin",
        ui_read=lambda r: f"/reports/{r.pk}/",
        api_read=lambda r: f"/api/v1/reports/{r.pk}",
        ui_list=("/reports/", lambda r: f'data-report="{r.pk}"'),
        api_list=("/api/v1/reports?page_size=500", lambda r: f'"id": {r.pk},'),
        ui_write=Write(
            url=lambda r: f"/reports/{r.pk}/edit/",
            data=lambda r: {
                "results": f"matrix {r.version}",
                "difficulties": "",
                "next_tasks": "",
                "version": r.version,
            },
        ),
        api_write=Write(
            url=lambda r: f"/api/v1/reports/{r.pk}",
            data=lambda r: {"version": r.version, "results": f"matrix api {r.version}"},
            method="patch",
        ),
    ),
    AccessCase(
        model=ReportEvent,
        make=_event,
        write_role="admin",
        ui_read=lambda e: f"/reports/{e.report_id}/",
        api_read=lambda e: f"/api/v1/reports/{e.report_id}",
        ui_list=("/reports/", lambda e: f'data-report="{e.report_id}"'),
    ),
]
