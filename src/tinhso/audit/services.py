"""Writing the audit trail. Every service that writes calls `audit_record` in its transaction.

Side effects: inserts one `AuditEntry`. Never raises on odd values: anything that is not
JSON-serialisable is stored as its text.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.db import models

from tinhso.core.middleware import current_request_id

from .models import AuditEntry

# Fields never copied into before/after: secrets and personal identifiers (CONVENTIONS §10).
REDACTED_FIELDS = frozenset(
    {
        "password",
        "token_hash",
        "secret",
        "citizen_id",
        "person_id_hash",
        "applicant_id_number",
        "applicant_key",
    }
)


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return str(value)


def audit_snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of `instance` as JSON-safe data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        name = field.name
        if fields is not None and name not in fields:
            continue
        if name in REDACTED_FIELDS:
            continue
        data[name] = _json_value(getattr(instance, field.attname))
    return data


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    unit: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    message: str = "",
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Record that `actor` did `action` to `obj` (belonging to `unit`). Returns the entry.

    `actor` may be None for system jobs (seed, periodic tasks); `unit` defaults to the
    object's own unit when it has one. `action` is one of `AuditEntry.Action` (the detail
    goes in `message`): anything else raises `ValueError` on every database, not only where
    the column's length is enforced.
    """
    if action not in AuditEntry.Action.values:
        raise ValueError(f"Unknown audit action {action!r}; use AuditEntry.Action.")
    if unit is None and obj is not None:
        unit = _unit_of(obj)
    if before is not None and after is not None:
        # Keep only what changed, plus nothing else: the page shows a readable diff.
        changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after.get(k) for k in sorted(changed)}
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        actor=actor if is_user else None,
        actor_name=(actor.get_full_name() or actor.get_username()) if is_user else "system",
        action=action,
        object_type=object_type or (obj._meta.label if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None and obj.pk is not None else ""),
        object_repr=(object_repr or (str(obj) if obj is not None else ""))[:300],
        unit_id=getattr(unit, "pk", unit),
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        message=message[:500],
        request_id=current_request_id(),
    )


def _unit_of(obj: models.Model) -> Any:
    """Follow the model's `unit_lookup` path (e.g. "unit" or "plan__unit") to its unit id."""
    lookup = getattr(obj, "unit_lookup", None)
    if lookup is None:
        return None
    if lookup == "":
        return obj.pk  # the object is a unit
    current: Any = obj
    parts = lookup.split("__")
    for i, part in enumerate(parts):
        if current is None:
            return None
        if i == len(parts) - 1:
            return getattr(current, f"{part}_id", None) or getattr(current, part, None)
        current = getattr(current, part)
    return None
