"""Status changes of a dossier: the one service that applies `workflow.TRANSITIONS`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.dossiers import clock, workflow
from tinhso.dossiers.models import (
    END_STATES,
    Dossier,
    DossierPause,
    DossierResult,
    PauseKind,
    Status,
)

from .common import check_version, lock, now, record_event, refresh_flags

# Steps that open a pause of the clock, and the steps that close it.
PAUSE_OPENERS = {"request_supplement": PauseKind.SUPPLEMENT, "request_payment": PauseKind.PAYMENT}
PAUSE_CLOSERS = {
    "supplement_received": PauseKind.SUPPLEMENT,
    "payment_received": PauseKind.PAYMENT,
}


def dossier_transition(
    *,
    actor: Any,
    dossier: Dossier,
    action: str,
    note: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
    new_due_at: dt.datetime | None = None,
    result_name: str = "",
    result_code: str = "",
    result_file: Any = None,
    paid_online: bool | None = None,
) -> Dossier:
    """Apply one step of the dossier state machine (table and rights in `workflow.py`).

    Rule: the action exists and leaves the current status; the actor holds the table's
    right on one of its units; a reason where the table requires one; `at` (default now)
    not in the future nor before the last step. Effects by action:

    * receive: starts the clock (limit from the procedure; a record without one cannot be
      received online until the limit is entered — receive it at the counter instead);
    * request_supplement: opens a supplement pause, counts the request, stores the missing
      items (`note`); supplement_received closes it and moves the due moment by the time
      the clock stood still;
    * request_payment / payment_received: the same with a payment pause, which stops the
      clock only if the procedure says so (`payment_pauses_clock`); `paid_online` records
      how the applicant paid;
    * finish: ends processing (`finished_at`), records the result (`result_name`, an
      electronic result when `result_file` is given) and the timeliness class against the
      statutory due (the new appointment of an apology does not change statistics);
    * return_result: `returned_at`;
    * refuse, stop, withdraw: the reason is kept (`outcome_reason`); stop/withdraw end
      processing;
    * reschedule: once per dossier; a new appointment later than the current one and the
      reason (the apology letter is generated from them); the status does not change.

    Side effects: the dossier (`version + 1`), one event, outbox messages, one audit entry.
    Errors: `AccessDenied` (no right: 404), `ValidationError` (unknown action, missing note,
    bad time or appointment), `DomainError` (wrong status, second reschedule),
    `ConcurrentEditError` (stale `expected_version`).
    """
    step = workflow.get(action)
    if step is None:
        raise ValidationError({"action": _("Unknown action.")})
    if not workflow.may(actor, step, dossier):
        raise AccessDenied("No such object.")
    note = (note or "").strip()
    if step.note_required and not note:
        raise ValidationError({"note": _("Give the reason.")})
    moment = at or now()
    if moment > now() + dt.timedelta(minutes=1):
        raise ValidationError({"at": _("This time is in the future.")})
    with transaction.atomic():
        locked = lock(dossier)
        check_version(locked, expected_version)
        if not workflow.allows(step, locked.status):
            raise DomainError(
                _("This action is not possible in the dossier's current status."),
                code="invalid_transition",
            )
        last = locked.events.order_by("-at", "-pk").values_list("at", flat=True).first()
        if last is not None and moment < last:
            raise ValidationError({"at": _("This time is before the dossier's last step.")})
        before = audit_snapshot(locked)
        from_status = locked.status
        _apply(locked, step, moment, note, new_due_at, paid_online)
        if action == "finish":
            _record_result(locked, moment, result_name, result_code, result_file)
        if step.target is not None:
            locked.status = step.target
        refresh_flags(locked)
        locked.version += 1
        locked.save()
        unit_id = locked.receiving_unit_id if step.on == "receiving" else locked.resolving_unit_id
        record_event(
            locked,
            action=action,
            from_status=from_status,
            actor=actor,
            unit_id=unit_id,
            at=moment,
            note=note,
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            obj=locked,
            unit=locked.resolving_unit_id,
            before=before,
            after=audit_snapshot(locked),
            message=action,
        )
    return locked


def _apply(
    d: Dossier,
    step: workflow.Transition,
    moment: dt.datetime,
    note: str,
    new_due_at: dt.datetime | None,
    paid_online: bool | None,
) -> None:
    action = step.action
    if action == "receive":
        limit = clock.limit_for(d.procedure, d.channel)
        if limit is None and d.limit_amount is not None and d.limit_unit:
            limit = clock.Limit(
                d.limit_amount, d.limit_unit, d.limit_policy or clock.default_policy()
            )
        if limit is None:
            raise DomainError(
                _(
                    "The procedure record gives no time limit for this dossier; enter the "
                    "procedure's time limit in the catalogue before receiving it."
                ),
                code="no_time_limit",
            )
        d.received_at = moment
        d.limit_amount, d.limit_unit, d.limit_policy = limit.amount, limit.unit, limit.policy
        d.original_due_at = d.due_at = clock.due_for(moment, limit)
        d.missing_items = ""
    elif action == "request_completion":
        d.missing_items = note
    elif action == "resubmit":
        d.missing_items = ""
    elif action in PAUSE_OPENERS:
        kind = PAUSE_OPENERS[action]
        counts = kind == PauseKind.SUPPLEMENT or d.procedure.payment_pauses_clock
        DossierPause.objects.create(dossier=d, kind=kind, started_at=moment, counts=counts)
        d.pause_started_at = moment if counts else None
        if kind == PauseKind.SUPPLEMENT:
            d.supplement_count += 1
            d.missing_items = note
    elif action in PAUSE_CLOSERS:
        kind = PAUSE_CLOSERS[action]
        DossierPause.objects.filter(dossier=d, kind=kind, ended_at__isnull=True).update(
            ended_at=moment
        )
        d.pause_started_at = None
        d.missing_items = ""
        if kind == PauseKind.PAYMENT and paid_online is not None:
            d.paid_online = paid_online
        d.due_at = _due_with_pauses(d)
    elif action == "finish":
        d.finished_at = moment
        assert d.due_at is not None  # noqa: S101  # a received dossier has a due moment
        d.timeliness = clock.timeliness_of(moment, d.due_at)
    elif action == "return_result":
        d.returned_at = moment
    elif action in ("refuse", "stop", "withdraw"):
        d.outcome_reason = note
        if action != "refuse" and d.received_at is not None:
            d.finished_at = moment
            _close_pauses(d, moment)
    elif action == "reschedule":
        _reschedule(d, moment, note, new_due_at)


def _close_pauses(d: Dossier, moment: dt.datetime) -> None:
    DossierPause.objects.filter(dossier=d, ended_at__isnull=True).update(ended_at=moment)
    d.pause_started_at = None


def _due_with_pauses(d: Dossier) -> dt.datetime | None:
    """The statutory due moment recomputed from reception with every closed pause."""
    if d.received_at is None or d.limit_amount is None or not d.limit_unit:
        return d.due_at
    pauses = [
        (p.started_at, p.ended_at)
        for p in DossierPause.objects.filter(
            dossier=d, counts=True, ended_at__isnull=False
        ).order_by("started_at", "pk")
        if p.ended_at is not None
    ]
    limit = clock.Limit(d.limit_amount, d.limit_unit, d.limit_policy or clock.default_policy())
    return clock.due_for(d.received_at, limit, pauses)


def _reschedule(d: Dossier, moment: dt.datetime, note: str, new_due_at: dt.datetime | None) -> None:
    if d.rescheduled_due_at is not None:
        raise DomainError(
            _("The appointment of this dossier was already moved once; it cannot be moved again."),
            code="already_rescheduled",
        )
    if new_due_at is None:
        raise ValidationError({"new_due_at": _("Give the new appointment.")})
    if timezone.is_naive(new_due_at):
        new_due_at = timezone.make_aware(new_due_at)
    current = d.appointment_at
    if current is not None and new_due_at <= current:
        raise ValidationError(
            {"new_due_at": _("The new appointment must be later than the current one.")}
        )
    d.rescheduled_due_at = new_due_at
    d.reschedule_reason = note


def _record_result(d: Dossier, moment: dt.datetime, name: str, code: str, file: Any) -> None:
    """The result of a finished dossier; an attached file makes it electronic (Decree
    45/2020: same validity as paper), re-usable by the same applicant later."""
    result = DossierResult(
        dossier=d,
        name=(name or d.procedure.result or _("Result"))[:300],
        result_code=code.strip()[:60],
        is_electronic=file is not None,
        issued_at=moment,
        applicant_key=d.applicant_key,
    )
    if file is not None:
        result.file.save(getattr(file, "name", None) or "result.pdf", file, save=False)
    result.full_clean(exclude=["dossier"])
    result.save()
    if file is not None:
        d.has_e_result = True


def is_finished(d: Dossier) -> bool:
    return d.status in END_STATES or d.status == Status.REFUSED
