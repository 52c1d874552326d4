"""Reception of dossiers: at a one-stop counter (the clock starts) or submitted online."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.dossiers import clock
from tinhso.dossiers.models import (
    ApplicantKind,
    Dossier,
    Status,
)
from tinhso.procedures.models import Channel, Procedure, ProcedureCase, ProcedureStatus
from tinhso.units.models import Unit

from .common import applicant_key, next_code, now, record_event, refresh_flags
from .components import ComponentInput as ComponentInput
from .components import _check_components, _save_components

PROVINCE_LEVELS = frozenset({"province", "department", "service_centre", "agency"})
TIME_UNITS = frozenset({"working_days", "calendar_days", "working_hours", "months"})


@dataclass
class Applicant:
    name: str
    kind: str = ApplicantKind.CITIZEN
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    vneid_verified: bool = False


def _check_unit_for(procedure: Procedure, unit: Unit, errors: dict[str, str]) -> None:
    """The resolving unit must be of a level that implements the procedure and, for a
    restricted procedure, on its applicability list."""
    level = unit.level.code
    ok = (
        (procedure.at_commune and level == "commune")
        or (procedure.at_province and level in PROVINCE_LEVELS)
        or procedure.at_other
        or procedure.at_ministry
    )
    if not ok:
        errors["resolving_unit"] = _("This unit does not resolve this procedure.")
        return
    if not procedure.applies_everywhere and not procedure.applicability.filter(unit=unit).exists():
        errors["resolving_unit"] = _("This procedure is not applied in this unit.")


def normalise_id(value: str) -> str:
    """An identity number as stored: letters and digits only (officers type "0792 0100…")."""
    return "".join(ch for ch in value if ch.isalnum()).upper()


def _province_of(unit: Unit) -> str:
    return unit.province_code or ""


def _parse_limit(
    procedure: Procedure, channel: str, amount: Any, unit: str | None, errors: dict[str, str]
) -> clock.Limit | None:
    limit = clock.limit_for(procedure, channel)
    if amount in (None, "") and limit is not None:
        return limit
    if amount in (None, ""):
        errors["limit_amount"] = _(
            "The procedure record gives no time limit: enter it from the legal text."
        )
        return None
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        errors["limit_amount"] = _("Enter a number.")
        return None
    if value < 0 or value > 1000:
        errors["limit_amount"] = _("Enter a time limit between 0 and 1,000.")
        return None
    if unit not in TIME_UNITS:
        errors["limit_unit"] = _("Choose the unit of the time limit.")
        return None
    return clock.Limit(value, str(unit), clock.default_policy())


def dossier_receive(
    *,
    actor: Any,
    receiving_unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    channel: str = Channel.IN_PERSON,
    resolving_unit: Unit | None = None,
    return_unit: Unit | None = None,
    return_method: str | None = None,
    case: ProcedureCase | None = None,
    components: Sequence[ComponentInput] = (),
    summary: str = "",
    received_at: dt.datetime | None = None,
    limit_amount: Any = None,
    limit_unit: str | None = None,
) -> Dossier:
    """Receive a complete dossier at a one-stop counter and start its clock.

    Rule (spec §2.3, §2.11): EDIT on the receiving unit; the procedure is in force; the
    resolving unit (default: the receiving unit) implements it; a dossier resolved elsewhere
    needs a procedure on the province's boundary-free list and both units in the same
    province; every component of the case is provided (paper scan, upload, re-used result of
    the same applicant, or the applicant's data store) — an incomplete dossier is not
    received; the time limit comes from the procedure (`clock.limit_for`) or, where the
    record has none, from the officer. The due moment comes from the working-day engine.
    Side effects: the dossier (code `<unit>-YYMMDD-XXXX`), its components, one event, the
    outbox messages, one audit entry. Errors: `AccessDenied`, `ValidationError` (field errors,
    `components` lists the missing ones).
    """
    require(actor, Action.EDIT, receiving_unit)
    resolving = resolving_unit or receiving_unit
    errors: dict[str, str] = {}
    if procedure.status != ProcedureStatus.ACTIVE:
        errors["procedure"] = _("This procedure is no longer in force.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose a submission channel.")
    _check_unit_for(procedure, resolving, errors)
    if resolving.pk != receiving_unit.pk:
        if not procedure.boundary_free:
            errors["resolving_unit"] = _(
                "This procedure is not on the list of procedures received regardless of "
                "administrative boundaries: it is received only by the resolving unit."
            )
        elif _province_of(resolving) != _province_of(receiving_unit):
            errors["resolving_unit"] = _("The resolving unit is in another province.")
    if not applicant.name.strip():
        errors["applicant_name"] = _("Enter the applicant's name.")
    if applicant.kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("Choose the applicant type.")
    id_number = normalise_id(applicant.id_number)
    if (
        applicant.kind == ApplicantKind.CITIZEN
        and id_number
        and not (id_number.isdigit() and len(id_number) in (9, 12))
    ):
        errors["applicant_id_number"] = _("A citizen identity number has 12 digits (old ID: 9).")
    if case is None:
        case = procedure.cases.filter(is_default=True).first() or procedure.cases.first()
    elif case.procedure_id != procedure.pk:
        errors["case"] = _("This case belongs to another procedure.")
    limit = _parse_limit(procedure, channel, limit_amount, limit_unit, errors)
    key = applicant_key(id_number)
    lines = _check_components(case, components, key, errors)
    if errors:
        raise ValidationError(errors)
    assert limit is not None  # noqa: S101  # errors would have been raised
    moment = received_at or now()
    if moment > now():
        raise ValidationError({"received_at": _("The reception time is in the future.")})
    with transaction.atomic():
        due = clock.due_for(moment, limit)
        dossier = Dossier(
            code=next_code(receiving_unit, moment),
            procedure=procedure,
            case=case,
            channel=channel,
            return_method=return_method or channel,
            summary=summary.strip()[:1000],
            applicant_name=applicant.name.strip(),
            applicant_kind=applicant.kind,
            applicant_id_number=id_number,
            applicant_key=key,
            applicant_phone=applicant.phone.strip(),
            applicant_email=applicant.email.strip(),
            applicant_address=applicant.address.strip(),
            vneid_verified=applicant.vneid_verified,
            receiving_unit=receiving_unit,
            resolving_unit=resolving,
            return_unit=return_unit or receiving_unit,
            received_by=actor if getattr(actor, "pk", None) else None,
            status=Status.RECEIVED,
            registered_at=moment,
            received_at=moment,
            limit_amount=limit.amount,
            limit_unit=limit.unit,
            limit_policy=limit.policy,
            original_due_at=due,
            due_at=due,
            fee_total=_fee_total(procedure, channel),
        )
        dossier.full_clean(validate_unique=False)
        dossier.save()
        _save_components(dossier, lines)
        refresh_flags(dossier)
        dossier.save(update_fields=["is_digitised", "has_reused", "from_data_store"])
        record_event(
            dossier,
            action="receive",
            from_status="",
            actor=actor,
            unit_id=receiving_unit.pk,
            at=moment,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=dossier,
            unit=resolving,
            after=audit_snapshot(dossier),
        )
    return dossier


def dossier_submit_online(
    *,
    actor: Any,
    resolving_unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    case: ProcedureCase | None = None,
    components: Sequence[ComponentInput] = (),
    summary: str = "",
    submitted_at: dt.datetime | None = None,
) -> Dossier:
    """Register a dossier submitted online (status 1, no clock yet, spec §2.3 item 3).

    Rule: EDIT on the resolving unit (the portal integration account of the unit, or an
    officer entering it); the unit implements the procedure. The officer then receives it
    (`receive`, which starts the clock), asks for completion or refuses it.
    Side effects: dossier, components, one event, outbox, audit. Errors as `dossier_receive`.
    """
    require(actor, Action.EDIT, resolving_unit)
    errors: dict[str, str] = {}
    _check_unit_for(procedure, resolving_unit, errors)
    if not applicant.name.strip():
        errors["applicant_name"] = _("Enter the applicant's name.")
    if case is None:
        case = procedure.cases.filter(is_default=True).first() or procedure.cases.first()
    key = applicant_key(normalise_id(applicant.id_number))
    lines = _check_components(case, components, key, errors, require_all=False)
    if errors:
        raise ValidationError(errors)
    moment = submitted_at or now()
    limit = clock.limit_for(procedure, Channel.ONLINE)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            code=next_code(resolving_unit, moment),
            procedure=procedure,
            case=case,
            channel=Channel.ONLINE,
            return_method=Channel.ONLINE,
            summary=summary.strip()[:1000],
            applicant_name=applicant.name.strip(),
            applicant_kind=applicant.kind,
            applicant_id_number=normalise_id(applicant.id_number),
            applicant_key=key,
            applicant_phone=applicant.phone.strip(),
            applicant_email=applicant.email.strip(),
            applicant_address=applicant.address.strip(),
            vneid_verified=applicant.vneid_verified,
            receiving_unit=resolving_unit,
            resolving_unit=resolving_unit,
            return_unit=resolving_unit,
            status=Status.SUBMITTED,
            registered_at=moment,
            limit_amount=limit.amount if limit else None,
            limit_unit=limit.unit if limit else "",
            limit_policy=limit.policy if limit else "",
            fee_total=_fee_total(procedure, Channel.ONLINE),
        )
        _save_components(dossier, lines)
        refresh_flags(dossier)
        dossier.save(update_fields=["is_digitised", "has_reused", "from_data_store"])
        record_event(
            dossier,
            action="submit",
            from_status="",
            actor=actor,
            unit_id=resolving_unit.pk,
            at=moment,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=dossier,
            unit=resolving_unit,
            after=audit_snapshot(dossier),
        )
    return dossier


def _fee_total(procedure: Procedure, channel: str) -> int:
    """The fees that apply to `channel` (fees for no channel apply to every channel); when
    the source gives several amounts for one channel (per case), the first is taken."""
    fees = [f for f in procedure.fees.all() if f.amount_vnd is not None]
    same = [f for f in fees if f.channel == channel]
    general = [f for f in fees if not f.channel]
    chosen = same or general
    return int(chosen[0].amount_vnd or 0) if chosen else 0


def applicant_from(data: Mapping[str, Any]) -> Applicant:
    """An `Applicant` from form/API data keyed `applicant_*`."""
    return Applicant(
        name=str(data.get("applicant_name") or ""),
        kind=str(data.get("applicant_kind") or ApplicantKind.CITIZEN),
        id_number=str(data.get("applicant_id_number") or ""),
        phone=str(data.get("applicant_phone") or ""),
        email=str(data.get("applicant_email") or ""),
        address=str(data.get("applicant_address") or ""),
        vneid_verified=bool(data.get("vneid_verified")),
    )
