"""Files of the training-record import: reading a course export (CSV or Excel) and the template.

Pure file handling, no database: `services.training_records_import` validates and writes.
Columns are recognised by their header as a platform export writes them (Vietnamese or
English, diacritics, case and notes in parentheses ignored), so an office may reorder them
or add its own ("STT", notes); unknown columns are ignored. The person's name ("Họ tên") is
read only to recognise the layout: it is never passed on, never stored.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tinhso.core.text import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A whole province's platform export for one course fits well below this.
MAX_IMPORT_ROWS = 300_000
# The header may sit under a title line or two ("DANH SÁCH HỌC VIÊN…").
_HEADER_SEARCH_ROWS = 6
_PARENTHESES = re.compile(r"\(.*?\)")


@dataclass(frozen=True)
class ImportColumn:
    """One column of a course export: its key, its header label, accepted folded spellings."""

    key: str
    label: Any
    required: bool
    example: str
    aliases: tuple[str, ...] = ()


IMPORT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "full_name",
        gettext_lazy("Full name (not stored)"),
        False,
        "Nguyễn Thị Lan",
        ("ho ten", "ho va ten", "full name", "ten hoc vien", "hoc vien"),
    ),
    ImportColumn(
        "id_number",
        gettext_lazy("Personal identification number"),
        True,
        "075190001234",
        (
            "so dinh danh",
            "so dinh danh ca nhan",
            "ma dinh danh",
            "cccd",
            "so cccd",
            "can cuoc",
            "so can cuoc",
            "can cuoc cong dan",
            "so can cuoc cong dan",
            "personal identification number",
            "id number",
        ),
    ),
    ImportColumn(
        "unit",
        gettext_lazy("Unit / commune"),
        True,
        "Xã Phú Lý",
        (
            "don vi",
            "xa",
            "don vi / xa",
            "don vi/xa",
            "xa/phuong",
            "xa, phuong",
            "phuong/xa",
            "don vi cong tac",
            "dia ban",
            "unit / commune",
            "unit",
            "commune",
        ),
    ),
    ImportColumn(
        "unit_code",
        gettext_lazy("Unit code"),
        False,
        "26173",
        ("ma don vi", "ma xa", "ma dvhc", "unit code"),
    ),
    ImportColumn(
        "group",
        gettext_lazy("Target group"),
        True,
        "Người dân",
        ("doi tuong", "nhom doi tuong", "target group", "group"),
    ),
    ImportColumn(
        "course",
        gettext_lazy("Course"),
        False,
        "BDHVS-ND-2025",
        ("khoa hoc", "ma khoa hoc", "ten khoa hoc", "course", "course code"),
    ),
    ImportColumn(
        "enrolled_on",
        gettext_lazy("Enrolment date"),
        True,
        "15/08/2025",
        ("ngay dang ky", "ngay tham gia", "ngay ghi danh", "enrolment date", "enrolled on"),
    ),
    ImportColumn(
        "completed_on",
        gettext_lazy("Completion date"),
        False,
        "30/08/2025",
        ("ngay hoan thanh", "completion date", "completed on"),
    ),
    ImportColumn(
        "certificate_number",
        gettext_lazy("Certificate number"),
        False,
        "BDHVS-2025-000123",
        ("so chung nhan", "so giay chung nhan", "so chung chi", "certificate number"),
    ),
    ImportColumn(
        "certificate_date",
        gettext_lazy("Certificate date"),
        False,
        "31/08/2025",
        ("ngay cap chung nhan", "ngay chung nhan", "ngay cap", "certificate date"),
    ),
    ImportColumn(
        "mode",
        gettext_lazy("Mode (online / in person)"),
        False,
        "trực tuyến",
        ("hinh thuc", "hinh thuc hoc", "mode"),
    ),
)
COLUMNS_BY_KEY = {c.key: c for c in IMPORT_COLUMNS}
# Keys passed on to the service: the name is read for the layout only and dropped here.
_KEPT_KEYS = tuple(c.key for c in IMPORT_COLUMNS if c.key != "full_name")


def clean_header(text: str) -> str:
    """Folded header without required marks or notes: "Số định danh (*)" → "so dinh danh"."""
    return fold(_PARENTHESES.sub(" ", text).replace("*", " ")).strip(" :.")


def _names(column: ImportColumn) -> set[str]:
    from django.utils import translation

    names = set(column.aliases)
    for language in ("vi", "en"):
        with translation.override(language):
            names.add(clean_header(str(column.label)))
    return names


@dataclass
class ImportRow:
    """One data row: its number in the file and its cells by key (text, stripped)."""

    number: int
    values: dict[str, str]
    numeric: frozenset[str] = frozenset()  # keys whose cell Excel stored as a number


@dataclass
class ImportFile:
    """What was read: data rows, header columns found, file-level errors (row, column, msg)."""

    rows: list[ImportRow] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)
    errors: list[tuple[int | None, str, str]] = field(default_factory=list)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def read_import_file(file: IO[bytes], filename: str) -> ImportFile:
    """Read a CSV (UTF-8, comma/semicolon/tab) or .xlsx export into rows.

    Errors (unreadable file, missing columns, too many rows) come back in `errors`.
    """
    name = (filename or "").lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(file)
    return _read_xlsx(file)


def _read_csv(file: IO[bytes]) -> ImportFile:
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        result = ImportFile()
        result.errors.append((None, "", _("The CSV file is not UTF-8 text.")))
        return result
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        return _read_rows(reader, numeric_cells=False)
    except csv.Error:
        result = ImportFile()
        result.errors.append((None, "", _("The CSV file cannot be read (broken quotes or lines).")))
        return result


def _read_xlsx(file: IO[bytes]) -> ImportFile:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        result = ImportFile()
        result.errors.append(
            (None, "", _("The file is neither an Excel workbook (.xlsx) nor a CSV file."))
        )
        return result
    try:
        return _read_rows(workbook.worksheets[0].iter_rows(values_only=True), numeric_cells=True)
    finally:
        workbook.close()


def _match_header(values: Any) -> dict[str, int]:
    found: dict[str, int] = {}
    lookup = {name: column.key for column in IMPORT_COLUMNS for name in _names(column)}
    for index, value in enumerate(values or ()):
        key = lookup.get(clean_header(_cell_text(value)))
        if key and key not in found:
            found[key] = index
    return found


def _read_rows(lines: Iterator[Any] | Any, *, numeric_cells: bool) -> ImportFile:
    result = ImportFile()
    positions: dict[str, int] = {}
    for number, values in enumerate(lines, start=1):
        if not positions:
            if number > _HEADER_SEARCH_ROWS:
                break
            found = _match_header(values)
            # A header names at least two required columns; a title line names none.
            if sum(1 for key in found if COLUMNS_BY_KEY[key].required) >= 2:
                positions = found
            continue
        cells = {
            key: values[i] if i < len(values) else None
            for key, i in positions.items()
            if key in _KEPT_KEYS
        }
        if numeric_cells:
            texts = {key: _cell_text(v) for key, v in cells.items()}
        else:  # CSV cells are text already
            texts = {key: (v or "").strip() for key, v in cells.items()}
        if not any(texts.values()):
            continue  # blank lines, trailing formatting
        if len(result.rows) >= MAX_IMPORT_ROWS:
            result.errors.append(
                (number, "", _("The file has more than %(max)d rows.") % {"max": MAX_IMPORT_ROWS})
            )
            return result
        numeric = (
            frozenset(k for k, v in cells.items() if isinstance(v, int | float))
            if numeric_cells
            else frozenset()
        )
        result.rows.append(ImportRow(number=number, values=texts, numeric=numeric))
    result.columns = {k for k in positions if k in _KEPT_KEYS}
    if not positions:
        result.errors.append((None, "", _("No header row with the expected columns was found.")))
        return result
    for column in IMPORT_COLUMNS:
        if column.required and column.key not in positions:
            result.errors.append(
                (
                    None,
                    str(column.label),
                    _("The file has no column “%(name)s”.") % {"name": column.label},
                )
            )
    return result


def template_xlsx() -> bytes:
    """The import template: the header row and one example row (an illustrative person)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "import"
    sheet.append([str(c.label) for c in IMPORT_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([c.example for c in IMPORT_COLUMNS])
    for index, column in enumerate(IMPORT_COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(str(column.label)) + 2)
        # The ID column as text, so Excel keeps the leading zero of a citizen ID.
        if column.key == "id_number":
            sheet.cell(row=2, column=index).number_format = "@"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_csv() -> str:
    """The CSV template (UTF-8 with a BOM so Excel shows the Vietnamese headers)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([str(c.label) for c in IMPORT_COLUMNS])
    writer.writerow([c.example for c in IMPORT_COLUMNS])
    return "\ufeff" + buffer.getvalue()
