"""Access-matrix cases of accounts (see tinhso.core.testing.access_matrix).

Memberships (and the accounts they belong to) are read and written only by those who may
MANAGE the unit: owner and parent administrators. Audit entries are read with AUDIT, so
the province inspector reads them too; nobody writes them through the UI or API.
"""

from __future__ import annotations

from typing import Any

from tinhso.accounts.models import Membership
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.core.testing.access_matrix import AccessCase, Write


def _membership(unit: Any) -> Membership:
    return member(unit, "officer").memberships.get()


def _audit_entry(unit: Any) -> AuditEntry:
    return audit_record(actor=None, action="update", unit=unit, object_repr="matrix-marker-7431")


CASES = [
    AccessCase(
        model=Membership,
        make=_membership,
        read_action="manage",
        write_role="admin",
        ui_read=lambda m: f"/accounts/users/{m.user_id}/",
        api_read=lambda m: f"/api/v1/users/{m.user_id}",
        ui_list=(
            "/accounts/users/",
            lambda m: f'href="/accounts/users/{m.user_id}/"',
        ),
        api_list=("/api/v1/users?limit=100", lambda m: f'"username": "{m.user.username}"'),
        ui_write=Write(url=lambda m: f"/accounts/memberships/{m.pk}/end/", data=lambda m: {}),
        # Ending twice is refused, so the API channel edits the member's account instead.
        api_write=Write(
            url=lambda m: f"/api/v1/users/{m.user_id}",
            data=lambda m: {"version": m.user.version, "position": "Matrix"},
            method="patch",
        ),
    ),
    AccessCase(
        model=AuditEntry,
        make=_audit_entry,
        read_action="audit",
        write_role="admin",
        ui_list=("/accounts/audit/", lambda e: "matrix-marker-7431"),
        api_list=("/api/v1/audit?limit=100", lambda e: "matrix-marker-7431"),
    ),
]
