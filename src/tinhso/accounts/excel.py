"""Excel files of the account import: the template, reading a filled sheet, the result list.

Pure file handling, no database: `services.users_import_excel` validates and writes. Columns
are recognised by their header (Vietnamese or English, diacritics and case ignored), so an
office may reorder them or add its own ("STT", notes); unknown columns are ignored.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from tinhso.core.text import fold

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A commune batch is a few thousand rows; more than this is a wrong file, not a batch.
MAX_IMPORT_ROWS = 10_000
# The header may sit under a title line or two ("DANH SÁCH TÀI KHOẢN…").
_HEADER_SEARCH_ROWS = 5
_PARENTHESES = re.compile(r"\(.*?\)")


@dataclass(frozen=True)
class ImportColumn:
    """One column of the import sheet: its key, its header label and accepted spellings."""

    key: str
    label: Promise
    required: bool
    example: str
    aliases: tuple[str, ...] = ()  # folded (no diacritics) alternative headers

    def header(self) -> str:
        return str(self.label)

    def matches(self, folded_header: str) -> bool:
        return folded_header in self._folded_names()

    def _folded_names(self) -> set[str]:
        names = {_clean_header(str(self.label)), *self.aliases}
        # Recognise both languages whatever the uploader's UI language is.
        for language in ("vi", "en"):
            with translation.override(language):
                names.add(_clean_header(str(self.label)))
        return names


IMPORT_COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn(
        "username",
        pgettext_lazy("import column", "Username"),
        True,
        "phuly.vanphong",
        ("username", "tai khoan", "ten tai khoan", "ten dang nhap"),
    ),
    ImportColumn(
        "full_name",
        pgettext_lazy("import column", "Full name"),
        True,
        "Nguyễn Thị Lan",
        ("full name", "ho ten", "ho va ten"),
    ),
    ImportColumn(
        "email",
        pgettext_lazy("import column", "E-mail"),
        False,
        "lan.nt@dongnai.gov.vn",
        ("email", "e-mail", "thu dien tu", "dia chi email", "dia chi thu dien tu"),
    ),
    ImportColumn(
        "phone",
        pgettext_lazy("import column", "Phone"),
        False,
        "0912345678",
        ("phone", "sdt", "dien thoai", "so dien thoai"),
    ),
    ImportColumn(
        "position",
        pgettext_lazy("import column", "Position"),
        False,
        "Công chức Văn phòng - Thống kê",
        ("position", "chuc vu", "chuc danh"),
    ),
    ImportColumn(
        "unit_code",
        pgettext_lazy("import column", "Unit code"),
        True,
        "26173",
        ("unit code", "ma don vi", "ma xa", "ma dvhc"),
    ),
    ImportColumn(
        "role_code",
        pgettext_lazy("import column", "Role code"),
        True,
        "officer",
        ("role code", "role", "ma vai tro", "vai tro"),
    ),
)
COLUMNS_BY_KEY = {c.key: c for c in IMPORT_COLUMNS}


def _clean_header(text: str) -> str:
    """Folded header without required-marks or notes: "Mã đơn vị (*)" → "ma don vi"."""
    return fold(_PARENTHESES.sub(" ", text).replace("*", " "))


@dataclass
class SheetRow:
    """One data row: its Excel row number and its cells by column key (text, stripped)."""

    number: int
    values: dict[str, str]
    numeric: frozenset[str] = frozenset()  # keys whose cell Excel stored as a number


@dataclass
class Sheet:
    """What was read from the upload: data rows, column letters by key, file-level errors."""

    rows: list[SheetRow] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)
    header_row: int = 1
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


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def read_sheet(file: IO[bytes] | str) -> Sheet:
    """Read the first worksheet of an .xlsx upload (read-only mode, constant memory).

    Errors (unreadable file, missing header columns, too many rows) come back in
    `Sheet.errors` as (row, column, message); the caller reports them like row errors.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    sheet = Sheet()
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        sheet.errors.append((None, "", _("The file is not an Excel workbook (.xlsx).")))
        return sheet
    try:
        _read_rows(workbook.worksheets[0], sheet)
    finally:
        workbook.close()
    return sheet


def _read_rows(worksheet: Any, sheet: Sheet) -> None:
    positions: dict[str, int] = {}
    for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if not positions:
            if number > _HEADER_SEARCH_ROWS:
                break
            found = _match_header(values)
            # A header row names at least the required columns; a title line names none.
            if sum(1 for key in found if COLUMNS_BY_KEY[key].required) >= 2:
                positions = found
                sheet.header_row = number
            continue
        cells = {key: values[i] if i < len(values) else None for key, i in positions.items()}
        texts = {key: _cell_text(v) for key, v in cells.items()}
        if not any(texts.values()):
            continue  # blank lines between blocks, trailing formatting
        if len(sheet.rows) >= MAX_IMPORT_ROWS:
            sheet.errors.append(
                (number, "", _("The file has more than %(max)d rows.") % {"max": MAX_IMPORT_ROWS})
            )
            return
        numeric = frozenset(k for k, v in cells.items() if isinstance(v, int | float))
        sheet.rows.append(SheetRow(number=number, values=texts, numeric=numeric))
    if not positions:
        sheet.errors.append(
            (None, "", _("No header row found: use the columns of the import template."))
        )
        return
    for column in IMPORT_COLUMNS:
        if column.key not in positions and column.required:
            sheet.errors.append(
                (sheet.header_row, column.header(), _("This column is missing from the file."))
            )
    sheet.letters = {key: _letter(i) for key, i in positions.items()}
    for row in sheet.rows:
        for column in IMPORT_COLUMNS:
            row.values.setdefault(column.key, "")


def _match_header(values: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        if value is None:
            continue
        folded = _clean_header(str(value))
        for column in IMPORT_COLUMNS:
            if column.key not in found and column.matches(folded):
                found[column.key] = index
                break
    return found


def _workbook_bytes(workbook: Any) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_row(worksheet: Any, values: Iterable[Any], *, bold: bool = False) -> None:
    """Append a row whose cells are all text (no formulas, no lost leading zeros)."""
    from openpyxl.styles import Font

    worksheet.append(["" if v is None else str(v) for v in values])
    for cell in worksheet[worksheet.max_row]:
        cell.data_type = "s"
        cell.number_format = "@"
        if bold:
            cell.font = Font(bold=True)


def build_template(
    *, roles: Iterable[tuple[str, str]], units: Iterable[tuple[str, str]] = ()
) -> bytes:
    """The import template: a header row and one example row, plus a help sheet.

    `roles` and `units` are (code, name) pairs listed on the help sheet.
    """
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Accounts")[:31]
    _text_row(sheet, [c.header() for c in IMPORT_COLUMNS], bold=True)
    _text_row(sheet, [c.example for c in IMPORT_COLUMNS])
    for index in range(len(IMPORT_COLUMNS)):
        letter = _letter(index)
        sheet.column_dimensions[letter].width = 24
        # Codes and phone numbers stay text, so "0912…" and "00004" keep their zeros.
        for row in range(2, 1002):
            sheet[f"{letter}{row}"].number_format = "@"
    help_sheet = workbook.create_sheet(_("Instructions")[:31])
    _text_row(help_sheet, [_("Column"), _("Required"), _("Note")], bold=True)
    notes = {
        "username": _("Letters, digits and @ . + - _ only; unique."),
        "email": _("Optional; a valid address when given."),
        "unit_code": _("Official code of a current unit you administer."),
        "role_code": _("One of the role codes listed below."),
    }
    for column in IMPORT_COLUMNS:
        _text_row(
            help_sheet,
            [column.header(), _("yes") if column.required else _("no"), notes.get(column.key, "")],
        )
    help_sheet.append([])
    _text_row(help_sheet, [_("Role code"), _("Role")], bold=True)
    for code, name in roles:
        _text_row(help_sheet, [code, name])
    unit_list = list(units)
    if unit_list:
        help_sheet.append([])
        _text_row(help_sheet, [_("Unit code"), _("Unit")], bold=True)
        for code, name in unit_list:
            _text_row(help_sheet, [code, name])
    for letter in ("A", "B", "C"):
        help_sheet.column_dimensions[letter].width = 40
    return _workbook_bytes(workbook)


ACCOUNT_SHEET_COLUMNS: tuple[tuple[str, Promise], ...] = (
    ("username", pgettext_lazy("import column", "Username")),
    ("full_name", pgettext_lazy("import column", "Full name")),
    ("unit", pgettext_lazy("import column", "Unit")),
    ("role", pgettext_lazy("import column", "Role")),
    ("password", pgettext_lazy("import column", "Initial password")),
)


def build_accounts_sheet(accounts: Iterable[dict[str, str]]) -> bytes:
    """The created accounts with their one-time passwords, to hand over to each official."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Accounts")[:31]
    _text_row(sheet, [str(label) for _key, label in ACCOUNT_SHEET_COLUMNS], bold=True)
    for account in accounts:
        _text_row(sheet, [account.get(key, "") for key, _label in ACCOUNT_SHEET_COLUMNS])
    for letter, width in zip("ABCDE", (24, 30, 36, 24, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    return _workbook_bytes(workbook)
