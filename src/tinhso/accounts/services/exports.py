"""Sensitive reads: exporting a list of personal data (accounts, audit log) is logged."""

from __future__ import annotations

from typing import Any

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record

from .common import own_unit_id


def list_export_record(
    *, actor: Any, list_name: str, fmt: str, filters: dict[str, Any]
) -> AuditEntry:
    """Record that `actor` exported `list_name` as `fmt` with `filters` (a READ audit row).

    Action: none beyond the list's own (the caller already scoped the rows). The row is
    filed under the actor's own unit, so that unit's auditors see who took the data out.
    """
    shown = {k: v for k, v in filters.items() if v not in (None, "", [], False)}
    return audit_record(
        actor=actor,
        action=AuditEntry.Action.READ,
        object_type=list_name,
        object_repr=f"{list_name}.{fmt}",
        unit=own_unit_id(actor),
        after={"format": fmt, "filters": shown},
        message=f"export {fmt}",
    )
