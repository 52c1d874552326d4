"""Edits of one procedure: its basic fields and where it applies, each with a version check."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.procedures.models import (
    LEVEL_FIELDS,
    Procedure,
    ProcedureApplicability,
)
from tinhso.units.models import Unit

from .common import AUDITED_FIELDS, EDITABLE_FIELDS


def procedure_update(
    *, actor: Any, procedure: Procedure, data: Mapping[str, Any], version: int
) -> Procedure:
    """Change the basic fields (`EDITABLE_FIELDS`) of a procedure.

    Rule: refused when someone saved it after the editor loaded `version`; a procedure keeps
    at least one implementing level. Action: MANAGE on the owner unit. Side effects:
    `version + 1`, one audit entry with the changed fields; nothing when nothing changed.
    Errors: `AccessDenied`, `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.MANAGE, procedure.owner_unit_id)
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, _("This field cannot be set here.")))
    bad = sorted(k for k, v in data.items() if isinstance(v, str) and "\x00" in v)
    if bad:
        raise ValidationError(dict.fromkeys(bad, _("Null characters are not allowed.")))
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this procedure after you opened it. Reload the page, "
                    "check their changes and enter yours again."
                )
            )
        before = audit_snapshot(locked, AUDITED_FIELDS)
        for name, value in data.items():
            setattr(locked, name, value)
        if not any(getattr(locked, f) for f in LEVEL_FIELDS):
            raise ValidationError({"at_commune": _("Choose at least one implementing level.")})
        locked.full_clean(exclude=["owner_unit"])
        if audit_snapshot(locked, AUDITED_FIELDS) == before:
            return locked
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=audit_snapshot(locked, AUDITED_FIELDS),
        )
    return locked


def procedure_applicability_set(
    *, actor: Any, procedure: Procedure, units: list[Unit] | None, version: int
) -> Procedure:
    """Say where a procedure applies: `None` = everywhere by default (every commune of the
    province for a commune-level procedure), a list = only those units.

    Rule: listed units must be current units of the owner's province; refused on a stale
    `version`. Action: MANAGE on the owner unit. Side effects: replaces the applicability
    rows, `version + 1`, one audit entry. Errors: `AccessDenied`, `ValidationError`,
    `ConcurrentEditError`.
    """
    require(actor, Action.MANAGE, procedure.owner_unit_id)
    province = procedure.owner_unit.province_code
    bad = [u.code for u in units or [] if u.province_code != province or u.valid_to is not None]
    if bad:
        raise ValidationError(
            {
                "units": _("Not current units of the province: %(codes)s.")
                % {"codes": ", ".join(bad)}
            }
        )
    with transaction.atomic():
        locked = Procedure.objects.select_for_update().get(pk=procedure.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this procedure after you opened it. Reload the page, "
                    "check their changes and enter yours again."
                )
            )
        before = sorted(
            ProcedureApplicability.objects.filter(procedure=locked)
            .order_by("unit__code")
            .values_list("unit__code", flat=True)
        )
        ProcedureApplicability.objects.filter(procedure=locked).delete()
        ProcedureApplicability.objects.bulk_create(
            [
                ProcedureApplicability(procedure=locked, unit=u)
                for u in {u.pk: u for u in units or []}.values()
            ]
        )
        was_everywhere = locked.applies_everywhere
        locked.applies_everywhere = units is None
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before={"applies_everywhere": was_everywhere, "units": before},
            after={
                "applies_everywhere": locked.applies_everywhere,
                "units": sorted(u.code for u in units or []),
            },
        )
    return locked
