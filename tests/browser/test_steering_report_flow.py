"""The quarterly steering report, end to end, as the officials who do it.

A commune officer of Phường Biên Hòa enters an indicator (ratio) in the entry grid, records
progress on a task the commune leads, writes the report; the commune leader approves it; the
standing agency (Sở Khoa học và Công nghệ) accepts it, which locks the report and confirms
the indicator value. Small factory-built data (no seed_demo) keeps this under ~40 s.

Screenshots go to tests/browser/screenshots/ (look at them after a UI change).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from tinhso.accounts.tests.factories import member
from tinhso.indicators.models import IndicatorValue, ValueStatus
from tinhso.indicators.services import period_get_or_create_by_code
from tinhso.indicators.tests.factories import IndicatorFactory
from tinhso.reporting.models import Report, ReportState
from tinhso.reporting.services import report_round_open
from tinhso.reporting.tests.factories import ReportScheduleFactory
from tinhso.tasks.models import TaskProgress
from tinhso.tasks.tests.factories import PlanFactory, TaskFactory
from tinhso.units.tests.factories import UnitFactory

from .conftest import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "demo-Pass-2025"
NARRATIVE = "Đã triển khai tiếp nhận hồ sơ trực tuyến toàn trình tại bộ phận một cửa phường."
DIFFICULTIES = "Một số người dân cao tuổi chưa quen nộp hồ sơ trực tuyến."


def _login(page, username: str) -> None:
    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _logout(page) -> None:
    page.click("form[action='/accounts/logout/'] button[type=submit]")
    page.wait_for_url(re.compile(r".*/accounts/login/"))


def _world() -> dict:
    province = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    agency = UnitFactory(
        parent=province, department=True, code="SKHCN", name="Sở Khoa học và Công nghệ"
    )
    commune = UnitFactory(
        parent=province, code="26068", name="Phường Biên Hòa", division_type="phường"
    )
    officer = member(commune, "officer", username="bienhoa.canbo", full_name="Võ Thị Mai")
    leader = member(commune, "leader", username="bienhoa.lanhdao", full_name="Trần Văn Bình")
    reviewer = member(agency, "leader", username="skhcn.lanhdao", full_name="Lê Minh Tuấn")
    indicator = IndicatorFactory(
        ratio=True,
        quarterly=True,
        code="CDS-01",
        name="Tỷ lệ hồ sơ thủ tục hành chính được tiếp nhận trực tuyến",
        owner_unit=agency,
    )
    plan = PlanFactory(
        document__owner_unit=agency,
        document__number="469-KH/TU",
        title="Kế hoạch thực hiện Nghị quyết 57-NQ/TW năm 2026",
    )
    task = TaskFactory(
        plan=plan,
        lead_unit=commune,
        in_progress=True,
        title="Triển khai dịch vụ công trực tuyến toàn trình tại phường",
        deadline=dt.date(2026, 12, 31),
    )
    schedule = ReportScheduleFactory(
        code="nq57-quy", name="Báo cáo quý NQ57", reviewer_unit=agency, levels=["commune"]
    )
    period = period_get_or_create_by_code("2026-Q3")
    round_ = report_round_open(actor=None, schedule=schedule, period=period)
    report = Report.objects.get(obligation__round=round_, obligation__unit=commune)
    return {
        "commune": commune,
        "officer": officer,
        "leader": leader,
        "reviewer": reviewer,
        "indicator": indicator,
        "task": task,
        "period": period,
        "report": report,
    }


def test_commune_reports_the_quarter_and_the_standing_agency_accepts_it(page):
    w = _world()
    report, indicator = w["report"], w["indicator"]

    # 1. The officer enters the ratio in the grid and saves the row (HTMX).
    _login(page, "bienhoa.canbo")
    page.goto(f"{page.base_url}/indicators/entry/?unit=26068&period=2026-Q3")
    row = page.locator("tr.entry-row", has_text=indicator.code)
    row.locator("input[name$='-numerator']").fill("45")
    row.locator("input[name$='-denominator']").fill("60")
    row.locator("input[name$='-source']").fill("Hệ thống một cửa điện tử")
    row.locator("button", has_text="Lưu").click()
    page.wait_for_selector("tr.entry-row.entry-saved .entry-ok")
    assert "đã lưu" in row.inner_text()
    saved = IndicatorValue.objects.get(indicator=indicator, unit=w["commune"], period=w["period"])
    assert saved.value == Decimal("75") and saved.status == ValueStatus.DRAFT

    # A numerator above the denominator is refused with a Vietnamese field error.
    row.locator("input[name$='-numerator']").fill("70")
    row.locator("button", has_text="Lưu").click()
    page.wait_for_selector("tr.entry-row.entry-invalid")
    assert "Tử số không được lớn hơn mẫu số" in row.inner_text()
    assert row.locator("input[name$='-numerator']").input_value() == "70"  # typed kept
    shot(page, "20-steering-entry-grid-error")
    saved.refresh_from_db()
    assert saved.numerator == Decimal("45")
    # Fixed: saved again.
    row.locator("input[name$='-numerator']").fill("48")
    row.locator("button", has_text="Lưu").click()
    page.wait_for_selector("tr.entry-row.entry-saved .entry-ok")
    saved.refresh_from_db()
    assert saved.value == Decimal("80") and saved.numerator == Decimal("48")
    shot(page, "21-steering-entry-grid-saved")

    # 2. The officer records progress on the task the commune leads.
    task = w["task"]
    page.goto(f"{page.base_url}/tasks/{task.pk}/")
    page.locator("summary", has_text="Báo cáo tiến độ").click()
    form = page.locator(f"form[action='/tasks/{task.pk}/progress/']")
    form.locator("input[name=reported_on]").fill("15/09/2026")
    form.locator("input[name=percent]").fill("60")
    form.locator("textarea[name=narrative]").fill(NARRATIVE)
    form.locator("textarea[name=difficulties]").fill(DIFFICULTIES)
    form.locator("button[type=submit]").click()
    page.wait_for_selector(f".timeline li.timeline-progress:has-text('{NARRATIVE[:30]}')")
    entry = page.locator(".timeline li.timeline-progress", has_text=NARRATIVE[:30])
    assert "60 %" in entry.inner_text() and DIFFICULTIES in entry.inner_text()
    assert TaskProgress.objects.filter(task=task, percent=60).exists()
    shot(page, "22-steering-task-progress")

    # 3. The officer prefills the report's narrative from the task progress and saves it.
    page.goto(f"{page.base_url}/reports/{report.pk}/")
    page.click(f"form[action='/reports/{report.pk}/prefill/'] button[type=submit]")
    page.wait_for_selector("#narrative textarea[name=results]")
    results = page.locator("#narrative textarea[name=results]")
    assert NARRATIVE in results.input_value()
    assert DIFFICULTIES in page.locator("#narrative textarea[name=difficulties]").input_value()
    results.fill(results.input_value() + "\n- Tỷ lệ hồ sơ trực tuyến quý III đạt 80%.")
    page.locator("#narrative button[type=submit]").click()
    page.wait_for_selector("#narrative .badge.ok")
    report.refresh_from_db()
    assert "quý III đạt 80%" in report.results and report.state == ReportState.DRAFT
    _logout(page)

    # 4. The commune leader approves and sends it to the standing agency.
    _login(page, "bienhoa.lanhdao")
    page.goto(f"{page.base_url}/reports/{report.pk}/")
    page.click('button[data-step="approve"]')
    page.wait_for_selector(".report-locked")
    report.refresh_from_db()
    assert report.state == ReportState.UNIT_APPROVED
    assert page.locator("textarea[name=results]").count() == 0
    shot(page, "23-steering-report-approved")
    _logout(page)

    # 5. The standing agency finds it in its inbox and accepts it: locked, value confirmed.
    _login(page, "skhcn.lanhdao")
    page.goto(f"{page.base_url}/reports/inbox/")
    page.wait_for_selector(f"tr[data-report='{report.pk}']")
    shot(page, "24-steering-inbox")
    page.click(f"tr[data-report='{report.pk}'] a")
    page.wait_for_selector('button[data-step="accept"]')
    page.click('button[data-step="accept"]')
    page.wait_for_selector(".report-locked")
    assert "đã khóa" in page.locator(".report-locked").inner_text()
    assert page.locator("textarea[name=results]").count() == 0
    assert page.locator('button[data-step="accept"]').count() == 0
    report.refresh_from_db()
    assert report.state == ReportState.ACCEPTED and report.accepted_at is not None
    saved.refresh_from_db()
    assert saved.status == ValueStatus.CONFIRMED
    shot(page, "25-steering-report-accepted")
