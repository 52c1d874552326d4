"""Write use-cases of the finance app: budget lines, their snapshots, local budget totals.

Every service: `require(...)` first, validation with field errors (`ValidationError`), one
`transaction.atomic()` with a row lock on the budget line (or a version check where the
caller edits what it read), and exactly one `audit_record(...)`.

Rights (see `accounts.access`): EDIT on the managing unit for lines and snapshots, EDIT on
the unit for its total local budget. Links to a task, plan or project must point to rows
the actor may view (otherwise they are reported as unknown).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, can, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.programmes.models import Plan
from tinhso.projects.models import Project
from tinhso.tasks.models import Task
from tinhso.units.models import Unit

from .models import BudgetLine, BudgetSnapshot, LocalBudgetTotal

LINE_FIELDS: tuple[str, ...] = (
    "fiscal_year",
    "code",
    "title",
    "source",
    "expenditure_type",
    "unit",
    "task",
    "plan",
    "project",
    "decision_number",
    "is_st_dt",
    "note",
    "is_illustrative",
)
TEXT_FIELDS = frozenset({"code", "title", "decision_number", "note"})
LINKS: dict[str, tuple[type[models.Model], str]] = {
    # field: (model, path from the linked row to its unit)
    "task": (Task, "lead_unit_id"),
    "plan": (Plan, "unit_id"),
    "project": (Project, "unit_id"),
}
AMOUNT_FIELDS: tuple[str, ...] = (
    "allocated",
    "supplementary",
    "carried_over",
    "disbursed",
    "returned",
)


def _unit(value: Any, field: str = "unit") -> Unit:
    if isinstance(value, Unit):
        return value
    unit = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        unit = Unit.objects.filter(pk=int(value)).first()
    if unit is None:
        raise ValidationError({field: _("Choose an existing unit.")})
    return unit


def _check_fields(data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(LINE_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})


def _assign(line: BudgetLine, data: Mapping[str, Any], actor: Any) -> None:
    errors: dict[str, str] = {}
    for name, value in data.items():
        if name == "unit":
            line.unit = _unit(value)
        elif name in LINKS:
            line_value = _link(actor, name, value)
            if line_value is False:
                errors[name] = _("Choose an existing row.")
            else:
                setattr(line, f"{name}_id", line_value)
        elif name in TEXT_FIELDS:
            setattr(line, name, (value or "").strip() if isinstance(value, str) else value or "")
        else:
            setattr(line, name, value)
    if errors:
        raise ValidationError(errors)


def _link(actor: Any, name: str, value: Any) -> int | None | bool:
    """The id of a linked row the actor may view, None to unlink, False when unknown."""
    if value in (None, ""):
        return None
    model, unit_attr = LINKS[name]
    pk = value.pk if isinstance(value, models.Model) else value
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return False
    unit_id = model._default_manager.filter(pk=pk).values_list(unit_attr, flat=True).first()
    if unit_id is None or not can(actor, Action.VIEW, unit_id):
        return False
    return pk


def _validate_line(line: BudgetLine) -> None:
    line.full_clean(validate_constraints=False)
    if line.code:
        clash = BudgetLine.objects.filter(fiscal_year=line.fiscal_year, code=line.code)
        if line.pk:
            clash = clash.exclude(pk=line.pk)
        if clash.exists():
            raise ValidationError({"code": _("Another line of this year has this number.")})


def budget_line_create(*, actor: Any, data: Mapping[str, Any]) -> BudgetLine:
    """Create a budget line.

    Rule: only `LINE_FIELDS`; `fiscal_year`, `title`, `expenditure_type` and `unit` are
    required; the number is unique within the year; links must be rows the actor may view.
    Action: EDIT on the managing unit. Side effects: the line, one audit entry. Errors:
    `AccessDenied`, `ValidationError`.
    """
    if data.get("unit") in (None, ""):
        raise ValidationError({"unit": _("This field is required.")})
    require(actor, Action.EDIT, _unit(data["unit"]))
    _check_fields(data)
    line = BudgetLine()
    _assign(line, data, actor)
    with transaction.atomic():
        _validate_line(line)
        line.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, obj=line, after=audit_snapshot(line)
        )
    return line


def budget_line_update(
    *, actor: Any, line: BudgetLine, data: Mapping[str, Any], version: int
) -> BudgetLine:
    """Edit a budget line; `version` must be the one the caller read.

    Rule: as `budget_line_create`; moving the line to another unit needs EDIT on both.
    Action: EDIT on the managing unit. Side effects: saves with `version + 1` and one audit
    entry (nothing when nothing changed). Errors: `AccessDenied`, `ValidationError`,
    `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, line.unit_id)
    _check_fields(data)
    if data.get("unit") not in (None, ""):
        require(actor, Action.EDIT, _unit(data["unit"]))
    elif "unit" in data:
        raise ValidationError({"unit": _("This field is required.")})
    with transaction.atomic():
        locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if locked.version != version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this budget line after you opened it. Reload the "
                    "page, check their changes and enter yours again."
                )
            )
        before = audit_snapshot(locked)
        _assign(locked, data, actor)
        _validate_line(locked)
        if audit_snapshot(locked) == before:
            return locked
        locked.version += 1
        locked.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=audit_snapshot(locked),
        )
    return locked


def _amount(value: Any, field: str, errors: dict[str, list[str]]) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        errors.setdefault(field, []).append(_("Enter a whole number of đồng."))
        return 0
    if value < 0:
        errors.setdefault(field, []).append(_("The amount cannot be negative."))
    return int(value)


def budget_snapshot_record(
    *,
    actor: Any,
    line: BudgetLine,
    as_of: dt.date,
    amounts: Mapping[str, Any],
    committed: int | None = None,
    source: str = "",
    note: str = "",
) -> BudgetSnapshot:
    """Record a line's figures as of a date (cumulative for the fiscal year).

    Rule: amounts are whole đồng ≥ 0 (missing ones are 0); returned ≤ allocated +
    supplementary + carried over; disbursed ≤ available (that minus returned); committed,
    when given, ≤ available; the date lies in the fiscal year or the next one (settlement
    of carried-over capital); one snapshot per line and date. A date before the line's
    latest snapshot is allowed (a correction) and the audit entry says so.
    Action: EDIT on the managing unit. Side effects: the snapshot, one audit entry; the
    line row is locked while checking. Errors: `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, line.unit_id)
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(amounts) - set(AMOUNT_FIELDS))
    for name in unknown:
        errors.setdefault(name, []).append(_("This field cannot be set here."))
    values = {name: _amount(amounts.get(name), name, errors) for name in AMOUNT_FIELDS}
    committed_value = None if committed is None else _amount(committed, "committed", errors)
    if not isinstance(as_of, dt.date):
        errors.setdefault("as_of", []).append(_("Enter a valid date."))
    elif not line.fiscal_year <= as_of.year <= line.fiscal_year + 1:
        errors.setdefault("as_of", []).append(
            _("The date must fall in the line's fiscal year or the following year.")
        )
    if not errors:
        gross = values["allocated"] + values["supplementary"] + values["carried_over"]
        available = gross - values["returned"]
        if values["returned"] > gross:
            errors.setdefault("returned", []).append(
                _("More is returned than was allocated, supplemented and carried over.")
            )
        elif values["disbursed"] > available:
            errors.setdefault("disbursed", []).append(
                _(
                    "The disbursement exceeds the available capital (allocated + "
                    "supplementary + carried over − returned)."
                )
            )
        if committed_value is not None and committed_value > max(available, 0):
            errors.setdefault("committed", []).append(
                _("The commitment exceeds the available capital.")
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = BudgetLine.objects.select_for_update().get(pk=line.pk)
        if BudgetSnapshot.objects.filter(line=locked, as_of=as_of).exists():
            raise ValidationError(
                {"as_of": _("This line already has figures for this date; choose another date.")}
            )
        latest = (
            BudgetSnapshot.objects.filter(line=locked)
            .order_by("-as_of")
            .values_list("as_of", flat=True)
            .first()
        )
        snapshot = BudgetSnapshot(
            line=locked,
            as_of=as_of,
            committed=committed_value,
            source=(source or "").strip(),
            note=(note or "").strip(),
            author=actor if getattr(actor, "is_authenticated", False) else None,
            **values,
        )
        snapshot.full_clean(validate_constraints=False)
        snapshot.save()
        message = ""
        if latest is not None and as_of < latest:
            message = f"back-dated correction: latest snapshot was {latest.isoformat()}"
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=snapshot,
            after=audit_snapshot(snapshot),
            message=message,
        )
    return snapshot


def local_budget_total_record(
    *,
    actor: Any,
    unit: Unit | int | str,
    fiscal_year: int,
    as_of: dt.date,
    total_estimate: int | None,
    total_settled: int | None,
    source: str,
    is_illustrative: bool = False,
) -> LocalBudgetTotal:
    """Record the total local budget expenditure of a unit (the province) for a year.

    Rule: an estimate and/or a settlement, each > 0; a source is required; one row per
    unit, year and as-of date. Action: EDIT on the unit. Side effects: the row, one audit
    entry. Errors: `AccessDenied`, `ValidationError`.
    """
    found = _unit(unit)
    require(actor, Action.EDIT, found)
    total = LocalBudgetTotal(
        unit=found,
        fiscal_year=fiscal_year,
        as_of=as_of,
        total_estimate=total_estimate,
        total_settled=total_settled,
        source=(source or "").strip(),
        is_illustrative=is_illustrative,
    )
    errors: dict[str, list[str]] = {}
    if total_estimate is None and total_settled is None:
        errors.setdefault("total_estimate", []).append(
            _("Enter the estimate, the settlement or both.")
        )
    for name, value in (("total_estimate", total_estimate), ("total_settled", total_settled)):
        if value is not None and value <= 0:
            errors.setdefault(name, []).append(_("The amount must be positive."))
    try:
        total.full_clean(validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if LocalBudgetTotal.objects.filter(
            unit=found, fiscal_year=fiscal_year, as_of=as_of
        ).exists():
            raise ValidationError(
                {"as_of": _("A total for this unit, year and date already exists.")}
            )
        total.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, obj=total, after=audit_snapshot(total)
        )
    return total
