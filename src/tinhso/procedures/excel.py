"""The Excel form of the exchange shape: one sheet per table, joined by `key`.

Sheets: `procedures` (one row per procedure; lists of texts joined by new lines, sources as
JSON text), `time_limits`, `fees`, `components`, `legal_basis` (one row per item). An empty
cell is null. A procedure without rows in a child sheet gets null for that list (the seed
has no empty lists). Pure file handling: `services.procedures_import` checks and writes.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import IO, Any

from django.utils.translation import gettext as _

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 200_000

MAIN = (
    "key",
    "code",
    "name",
    "level",
    "sector",
    "agency",
    "result",
    "channels",
    "requirements",
    "sources",
    "version_note",
)
CHILDREN: dict[str, tuple[str, ...]] = {
    "time_limits": ("key", "channel", "amount", "unit", "note"),
    "fees": ("key", "case", "amount_vnd", "note"),
    "components": ("key", "name", "original", "copies", "note"),
    "legal_basis": ("key", "number", "title", "date"),
}
_LISTS = ("channels", "requirements")
# (sheet, row number) of each record and child item, to report errors where they are.
Where = dict[str, tuple[str, int]]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def build_workbook(records: list[dict[str, Any]]) -> bytes:
    """The records as an .xlsx in the sheet layout above."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("procedures")
    ws.append(list(MAIN))
    for r in records:
        row: list[Any] = []
        for name in MAIN:
            value = r.get(name)
            if name in _LISTS and value is not None:
                value = "\n".join(value)
            elif name == "sources":
                value = json.dumps(value, ensure_ascii=False) if value else None
            row.append(value)
        ws.append(row)
    for sheet, columns in CHILDREN.items():
        ws = wb.create_sheet(sheet)
        ws.append(list(columns))
        for r in records:
            for item in r.get(sheet) or []:
                ws.append([r["key"], *(item.get(c) for c in columns[1:])])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read_workbook(
    file: IO[bytes] | Any,
) -> tuple[list[dict[str, Any]] | None, list[tuple[str, str, str]], Where]:
    """Records from an .xlsx, the (sheet!cell, column, message) errors of its layout, and
    where each record/item sits (for `locate`)."""
    from openpyxl import load_workbook

    errors: list[tuple[str, str, str]] = []
    where: Where = {}
    try:
        wb = load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None, [("", "", _("The file is not an Excel workbook (.xlsx)."))], where
    missing = [s for s in ("procedures", *CHILDREN) if s not in wb.sheetnames]
    if missing:
        return (
            None,
            [("", "", _("Missing sheets: %(names)s.") % {"names": ", ".join(missing)})],
            where,
        )

    def rows(sheet: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
        it = wb[sheet].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(it, ())]
        index = {}
        for c in columns:
            if c not in header:
                errors.append((f"{sheet}!1", c, _("Missing column.")))
            else:
                index[c] = header.index(c)
        out = []
        for n, values in enumerate(it, start=2):
            if n > MAX_ROWS:
                errors.append((sheet, "", _("Too many rows.")))
                break
            if values is None or all(v is None or v == "" for v in values):
                continue
            out.append(
                (
                    n,
                    {
                        c: (values[i] if i < len(values) and values[i] != "" else None)
                        for c, i in index.items()
                    },
                )
            )
        return out

    records: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    for n, row in rows("procedures", MAIN):
        record = dict(row)
        for name in ("key", "code", "name", "level", "sector", "agency", "result", "version_note"):
            if record[name] is not None and not isinstance(record[name], str):
                record[name] = str(record[name])
        for name in _LISTS:
            record[name] = str(record[name]).split("\n") if record[name] is not None else None
        if record["sources"] is None:
            record["sources"] = {}
        else:
            try:
                record["sources"] = json.loads(str(record["sources"]))
            except ValueError:
                errors.append(
                    (
                        f"procedures!{_letter(MAIN.index('sources'))}{n}",
                        "sources",
                        _("Enter JSON text."),
                    )
                )
        record["version_note"] = record["version_note"] or ""
        for sheet in CHILDREN:
            record[sheet] = None
        where[str(len(records))] = ("procedures", n)
        records.append(record)
        by_key[str(record["key"])] = record
    for sheet, columns in CHILDREN.items():
        for n, row in rows(sheet, columns):
            found = by_key.get(str(row["key"]))
            if found is None:
                errors.append((f"{sheet}!A{n}", "key", _("No procedure with this key.")))
                continue
            record = found
            items = record[sheet] = record[sheet] or []
            item = {c: row[c] for c in columns[1:]}
            for c in ("note", "title", "name", "case", "number", "date", "channel", "unit"):
                if c in item and item[c] is not None and not isinstance(item[c], str):
                    item[c] = str(item[c])
            if sheet == "components":
                item["original"] = item["original"] or 0
                item["copies"] = item["copies"] or 0
            where[f"{records.index(record)}.{sheet}.{len(items)}"] = (sheet, n)
            items.append(item)
    return records, errors, where


def locate(key: str, where: Where | None) -> tuple[str, str]:
    """An import error key (`3.time_limits.1.unit`) → (place, column) for the report: the
    sheet and row for Excel, the record number for JSON."""
    parts = key.split(".")
    if where is None:
        if parts[0].isdigit():
            return (_("record %(n)d") % {"n": int(parts[0]) + 1}) + (
                f" / {'.'.join(parts[1:-1])}" if len(parts) > 2 else ""
            ), parts[-1]
        return "", key
    for size in (3, 1):
        head = ".".join(parts[:size])
        if head in where:
            sheet, row = where[head]
            return f"{sheet}!{row}", parts[-1]
    return "", key
