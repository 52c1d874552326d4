"""A province administrator creates commune accounts from Excel: all or nothing.

After the 2025 merger Đồng Nai re-created thousands of accounts; this is that flow.
"""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from tinhso.accounts.models import User
from tinhso.accounts.tests.factories import member
from tinhso.units.models import Unit

from .conftest import shot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HEADER = [
    "Tên đăng nhập",
    "Họ và tên",
    "Thư điện tử",
    "Số điện thoại",
    "Chức vụ",
    "Mã đơn vị",
    "Vai trò",
]


def _sheet(tmp_path, rows, name):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    buffer = io.BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_admin_imports_commune_accounts_all_or_nothing(page, tmp_path):
    call_command("load_units", verbosity=0)
    province = Unit.objects.current().get(code="75", level__code="province")
    member(province, "admin", username="admin.tinh", full_name="Trần Quốc Hùng")
    good = [
        [
            "cb26041.9",
            "Nguyễn Thị Hoa",
            "hoa@dongnai.gov.vn",
            "0912345678",
            "Công chức Văn phòng",
            "26041",
            "officer",
        ],
        [
            "cb26068.9",
            "Trần Văn Bình",
            "binh@dongnai.gov.vn",
            "0987654321",
            "Phó Chủ tịch UBND phường",
            "26068",
            "leader",
        ],
    ]
    bad_row = ["cb00070.9", "Lê Văn Cường", "khong-phai-email", "", "Công chức", "00070", "officer"]

    page.goto(f"{page.base_url}/accounts/login/")
    page.fill("input[name=username]", "admin.tinh")
    page.fill("input[name=password]", "demo-Pass-2025")
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/$"))
    page.goto(f"{page.base_url}/accounts/users/import/")

    # One bad row (bad e-mail, and a Hà Nội unit the admin does not manage): nothing saved.
    page.set_input_files("input[type=file]", str(_sheet(tmp_path, [*good, bad_row], "a.xlsx")))
    page.click("form.form button[type=submit]")
    page.wait_for_selector("[role=alert]")
    shot(page, "10-import-errors")
    errors = page.locator("table tbody tr")
    assert errors.count() >= 2
    assert "4" in errors.first.inner_text()  # row 4 of the sheet (header is row 1)
    assert not User.objects.filter(username__in=["cb26041.9", "cb26068.9"]).exists()

    # The corrected file: every account created, passwords shown once.
    page.goto(f"{page.base_url}/accounts/users/import/")
    page.set_input_files("input[type=file]", str(_sheet(tmp_path, good, "b.xlsx")))
    page.click("form.form button[type=submit]")
    page.wait_for_selector(".secret-card")
    shot(page, "11-import-success")
    assert page.locator("code.secret-inline").count() == 2
    assert set(
        User.objects.filter(username__startswith="cb").values_list("username", flat=True)
    ) == {"cb26041.9", "cb26068.9"}

    # The audit log shows who created them.
    page.goto(f"{page.base_url}/accounts/audit/")
    page.wait_for_selector("text=Nguyễn Thị Hoa")
    shot(page, "12-audit-after-import")
