"""The shared export: every row, Vietnamese intact, dates local, in CSV and Excel."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from tinhso.core.export import Column, export_response
from tinhso.core.text import fold

ROWS = [
    {
        "name": "Phường Biên Hòa",
        "n": 1234,
        "money": Decimal("363000000000"),
        "at": dt.datetime(2025, 7, 1, 1, 30, tzinfo=dt.UTC),
        "day": dt.date(2025, 7, 1),
        "ok": True,
        "none": None,
    },
    {
        "name": "Xã Phú Lý",
        "n": 5,
        "money": Decimal("0.5"),
        "at": dt.datetime(2025, 1, 24, 3, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        "day": dt.date(2026, 2, 17),
        "ok": False,
        "none": None,
    },
]
COLUMNS = [
    Column("Tên", "name"),
    Column("Số", "n"),
    Column("Tiền", "money"),
    Column("Lúc", "at"),
    Column("Ngày", "day"),
    Column("Đạt", "ok"),
    Column("Trống", "none"),
    Column("Hoa", lambda r: r["name"].upper()),
]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_streams_all_rows_with_bom_and_local_dates():
    response = export_response("csv", iter(ROWS * 1500), COLUMNS, "don-vi")
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeffTên,Số")
    lines = text.strip().splitlines()
    assert len(lines) == 1 + 3000
    assert lines[1].startswith("Phường Biên Hòa,1234,363000000000,01/07/2025 08:30,01/07/2025,x,,")
    assert "PHƯỜNG BIÊN HÒA" in lines[1]
    assert 'filename="don-vi-' in response["Content-Disposition"]


def test_xlsx_holds_every_row_with_typed_cells():
    response = export_response("xlsx", ROWS, COLUMNS, "don-vi")
    wb = load_workbook(io.BytesIO(_body(response)))
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("Tên", "Số", "Tiền")
    assert rows[1][0] == "Phường Biên Hòa" and rows[1][1] == 1234
    assert rows[1][3] == dt.datetime(2025, 7, 1, 8, 30)  # noqa: DTZ001  # Excel cells are naive local time
    assert rows[2][3] == dt.datetime(2025, 1, 24, 3, 0)  # noqa: DTZ001  # already local
    assert len(rows) == 3


def test_column_follows_attribute_paths_and_calls_methods():
    class Parent:
        name = "Đồng Nai"

    class Row:
        parent = Parent()
        missing = None

        def label(self):
            return "nhãn"

    assert Column("p", "parent.name").get(Row()) == "Đồng Nai"
    assert Column("m", "missing.name").get(Row()) is None
    assert Column("l", "label").get(Row()) == "nhãn"


def test_fold_strips_marks_and_d_stroke():
    assert fold("  Phường  BIÊN Hòa ") == "phuong bien hoa"
    assert fold("Đắk Ơ") == "dak o"
