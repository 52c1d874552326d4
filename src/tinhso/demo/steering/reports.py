"""Quarterly NQ 57 reports of the communes, through the reporting workflow services."""

from __future__ import annotations

import datetime as dt

from tinhso.accounts.models import User
from tinhso.indicators.models import (
    Indicator,
    IndicatorValue,
    PeriodKind,
)
from tinhso.units.models import UnitLevel

from .context import Context, _at
from .indicators import _period

# --- quarterly reports of the communes ------------------------------------------------------

ROUNDS = [(2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]


def seed_reports(ctx: Context) -> int:
    """Quarterly NQ 57 reports of the 95 communes to the standing agency (Sở KH&CN).

    Past rounds go through the workflow services (approve by the commune's leader, accept by
    the standing agency), then their dates are set to when it happened; a few communes are
    late, four never reported (the same four whose figures stop in 09/2026), and the last
    round is still open.
    """
    from tinhso.reporting import services as report_services
    from tinhso.reporting.models import Report, ReportEvent, ReportSchedule

    if ReportSchedule.objects.filter(code="nq57-quy-xa").exists():
        return 0
    schedule = ReportSchedule.objects.create(
        code="nq57-quy-xa",
        name="Báo cáo quý tình hình thực hiện NQ 57 của UBND cấp xã",
        cadence=PeriodKind.QUARTER,
        due_days_after_end=5,
        reviewer_unit=ctx.skhcn,
    )
    schedule.reporting_levels.set(UnitLevel.objects.filter(code="commune"))
    schedule.indicators.set(Indicator.objects.filter(entry_level__code="commune"))
    reviewer = User.objects.get(username="skhcn.lanhdao")
    leaders = {
        u.username.split(".")[0].removeprefix("cb"): u
        for u in User.objects.filter(username__startswith="cb", username__endswith=".3")
    }
    silent = set(
        IndicatorValue.objects.filter(
            period__code="2026-M08", indicator__code="DVC_TT"
        ).values_list("unit_id", flat=True)
    ) - set(
        IndicatorValue.objects.filter(
            period__code="2026-M09", indicator__code="DVC_TT"
        ).values_list("unit_id", flat=True)
    )
    rng = ctx.rng
    count = 0
    for year, quarter in ROUNDS:
        period = _period(PeriodKind.QUARTER, year, quarter)
        rnd = report_services.report_round_open(actor=ctx.admin, schedule=schedule, period=period)
        late_ok = rnd.due_on
        reports = Report.objects.filter(obligation__round=rnd).select_related("obligation__unit")
        for report in reports:
            unit = report.obligation.unit
            if (year, quarter) == ROUNDS[-1] and (
                unit.pk in silent or unit.code in {"26068", "26080", "26173"}
            ):
                continue  # still a draft: missing (or left for the demo walk-through)
            leader = leaders.get(unit.code)
            if leader is None:
                continue
            report_services.report_update(
                actor=leader,
                report=report,
                expected_version=report.version,
                data={
                    "results": "Các nhiệm vụ chuyển đổi số của xã được triển khai theo kế hoạch;"
                    " tỷ lệ hồ sơ trực tuyến toàn trình tăng so với quý trước.",
                    "difficulties": "Thiếu cán bộ chuyên trách CNTT; thiết bị bộ phận một cửa"
                    " còn thiếu.",
                    "next_tasks": "Tiếp tục số hóa hồ sơ, kết quả giải quyết TTHC; phổ cập kỹ"
                    " năng số cho người dân.",
                },
            )
            report.refresh_from_db()
            report = report_services.report_transition(
                actor=leader, report=report, action="approve", expected_version=report.version
            )
            late = rng.random() < 0.12
            submitted = late_ok + dt.timedelta(
                days=rng.randint(1, 9) if late else -rng.randint(0, 4)
            )
            accept_now = (year, quarter) != ROUNDS[-1] or rng.random() < 0.6
            if accept_now:
                report = report_services.report_transition(
                    actor=reviewer,
                    report=report,
                    action="accept",
                    expected_version=report.version,
                )
            Report.objects.filter(pk=report.pk).update(
                submitted_at=_at(submitted, 10),
                accepted_at=_at(submitted + dt.timedelta(days=3), 15) if accept_now else None,
            )
            events = ReportEvent.objects.filter(report=report)
            events.exclude(action="accept").update(at=_at(submitted, 10))
            events.filter(action="accept").update(at=_at(submitted + dt.timedelta(days=3), 15))
            count += 1
    return count
