"""A dossier received regardless of administrative boundaries, end to end, in the browser.

The counter officer of Phường Biên Hòa receives a birth-registration dossier that Xã Phú Lý
resolves (the procedure is on the province's boundary-free list) and prints the appointment
slip; the Phú Lý officer finds it in the work queue, starts it, asks for a supplement (the
clock stops), records the supplement (the due date moves), finishes it with the electronic
result and returns it; the Decision 766 page of Phú Lý then counts the dossier and explains
the points. Factory-built data keeps it quick. Screenshots: tests/browser/screenshots/.
"""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.accounts.tests.factories import member
from tinhso.dossiers.models import Dossier, Status
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.serviceindex.services import serviceindex_refresh
from tinhso.units.tests.factories import UnitFactory

from .conftest import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "demo-Pass-2025"


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
    bien_hoa = UnitFactory(
        parent=province, code="26068", name="Phường Biên Hòa", division_type="phường"
    )
    phu_ly = UnitFactory(parent=province, code="26173", name="Xã Phú Lý")
    member(bien_hoa, "officer", username="bienhoa.canbo", full_name="Võ Thị Mai")
    member(phu_ly, "officer", username="phuly.canbo", full_name="Ngô Thị Lan")
    procedure = ProcedureFactory(
        code="1.001193",
        name="Đăng ký khai sinh",
        boundary_free=True,
        online_level="full",
        owner_unit=province,
    )
    procedure.time_limits.filter(channel="in_person").update(amount=15)
    for user in User.objects.filter(username__in=["bienhoa.canbo", "phuly.canbo"]):
        user.set_password(PASSWORD)
        user.save()
    return {"procedure": procedure, "phu_ly": phu_ly}


def _backdate(dossier: Dossier, days: int, *actions: str) -> None:
    """Move the given steps (and what they set) `days` back, as if they happened then."""
    from tinhso.dossiers import clock

    shift = timezone.timedelta(days=days)
    dossier.refresh_from_db()
    for event in dossier.events.filter(action__in=actions):
        event.at -= shift
        event.save(update_fields=["at"])
    if "receive" in actions:
        received = dossier.received_at - shift
        limit = clock.Limit(dossier.limit_amount, dossier.limit_unit, dossier.limit_policy)
        due = clock.due_for(received, limit)
        Dossier.objects.filter(pk=dossier.pk).update(
            registered_at=received, received_at=received, due_at=due, original_due_at=due
        )
    if "request_supplement" in actions:
        pause = dossier.pauses.get(ended_at__isnull=True)
        pause.started_at -= shift
        pause.save(update_fields=["started_at"])
        Dossier.objects.filter(pk=dossier.pk).update(pause_started_at=pause.started_at)


def _act(page, action: str, **fields: str) -> None:
    form = page.locator(f"form.dossier-action:has(input[name=action][value={action}])")
    for name, value in fields.items():
        form.locator(f"[name={name}]").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def test_boundary_free_dossier_from_counter_to_766(page):
    _world()

    # 1. Counter of Phường Biên Hòa receives it for Xã Phú Lý.
    _login(page, "bienhoa.canbo")
    page.goto(f"{page.base_url}/ho-so/tiep-nhan/")
    page.fill("input[name=q]", "khai sinh")
    page.locator("#procedure-results a", has_text="Đăng ký khai sinh").first.click()
    page.wait_for_load_state("networkidle")
    page.fill("input[name=applicant_name]", "Trần Thị Hoa")
    page.fill("input[name=applicant_id_number]", "079301002345")
    page.fill("input[name=applicant_phone]", "0912345678")
    page.select_option("select[name=resolving_unit]", label="Xã Phú Lý")
    shot(page, "dossier-01-reception")
    page.click("form.dossier-reception button[type=submit]")
    page.wait_for_url(re.compile(r".*/ho-so/26068-\d{6}-0001/.*"))
    dossier = Dossier.objects.get()
    assert (dossier.receiving_unit.code, dossier.resolving_unit.code) == ("26068", "26173")
    assert page.locator("text=In giấy tiếp nhận và hẹn trả kết quả").count() >= 1
    shot(page, "dossier-02-received")
    _backdate(dossier, 7, "receive")  # as if received a week ago
    page.goto(f"{page.base_url}/ho-so/{dossier.code}/giay-hen/")
    assert page.locator("text=CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").count() == 1
    shot(page, "dossier-03-slip")
    _logout(page)

    # 2. Phú Lý's officer finds it in the queue and processes it.
    _login(page, "phuly.canbo")
    page.goto(f"{page.base_url}/ho-so/viec-cua-toi/")
    assert page.locator(f"#new >> text={dossier.code}").count() == 1
    shot(page, "dossier-04-queue")
    page.locator(f"#new a:has-text('{dossier.code}')").first.click()
    page.wait_for_url(re.compile(f".*/ho-so/{dossier.code}/"))
    _act(page, "start")
    _act(page, "request_supplement", note="Bổ sung bản sao giấy chứng nhận kết hôn của cha mẹ")
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT
    due_before = dossier.due_at
    shot(page, "dossier-05-supplement")
    # Started three days ago, supplement asked two days ago; the applicant brings it today.
    _backdate(dossier, 3, "start")
    _backdate(dossier, 2, "request_supplement")
    page.reload()
    _act(page, "supplement_received")
    dossier.refresh_from_db()
    assert dossier.due_at > due_before, "the due date moves by the paused time"
    _act(page, "finish", result_name="Giấy khai sinh", result_code="KS-2026-000123")
    _act(page, "return_result")
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED and dossier.timeliness in {"early", "on_time"}
    assert page.locator("text=Đã trả kết quả").count() >= 1
    shot(page, "dossier-06-returned")

    # 3. The 766 page of Phú Lý counts it and explains the points.
    serviceindex_refresh(full=True)
    today = timezone.localdate()
    quarter = f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    page.goto(f"{page.base_url}/chi-so-766/26173/?period={quarter}")
    body = page.content()
    assert "2.1" in body and "20 × 100,00 %" in body
    shot(page, "dossier-07-766")
