"""Write use-cases of the unit directory (the bulk load lives in `loading/`).

What may be edited by hand: only a unit's contact details — `short_name`, `address`, `phone`,
`email`. Names, codes, levels, parents and validity dates are official: they change only by a
resolution (NQ of the National Assembly or its Standing Committee, a decision of the province)
and reach the system through `load_units` with a lineage row, never through a form. Closed
units are history and are not edited at all.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError

from .models import Unit

EDITABLE_FIELDS: tuple[str, ...] = ("short_name", "address", "phone", "email")
# Digits with the usual separators and an optional leading +, e.g. "0251 3822 505", "+84-251…".
_PHONE = re.compile(r"^\+?[0-9][0-9 .()\-/]{4,38}$")


def unit_update(*, actor: Any, unit: Unit, data: Mapping[str, Any], version: int) -> Unit:
    """Change the contact details of `unit` (short name, address, phone, e-mail).

    Rule: only `EDITABLE_FIELDS`, only on a current unit, only if nobody saved the unit since
    the editor loaded `version`. Action: `Action.MANAGE` on the unit. Side effects: saves the
    unit with `version + 1` and writes one audit entry ("update", before/after) — nothing at
    all when no value changes. Errors: `AccessDenied` (a 404) without the right;
    `ValidationError` for unknown or invalid fields; `DomainError` for a closed unit;
    `ConcurrentEditError` when `version` is stale.
    """
    require(actor, Action.MANAGE, unit)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(
            {
                name: _("This field cannot be edited; it changes only by resolution.")
                for name in unknown
            }
        )
    cleaned = {name: ("" if value is None else str(value).strip()) for name, value in data.items()}
    if cleaned.get("phone") and not _PHONE.match(cleaned["phone"]):
        raise ValidationError({"phone": _("Enter a phone number (digits, spaces, + . - ( ) /).")})
    with transaction.atomic():
        # No select_related: PostgreSQL cannot lock the nullable side of an outer join.
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this unit after you opened it. Reload the page, check "
                    "their changes and enter yours again."
                )
            )
        if locked.valid_to is not None:
            raise DomainError(
                _("This unit was closed; its history cannot be edited."), code="unit_closed"
            )
        before = audit_snapshot(locked, list(EDITABLE_FIELDS))
        for name, value in cleaned.items():
            setattr(locked, name, value)
        locked.full_clean()
        after = audit_snapshot(locked, list(EDITABLE_FIELDS))
        if after == before:
            return locked
        locked.version += 1
        locked.save(update_fields=[*cleaned, "version", "search_text"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=after,
        )
    return locked
