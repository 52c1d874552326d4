"""Fixtures of the accounts tests: a small unit tree and its administrators."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory

HEADER_VI = [
    "Tên đăng nhập",
    "Họ và tên",
    "Thư điện tử",
    "Số điện thoại",
    "Chức vụ",
    "Mã đơn vị",
    "Mã vai trò",
]


@pytest.fixture
def tree(db):
    """Province P (75) with communes A (26068) and B (26080); A's service centre C;
    another province X (79) with commune Y (26734)."""
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    a = UnitFactory(parent=p, code="26068", name="Phường Biên Hòa")
    b = UnitFactory(parent=p, code="26080", name="Phường Long Khánh")
    c = UnitFactory(parent=a, service_centre=True, code="SC-BH", name="Trung tâm PVHCC Biên Hòa")
    x = UnitFactory(province=True, code="79", name="Hồ Chí Minh")
    y = UnitFactory(parent=x, code="26734", name="Phường Sài Gòn")
    return {"p": p, "a": a, "b": b, "c": c, "x": x, "y": y}


@pytest.fixture
def admin_a(tree):
    return member(tree["a"], "admin", full_name="Quản Trị Biên Hòa", username="admin.bienhoa")


@pytest.fixture
def admin_b(tree):
    return member(tree["b"], "admin", full_name="Quản Trị Long Khánh", username="admin.longkhanh")


@pytest.fixture
def admin_p(tree):
    return member(tree["p"], "admin", full_name="Quản Trị Tỉnh", username="admin.tinh")


@pytest.fixture
def inspector_p(tree):
    return member(tree["p"], "inspector", full_name="Thanh Tra Tỉnh", username="thanhtra")


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_xlsx(
    rows: Iterable[Sequence[Any]],
    header: Sequence[Any] | None = None,
    *,
    title_rows: Iterable[Sequence[Any]] = (),
    name: str = "accounts.xlsx",
) -> io.BytesIO:
    """An in-memory .xlsx with optional title lines, a header row and data rows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in title_rows:
        sheet.append(list(row))
    sheet.append(list(header if header is not None else HEADER_VI))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def good_rows(count: int, unit_code: str = "26068", role_code: str = "officer", start: int = 1):
    return [
        [
            f"cb{unit_code}.{i}",
            f"Nguyễn Văn {i}",
            f"cb{unit_code}.{i}@dongnai.gov.vn",
            f"09{i:08d}",
            "Công chức Văn phòng - Thống kê",
            unit_code,
            role_code,
        ]
        for i in range(start, start + count)
    ]
