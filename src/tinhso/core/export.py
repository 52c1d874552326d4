"""One export mechanism for every list: all filtered rows to CSV (streamed) or Excel.

A list declares its columns once (`Column(header, value)`); the same declaration serves
the CSV and the XLSX writer, so every list in every app exports the same way. Rows are
read with `.iterator()` in chunks, so exporting 100k rows does not load them all at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from django.utils.text import slugify

EXPORT_FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    """One exported column: a header (translatable) and an attribute path or a callable."""

    header: Any
    value: str | Callable[[Any], Any]

    def get(self, row: Any) -> Any:
        if callable(self.value):
            return self.value(row)
        current = row
        for part in self.value.split("."):
            if current is None:
                return None
            current = current.get(part) if isinstance(current, dict) else getattr(current, part)
            if callable(current) and not isinstance(current, type):
                current = current()
        return current


def _plain(value: Any) -> Any:
    """Cell value for CSV/XLSX: local naive datetimes, plain numbers, text for the rest."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, (int, float, Decimal, dt.date)):
        return value
    return str(value)


def _iter_rows(rows: Iterable[Any]) -> Iterator[Any]:
    if isinstance(rows, QuerySet):
        yield from rows.iterator(chunk_size=2000)
    else:
        yield from rows


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(rows: Iterable[Any], columns: Sequence[Column], filename: str) -> HttpResponseBase:
    """Stream all rows as UTF-8 CSV with a BOM, so Excel shows Vietnamese correctly."""
    writer = csv.writer(_Echo())

    def generate() -> Iterator[str]:
        yield "\ufeff"
        yield writer.writerow([str(c.header) for c in columns])
        for row in _iter_rows(rows):
            out = []
            for c in columns:
                v = _plain(c.get(row))
                out.append(
                    v.strftime("%d/%m/%Y %H:%M")
                    if isinstance(v, dt.datetime)
                    else v.strftime("%d/%m/%Y")
                    if isinstance(v, dt.date)
                    else v
                )
            yield writer.writerow(out)

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def export_xlsx(
    rows: Iterable[Any], columns: Sequence[Column], filename: str, *, title: str = ""
) -> HttpResponseBase:
    """Write all rows to an .xlsx (openpyxl write-only mode, constant memory) and send it."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=(slugify(title)[:31] or "data"))
    header = []
    for c in columns:
        cell = WriteOnlyCell(ws, value=str(c.header))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in _iter_rows(rows):
        ws.append([_plain(c.get(row)) for c in columns])
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115  # closed by FileResponse
    wb.save(tmp)
    tmp.seek(0)
    return FileResponse(
        tmp, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


def export_response(
    fmt: str, rows: Iterable[Any], columns: Sequence[Column], basename: str
) -> HttpResponseBase:
    """Dispatch on `fmt` ("csv" or "xlsx"); the file name carries the local date."""
    stamp = timezone.localdate().strftime("%Y%m%d")
    filename = f"{basename}-{stamp}"
    if fmt == "xlsx":
        return export_xlsx(rows, columns, filename, title=basename)
    return export_csv(rows, columns, filename)
