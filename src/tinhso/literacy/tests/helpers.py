"""Building course exports (CSV and Excel) in tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

HEADER = (
    "STT",
    "Họ tên",
    "Số định danh",
    "Đơn vị / xã",
    "Đối tượng",
    "Khóa học",
    "Ngày đăng ký",
    "Ngày hoàn thành",
    "Số chứng nhận",
)


def row(
    id_number: str,
    unit: str = "Phường Biên Hòa",
    group: str = "Người dân",
    course: str = "BDHVS-01",
    enrolled: str = "01/08/2025",
    completed: str = "",
    certificate: str = "",
    name: str = "Nguyễn Văn A",
) -> list[str]:
    return ["", name, id_number, unit, group, course, enrolled, completed, certificate]


def csv_file(rows: Sequence[Sequence[str]], header: Sequence[str] = HEADER) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for i, values in enumerate(rows, start=1):
        values = list(values)
        if values and values[0] == "":
            values[0] = str(i)
        writer.writerow(values)
    return io.BytesIO(("\ufeff" + buffer.getvalue()).encode())


def xlsx_file(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> io.BytesIO:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH HỌC VIÊN"])
    sheet.append(list(header))
    for values in rows:
        sheet.append(list(values))
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out
