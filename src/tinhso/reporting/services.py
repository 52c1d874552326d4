"""Write use-cases of periodic reporting: rounds and obligations, narrative edits, workflow.

Every service is keyword-only with `actor=` first, checks access first, runs in one
transaction, writes one audit row per change and is idempotent where the brief asks
(`report_round_open`). Indicator value statuses follow the report (approve → submitted,
accept → confirmed, return / reopen → draft) through the indicators app's
`indicator_values_set_status`; see `_values_set_status`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.indicators.models import Period, PeriodKind, ValueStatus
from tinhso.indicators.services import indicator_values_set_status
from tinhso.units.models import Unit

from . import selectors
from .models import (
    Report,
    ReportEvent,
    ReportingObligation,
    ReportingRound,
    ReportSchedule,
)
from .workflow import ReportAction, edit_refusal, may_fire, transition_for

NARRATIVE_FIELDS: tuple[str, ...] = ("results", "difficulties", "next_tasks")
MAX_SECTION_CHARS = 20_000


# --------------------------------------------------------------------------- rounds


def report_cutoff_on(schedule: ReportSchedule, period: Period) -> dt.date:
    """The data cut-off of a round: `cutoff_day` of the period's last month, else the end.

    The day is clamped to the month's length and to the period (a short ad-hoc period).
    Weekly schedules always cut off on the last day of the week.
    """
    if not schedule.cutoff_day or schedule.cadence == PeriodKind.WEEK:
        return period.end
    last = calendar.monthrange(period.end.year, period.end.month)[1]
    day = dt.date(period.end.year, period.end.month, min(schedule.cutoff_day, last))
    return max(period.start, min(day, period.end))


def report_due_on(schedule: ReportSchedule, period: Period) -> dt.date:
    """The round's default deadline: period end + `due_days_after_end` calendar days, moved
    to the next working day of the official calendar (a Sunday or a Tết day moves on).

    When the working calendar cannot answer (a year outside its range), the calendar date
    is kept.
    """
    due = period.end + dt.timedelta(days=schedule.due_days_after_end)
    # Imported here: the calendar is only needed when a round opens.
    from tinhso.workcalendar.selectors import calendar_load

    try:
        return calendar_load([due.year, due.year + 1]).next_working_day(due)
    except ValueError:
        return due


def _reporting_units(schedule: ReportSchedule, period: Period) -> list[Unit]:
    """Units of the schedule's levels in the reviewer's province, open on the period end."""
    reviewer = schedule.reviewer_unit
    if not reviewer.province_code:
        raise DomainError(
            _("The reviewing agency belongs to no province; reporting units cannot be found."),
            code="no_province",
        )
    levels = list(schedule.reporting_levels.values_list("pk", flat=True))
    return list(
        Unit.objects.valid_on(period.end)
        .filter(province_code=reviewer.province_code, level_id__in=levels)
        .exclude(pk=reviewer.pk)
        .order_by("pk")
    )


def report_round_open(*, actor: Any, schedule: ReportSchedule, period: Period) -> ReportingRound:
    """Open the round of `schedule` for `period`: the round, one obligation and one draft
    report per reporting unit.

    Rule: reporting units are the units of the schedule's `reporting_levels` in the reviewing
    agency's province that exist on the period's last day. Cut-off and deadline follow
    `report_cutoff_on` / `report_due_on`. Idempotent: opening again adds only units that
    are missing (e.g. after a reorganisation) and never changes existing deadlines.
    Action: MANAGE on the schedule's reviewing unit (`actor=None`: a system job, e.g. the
    seed or a management command). Side effects: creates rows; one audit row when anything
    was created. Errors: `AccessDenied`; `DomainError` for an inactive schedule;
    `ValidationError` when the period's kind does not match the cadence.
    """
    if actor is not None:
        require(actor, Action.MANAGE, schedule.reviewer_unit_id)
    if not schedule.is_active:
        raise DomainError(_("This reporting regime is no longer in use."), code="inactive")
    if schedule.cadence != PeriodKind.AD_HOC and period.kind != schedule.cadence:
        raise ValidationError(
            {"period": _("The period does not match the reporting regime's cadence.")}
        )
    units = _reporting_units(schedule, period)
    with transaction.atomic():
        round_, created = ReportingRound.objects.get_or_create(
            schedule=schedule,
            period=period,
            defaults={
                "cutoff_on": report_cutoff_on(schedule, period),
                "due_on": report_due_on(schedule, period),
                "title": f"{schedule.name} – {period}"[:200],
            },
        )
        existing = set(round_.obligations.values_list("unit_id", flat=True))
        new = [
            ReportingObligation(round=round_, unit=unit, due_on=round_.due_on)
            for unit in units
            if unit.pk not in existing
        ]
        ReportingObligation.objects.bulk_create(new)
        if new:
            added = ReportingObligation.objects.filter(
                round=round_, unit_id__in=[o.unit_id for o in new]
            )
            Report.objects.bulk_create([Report(obligation=o) for o in added])
        if created or new:
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=round_,
                unit=schedule.reviewer_unit_id,
                after={"due_on": round_.due_on, "cutoff_on": round_.cutoff_on},
                message=f"round opened; {len(new)} reporting units added",
            )
    return round_


def report_obligation_set_due(
    *, actor: Any, obligation: ReportingObligation, due_on: dt.date, reason: str = ""
) -> ReportingObligation:
    """Give one unit its own deadline in a round (a per-unit override).

    Action: MANAGE on the schedule's reviewing unit. Side effects: saves `due_on`, one
    audit row (none when unchanged). Errors: `AccessDenied`; `ValidationError` when the
    deadline is before the round's period ends.
    """
    round_ = obligation.round
    require(actor, Action.MANAGE, round_.schedule.reviewer_unit_id)
    if due_on < round_.period.end:
        raise ValidationError(
            {"due_on": _("The deadline cannot be before the reporting period ends.")}
        )
    with transaction.atomic():
        locked = ReportingObligation.objects.select_for_update().get(pk=obligation.pk)
        if locked.due_on == due_on:
            return locked
        before = audit_snapshot(locked, ["due_on"])
        locked.due_on = due_on
        locked.full_clean()
        locked.save(update_fields=["due_on"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            before=before,
            after=audit_snapshot(locked, ["due_on"]),
            message=reason[:500],
        )
    return locked


# --------------------------------------------------------------------------- narrative


def _lock(report: Report, expected_version: int | None) -> Report:
    # No select_related: PostgreSQL cannot lock the nullable side of an outer join.
    locked = Report.objects.select_for_update().get(pk=report.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Someone else changed this report after you opened it. Reload the page, "
                "check their changes and try again."
            )
        )
    # The relations are read without locking (they do not change with the report).
    locked.obligation = report.obligation
    return locked


def report_update(
    *, actor: Any, report: Report, data: Mapping[str, Any], expected_version: int | None
) -> Report:
    """Save the narrative sections (`results`, `difficulties`, `next_tasks`) of a report.

    Rule: only in draft or returned (an accepted report is locked, one approved by the unit
    waits for review); only if nobody saved it since `expected_version`. Action: EDIT on the
    reporting unit. Side effects: `version + 1`, one audit row (nothing when unchanged).
    Errors: `AccessDenied`; `ValidationError` for unknown or too long sections;
    `DomainError` (code `report_locked`) when not editable; `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, report.obligation.unit_id)
    unknown = sorted(set(data) - set(NARRATIVE_FIELDS))
    if unknown:
        raise ValidationError({name: _("This field cannot be edited here.") for name in unknown})
    cleaned = {name: ("" if v is None else str(v).strip()) for name, v in data.items()}
    too_long = [name for name, v in cleaned.items() if len(v) > MAX_SECTION_CHARS]
    if too_long:
        raise ValidationError(
            {name: _("At most %(n)d characters.") % {"n": MAX_SECTION_CHARS} for name in too_long}
        )
    with transaction.atomic():
        locked = _lock(report, expected_version)
        refusal = edit_refusal(locked.state)
        if refusal is not None:
            raise DomainError(refusal, code="report_locked")
        before = audit_snapshot(locked, list(NARRATIVE_FIELDS))
        for name, value in cleaned.items():
            setattr(locked, name, value)
        after = audit_snapshot(locked, list(NARRATIVE_FIELDS))
        if after == before:
            return locked
        locked.version += 1
        locked.full_clean(exclude=["obligation"])
        locked.save(update_fields=[*cleaned, "version", "updated_at"])
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=locked, before=before, after=after
        )
    return locked


def report_prefill_apply(*, actor: Any, report: Report, expected_version: int | None) -> Report:
    """Fill the EMPTY narrative sections from the unit's task progress in the period.

    Rule and errors as `report_update` (sections already written are never overwritten);
    the text comes from `selectors.report_prefill`. Action: EDIT on the reporting unit.
    """
    require(actor, Action.EDIT, report.obligation.unit_id)
    proposal = selectors.report_prefill(user=actor, report=report)
    data = {
        name: proposal[name]
        for name in NARRATIVE_FIELDS
        if not getattr(report, name).strip() and proposal.get(name)
    }
    if not data:
        # Nothing to fill; still refuse a locked report and a stale version.
        with transaction.atomic():
            locked = _lock(report, expected_version)
            refusal = edit_refusal(locked.state)
            if refusal is not None:
                raise DomainError(refusal, code="report_locked")
        return locked
    return report_update(actor=actor, report=report, data=data, expected_version=expected_version)


# --------------------------------------------------------------------------- workflow


def _values_set_status(*, actor: Any, report: Report, action: str, reason: str) -> int:
    """Move the unit's indicator values for the round's period along with the report.

    approve: draft → submitted (the leader's own EDIT right is checked by indicators);
    accept: submitted → confirmed; return: submitted → draft; reopen: confirmed → submitted
    → draft (so the unit can correct them). The agency's steps pass
    `authorised_by_caller=True`: this service has checked its right on the report. Limited
    to the schedule's indicators when it names any. Returns how many values moved.
    """
    obligation = report.obligation
    schedule = obligation.round.schedule
    indicators = list(schedule.indicators.all()) or None
    moved = 0
    # A quarterly report carries the quarter's monthly figures too: every period inside.
    for period in _periods_within(obligation.round.period):
        common: dict[str, Any] = {
            "actor": actor,
            "unit": obligation.unit,
            "period": period,
            "reason": reason,
            "indicators": indicators,
        }
        if action == ReportAction.APPROVE:
            moved += indicator_values_set_status(status=ValueStatus.SUBMITTED, **common)
        elif action == ReportAction.ACCEPT:
            moved += indicator_values_set_status(
                status=ValueStatus.CONFIRMED, authorised_by_caller=True, **common
            )
        else:
            if action == ReportAction.REOPEN:
                moved += indicator_values_set_status(
                    status=ValueStatus.SUBMITTED, reopen=True, authorised_by_caller=True, **common
                )
            moved += indicator_values_set_status(
                status=ValueStatus.DRAFT, authorised_by_caller=True, **common
            )
    return moved


def _periods_within(period: Period) -> list[Period]:
    """`period` and the shorter periods that lie inside it, longest first."""
    inside = Period.objects.filter(start__gte=period.start, end__lte=period.end).exclude(
        pk=period.pk
    )
    return [period, *inside.order_by("start", "kind")]


def report_transition(
    *,
    actor: Any,
    report: Report,
    action: str,
    note: str = "",
    expected_version: int | None = None,
) -> Report:
    """Fire workflow step `action` on `report` (the only way its state changes).

    Rule: the step must exist from the current state in `workflow.TRANSITIONS`; return and
    reopen need a reason (`note`). Action: APPROVE on the reporting unit (approve) or on the
    schedule's reviewing agency (accept, return, reopen). Side effects, under a row lock:
    approve sets `submitted_at` (first approval of the submission) and moves the unit's values
    for the period to submitted; accept sets `accepted_at` and confirms the values (locking
    the report); return records the reason, clears `submitted_at` (the unit must resubmit)
    and puts the values back to draft; reopen snapshots the accepted revision into the event,
    raises `revision` and puts the values back to draft. Always `version + 1`, one
    `ReportEvent` and one audit row. Errors: `AccessDenied` (404) without the right;
    `ValidationError` for an unknown action or a missing reason; `DomainError` when the
    step is not possible from the current state; `ConcurrentEditError` on a stale version.
    """
    if action not in ReportAction.values:
        raise ValidationError({"action": _("Unknown action.")})
    note = (note or "").strip()
    with transaction.atomic():
        locked = _lock(report, expected_version)
        step = transition_for(locked.state, action)
        if step is None:
            raise DomainError(
                _("This action is not possible while the report is “%(state)s”.")
                % {"state": locked.get_state_display()},
                code="invalid_transition",
            )
        if not may_fire(actor, locked, step):
            # Forbidden looks like missing (CONVENTIONS §4).
            raise AccessDenied("No such object.")
        if step.needs_reason and not note:
            raise ValidationError({"note": _("Give the reason.")})
        now = timezone.now()
        before = audit_snapshot(locked, ["state", "revision", "submitted_at", "accepted_at"])
        snapshot: dict[str, Any] | None = None
        event_revision = locked.revision
        if action == ReportAction.APPROVE:
            locked.submitted_at = locked.submitted_at or now
            locked.return_reason = ""
        elif action == ReportAction.ACCEPT:
            locked.accepted_at = now
        elif action == ReportAction.RETURN:
            locked.return_reason = note
            locked.submitted_at = None
        else:  # reopen
            snapshot = selectors.report_snapshot(report=locked)
            locked.revision += 1
            locked.accepted_at = None
        locked.state = step.target
        locked.version += 1
        locked.full_clean(exclude=["obligation"])
        locked.save()
        moved = _values_set_status(actor=actor, report=locked, action=action, reason=note)
        ReportEvent.objects.create(
            report=locked,
            action=action,
            from_state=step.source,
            to_state=step.target,
            revision=event_revision,
            note=note,
            snapshot=snapshot,
            actor=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=locked,
            before=before,
            after=audit_snapshot(locked, ["state", "revision", "submitted_at", "accepted_at"]),
            message=f"{action}: {moved} indicator values; {note}"[:500],
        )
    return locked
