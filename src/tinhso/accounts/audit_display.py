"""Readable before/after of audit rows: field labels, local dates, names instead of ids.

Pure formatting; the names of referenced rows come from `selectors.audit_related_names`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
EMPTY = "—"

# Labels of `AuditEntry.Action` for these pages. The audit app has no Vietnamese catalogue
# of its own yet; with a context, these cannot collide with other apps' words.
ACTION_LABELS = {
    "create": pgettext_lazy("audit action", "Created"),
    "update": pgettext_lazy("audit action", "Updated"),
    "delete": pgettext_lazy("audit action", "Deleted"),
    "import": pgettext_lazy("audit action", "Imported"),
    "read": pgettext_lazy("audit action", "Read (sensitive)"),
    "login": pgettext_lazy("audit action", "Logged in"),
    "transition": pgettext_lazy("audit action", "Status change"),
}


# Keys that services add to before/after beside model fields.
EXTRA_LABELS = {
    "membership": pgettext_lazy("audit field", "Membership"),
    "unit": pgettext_lazy("audit field", "Unit"),
    "role": pgettext_lazy("audit field", "Role"),
    "file": pgettext_lazy("audit field", "File"),
    "accounts": pgettext_lazy("audit field", "Accounts"),
    "units": pgettext_lazy("audit field", "Units"),
}
# Not worth a line when an object is created.
_SKIP_ON_CREATE = frozenset({"version"})


@dataclass(frozen=True)
class AuditRow:
    """An audit entry ready for display: action and type labels, readable changes."""

    entry: Any
    action: str
    object_type: str
    changes: list[Change]


def audit_rows(entries: Iterable[Any], names: Mapping[tuple[str, int], str]) -> list[AuditRow]:
    return [
        AuditRow(
            entry=e,
            action=action_label(e),
            object_type=object_type_label(e.object_type),
            changes=entry_changes(e, names),
        )
        for e in entries
    ]


def object_type_label(object_type: str) -> str:
    """ "accounts.User" → "Người dùng" (the model's verbose name), else the label itself."""
    model = _model(object_type)
    return str(capfirst(model._meta.verbose_name)) if model is not None else object_type


def action_label(entry: Any) -> str:
    """The Vietnamese (or English) label of an audit row's action."""
    label = ACTION_LABELS.get(entry.action)
    return str(label) if label is not None else str(entry.get_action_display())


@dataclass(frozen=True)
class Change:
    """One changed field: its label and its values before and after, as display text."""

    field: str
    label: str
    before: str
    after: str


def _model(object_type: str) -> type[Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def related_targets(entries: Iterable[Any]) -> dict[str, set[int]]:
    """Ids referenced by foreign keys in the entries' values, by target model label."""
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        model = _model(entry.object_type)
        if model is None:
            continue
        for values in (entry.before or {}, entry.after or {}):
            for name, value in values.items():
                target = _fk_target(model, name)
                if target is not None and isinstance(value, int):
                    wanted.setdefault(target, set()).add(value)
    return wanted


def _fk_target(model: type[Model], name: str) -> str | None:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_one and field.related_model is not None:
        return str(field.related_model._meta.label)  # type: ignore[union-attr]  # a model class
    return None


def _label(model: type[Model] | None, name: str) -> str:
    if model is not None:
        try:
            return str(capfirst(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]  # concrete fields have one
        except FieldDoesNotExist:
            pass
    if name in EXTRA_LABELS:
        return str(EXTRA_LABELS[name])
    return name.replace("_", " ").capitalize()


def format_value(
    value: Any, *, target: str | None = None, names: Mapping[tuple[str, int], str] | None = None
) -> str:
    """Display text of one stored value (JSON data: str, number, bool, list, dict, None)."""
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if target is not None and isinstance(value, int) and names is not None:
        return names.get((target, value), f"#{value}")
    if isinstance(value, list):
        return ", ".join(format_value(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return "; ".join(f"{_label(None, k)}: {format_value(v)}" for k, v in value.items()) or EMPTY
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return moment.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, str) and _ISO_DATE.match(value):
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def entry_changes(entry: Any, names: Mapping[tuple[str, int], str] | None = None) -> list[Change]:
    """The fields of an audit row with readable before/after values, in stored order."""
    model = _model(entry.object_type)
    before: dict[str, Any] = entry.before or {}
    after: dict[str, Any] = entry.after or {}
    created = entry.before is None
    changes = []
    for name in dict.fromkeys([*before, *after]):
        if created and (name in _SKIP_ON_CREATE or after.get(name) in (None, "", [], {})):
            continue
        target = _fk_target(model, name) if model is not None else None
        changes.append(
            Change(
                field=name,
                label=_label(model, name),
                before=format_value(before[name], target=target, names=names)
                if name in before
                else "",
                after=format_value(after[name], target=target, names=names)
                if name in after
                else "",
            )
        )
    return changes


def changes_text(entry: Any) -> str:
    """One line per field, for CSV/Excel export: "Label: before → after"."""
    lines = []
    for change in entry_changes(entry):
        if change.before and change.after:
            lines.append(f"{change.label}: {change.before} → {change.after}")
        else:
            lines.append(f"{change.label}: {change.after or change.before}")
    return "\n".join(lines)
