"""The exchange shape of a procedure: exactly one object of `data/procedures.json`.

`parse_records` checks a list of such objects and returns them normalised (codes instead of
the portal's Vietnamese labels) with errors keyed `"<index>.<field>[.<row>.<column>]"`;
`record_of` turns a stored procedure back into the same shape, so JSON round-trips.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from tinhso.workcalendar.deadlines.limits import TimeUnit

from .models import LEVEL_FIELDS, Channel, Procedure

RECORD_FIELDS: tuple[str, ...] = (
    "key",
    "code",
    "name",
    "level",
    "sector",
    "agency",
    "result",
    "time_limits",
    "fees",
    "channels",
    "components",
    "requirements",
    "legal_basis",
    "sources",
    "version_note",
)
LIST_FIELDS: tuple[str, ...] = (
    "time_limits",
    "fees",
    "channels",
    "components",
    "requirements",
    "legal_basis",
)
# The portal's labels (as in procedures.json) ↔ our codes.
CHANNEL_LABELS: dict[str, str] = {
    "Trực tiếp": Channel.IN_PERSON,
    "Dịch vụ bưu chính": Channel.POST,
    "Trực tuyến": Channel.ONLINE,
}
LEVEL_LABELS: dict[str, str] = {
    "Cấp bộ": "at_ministry",
    "Cấp tỉnh": "at_province",
    "Cấp xã": "at_commune",
    "Cơ quan khác": "at_other",
}
UNIT_LABELS: dict[str, str] = {
    "Ngày làm việc": TimeUnit.WORKING_DAYS,
    "Ngày": TimeUnit.CALENDAR_DAYS,
    "Giờ làm việc": TimeUnit.WORKING_HOURS,
    "Tháng": TimeUnit.MONTHS,
}
CHANNEL_OF = {v: k for k, v in CHANNEL_LABELS.items()}
LEVEL_OF = {v: k for k, v in LEVEL_LABELS.items()}
UNIT_OF = {v: k for k, v in UNIT_LABELS.items()}
KEY_RE = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")
CODE_RE = re.compile(r"^\d+\.\d{6}$")
MAX_RECORDS = 5000


@dataclass
class ParsedRecord:
    """One checked record: scalar fields for `Procedure`, child rows, and the raw record."""

    key: str
    fields: dict[str, Any]
    time_limits: list[dict[str, Any]] | None
    fees: list[dict[str, Any]] | None
    components: list[dict[str, Any]] | None
    legal_basis: list[dict[str, Any]] | None
    raw: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


class _Errors:
    def __init__(self) -> None:
        self.items: dict[str, list[str]] = {}

    def add(self, key: str, message: str) -> None:
        self.items.setdefault(key, []).append(message)


def _text(value: Any, where: str, errors: _Errors, *, max_length: int | None = None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        errors.add(where, _("Enter text."))
        return None
    if "\x00" in value:
        errors.add(where, _("Null characters are not allowed."))
        return None
    if max_length is not None and len(value) > max_length:
        errors.add(where, _("At most %(n)d characters.") % {"n": max_length})
        return None
    return value


def _int(value: Any, where: str, errors: _Errors, *, maximum: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= maximum:
        errors.add(where, _("Enter a whole number from 0 to %(max)d.") % {"max": maximum})
        return None
    return int(value)


def _rows(record: dict[str, Any], name: str, i: int, errors: _Errors) -> list[Any] | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, list):
        errors.add(f"{i}.{name}", _("Enter a list or null."))
        return None
    return value


def _row_dict(row: Any, where: str, keys: Sequence[str], errors: _Errors) -> dict[str, Any]:
    if not isinstance(row, dict):
        errors.add(where, _("Enter an object."))
        return {}
    for extra in sorted(set(row) - set(keys)):
        errors.add(f"{where}.{extra}", _("Unknown field."))
    return row


def _parse_one(record: Any, i: int, errors: _Errors) -> ParsedRecord | None:
    if not isinstance(record, dict):
        errors.add(str(i), _("Enter an object."))
        return None
    for extra in sorted(set(record) - set(RECORD_FIELDS)):
        errors.add(f"{i}.{extra}", _("Unknown field."))
    key = record.get("key")
    if not isinstance(key, str) or not KEY_RE.match(key):
        errors.add(f"{i}.key", _("Enter a key of letters, digits, - or _ (at most 80)."))
        key = ""
    # Generated records keep their mark when exported and imported elsewhere.
    fields: dict[str, Any] = {"key": key, "is_synthetic": key.startswith("syn-")}
    warnings: list[str] = []
    code = _text(record.get("code"), f"{i}.code", errors, max_length=20)
    if code is not None and not CODE_RE.match(code):
        warnings.append(_("Code %(code)s is not in the form d.dddddd.") % {"code": code})
    fields["code"] = code
    fields["name"] = _text(record.get("name"), f"{i}.name", errors)
    for name, max_length in (("sector", 200), ("agency", None), ("result", None)):
        fields[name] = _text(record.get(name), f"{i}.{name}", errors, max_length=max_length)
    fields["version_note"] = _text(record.get("version_note"), f"{i}.version_note", errors) or ""
    levels = dict.fromkeys(LEVEL_FIELDS, False)
    level = _text(record.get("level"), f"{i}.level", errors)
    if level is not None:
        for part in (p.strip() for p in level.split(",")):
            if part not in LEVEL_LABELS:
                errors.add(
                    f"{i}.level",
                    _("Unknown level “%(level)s”; use %(known)s.")
                    % {"level": part, "known": ", ".join(LEVEL_LABELS)},
                )
            else:
                levels[LEVEL_LABELS[part]] = True
    fields.update(levels)
    sources = record.get("sources", {})
    if sources is None:
        sources = {}
    if not isinstance(sources, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in sources.items()
    ):
        errors.add(f"{i}.sources", _("Enter an object of field → citation texts."))
        sources = {}
    fields["sources"] = sources
    channels = _rows(record, "channels", i, errors)
    if channels is not None:
        codes = []
        for j, label in enumerate(channels):
            if label not in CHANNEL_LABELS:
                errors.add(f"{i}.channels.{j}", _("Unknown channel."))
            else:
                codes.append(CHANNEL_LABELS[label])
        channels = codes
    fields["channels"] = channels
    requirements = _rows(record, "requirements", i, errors)
    if requirements is not None and not all(isinstance(x, str) for x in requirements):
        errors.add(f"{i}.requirements", _("Enter a list of texts."))
    fields["requirements"] = requirements
    fields["null_lists"] = [n for n in LIST_FIELDS if record.get(n) is None]

    time_limits = None
    if (rows := _rows(record, "time_limits", i, errors)) is not None:
        time_limits = []
        for j, raw in enumerate(rows):
            where = f"{i}.time_limits.{j}"
            row = _row_dict(raw, where, ("channel", "amount", "unit", "note"), errors)
            channel = CHANNEL_LABELS.get(row.get("channel", ""))
            if channel is None:
                errors.add(f"{where}.channel", _("Unknown channel."))
            amount = row.get("amount")
            if amount is not None:
                try:
                    if isinstance(amount, bool):
                        raise InvalidOperation
                    amount = Decimal(str(amount))
                    if amount < 0 or amount > 10000:
                        raise InvalidOperation
                except (InvalidOperation, ValueError):
                    errors.add(f"{where}.amount", _("Enter a number from 0 to 10000."))
                    amount = None
            unit = row.get("unit")
            if unit is not None and unit not in UNIT_LABELS:
                errors.add(
                    f"{where}.unit",
                    _("Unknown unit; use %(known)s.") % {"known": ", ".join(UNIT_LABELS)},
                )
            time_limits.append(
                {
                    "channel": channel,
                    "amount": amount,
                    "unit": UNIT_LABELS.get(unit) if unit else None,
                    "note": _text(row.get("note"), f"{where}.note", errors),
                }
            )
    fees = None
    if (rows := _rows(record, "fees", i, errors)) is not None:
        fees = []
        for j, raw in enumerate(rows):
            where = f"{i}.fees.{j}"
            row = _row_dict(raw, where, ("case", "amount_vnd", "note"), errors)
            case = _text(row.get("case"), f"{where}.case", errors, max_length=200)
            fees.append(
                {
                    "case_label": case,
                    "channel": CHANNEL_LABELS.get(case or ""),
                    "amount_vnd": _int(
                        row.get("amount_vnd"), f"{where}.amount_vnd", errors, maximum=10**12
                    ),
                    "note": _text(row.get("note"), f"{where}.note", errors),
                }
            )
    components = None
    if (rows := _rows(record, "components", i, errors)) is not None:
        components = []
        for j, raw in enumerate(rows):
            where = f"{i}.components.{j}"
            row = _row_dict(raw, where, ("name", "original", "copies", "note"), errors)
            comp_name = _text(row.get("name"), f"{where}.name", errors)
            if not comp_name:
                errors.add(f"{where}.name", _("This field is required."))
            components.append(
                {
                    "name": comp_name or "",
                    "original_count": _int(
                        row.get("original", 0), f"{where}.original", errors, maximum=1000
                    )
                    or 0,
                    "copy_count": _int(
                        row.get("copies", 0), f"{where}.copies", errors, maximum=1000
                    )
                    or 0,
                    "note": _text(row.get("note"), f"{where}.note", errors),
                }
            )
    legal_basis = None
    if (rows := _rows(record, "legal_basis", i, errors)) is not None:
        legal_basis = []
        for j, raw in enumerate(rows):
            where = f"{i}.legal_basis.{j}"
            row = _row_dict(raw, where, ("number", "title", "date"), errors)
            number = _text(row.get("number"), f"{where}.number", errors, max_length=80)
            if not number:
                errors.add(f"{where}.number", _("This field is required."))
            date = _text(row.get("date"), f"{where}.date", errors, max_length=20)
            if date is not None and parse_vn_date(date) is None:
                errors.add(f"{where}.date", _("Enter a date as dd/mm/yyyy."))
            legal_basis.append(
                {
                    "number": number or "",
                    "title": _text(row.get("title"), f"{where}.title", errors),
                    "date_text": date,
                }
            )
    return ParsedRecord(
        key=key,
        fields=fields,
        time_limits=time_limits,
        fees=fees,
        components=components,
        legal_basis=legal_basis,
        raw=record,
        warnings=warnings,
    )


def parse_vn_date(text: str) -> Any:
    """`"12/6/2025"` → `date(2025, 6, 12)`; None when not a valid d/m/yyyy date."""
    import datetime as dt

    match = re.match(r"^(\d{1,2})/(\d{1,2})/(\d{4})$", text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_records(data: Any) -> tuple[list[ParsedRecord], dict[str, list[str]]]:
    """Check a list of records; errors keyed by `index.field…` (empty when all is well)."""
    errors = _Errors()
    if not isinstance(data, list):
        errors.add("records", _("Enter a list of procedures."))
        return [], errors.items
    if len(data) > MAX_RECORDS:
        errors.add("records", _("At most %(n)d procedures per import.") % {"n": MAX_RECORDS})
        return [], errors.items
    parsed = [p for i, r in enumerate(data) if (p := _parse_one(r, i, errors)) is not None]
    seen: dict[str, int] = {}
    codes: dict[str, int] = {}
    for i, p in enumerate(parsed):
        if p.key and p.key in seen:
            errors.add(f"{i}.key", _("Key repeated from record %(n)d.") % {"n": seen[p.key] + 1})
        seen.setdefault(p.key, i)
        code = p.fields["code"]
        if code and code in codes:
            errors.add(f"{i}.code", _("Code repeated from record %(n)d.") % {"n": codes[code] + 1})
        if code:
            codes.setdefault(code, i)
    return parsed, errors.items


def _amount_out(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def record_of(procedure: Procedure) -> dict[str, Any]:
    """`procedure` in the exchange shape (children must be prefetched: see selectors)."""
    nulls = set(procedure.null_lists or [])
    levels = [LEVEL_OF[f] for f in LEVEL_FIELDS if getattr(procedure, f)]
    components = [c for case in procedure.cases.all() for c in case.components.all()]
    return {
        "key": procedure.key,
        "code": procedure.code,
        "name": procedure.name,
        "level": ", ".join(levels) if levels else None,
        "sector": procedure.sector,
        "agency": procedure.agency,
        "result": procedure.result,
        "time_limits": None
        if "time_limits" in nulls
        else [
            {
                "channel": CHANNEL_OF[t.channel],
                "amount": _amount_out(t.amount),
                "unit": UNIT_OF[t.unit] if t.unit else None,
                "note": t.note,
            }
            for t in procedure.time_limits.all()
        ],
        "fees": None
        if "fees" in nulls
        else [
            {"case": f.case_label, "amount_vnd": f.amount_vnd, "note": f.note}
            for f in procedure.fees.all()
        ],
        "channels": None
        if procedure.channels is None
        else [CHANNEL_OF[c] for c in procedure.channels],
        "components": None
        if "components" in nulls
        else [
            {
                "name": c.name,
                "original": c.original_count,
                "copies": c.copy_count,
                "note": c.note,
            }
            for c in components
        ],
        "requirements": procedure.requirements,
        "legal_basis": None
        if "legal_basis" in nulls
        else [
            {"number": b.number, "title": b.title, "date": b.date_text}
            for b in procedure.legal_bases.all()
        ],
        "sources": procedure.sources,
        "version_note": procedure.version_note,
    }
