"""The dossier state machine (spec §2.10): one transition table, applied only by
`services.dossier_transition` (and `services.dossier_receive` for counter reception).

    submitted ──receive──▶ received ──start──▶ in_process ──finish──▶ done ──return──▶ returned
        │ ▲                    │                 │  ▲ │ ▲
        │ └─resubmit─┐         │   request_supplement │ └─ payment_received ◀─ awaiting_payment
        ▼            │         ▼                 ▼  │ └─ interagency_back ◀── interagency
    pre_supplement ──┘    supplement ──supplement_received──▶ in_process
    refuse (submitted | pre_supplement) ──▶ refused
    stop (every open state) ──▶ stopped       withdraw (before the end) ──▶ withdrawn
    reschedule (every open state): status unchanged, one apology + new appointment

Who may act (`on` column): EDIT or APPROVE on the dossier's `receiving` unit (the one-stop
counter that took it), its `resolving` unit (the competent unit), its `return` unit, or
`either` the receiving or the resolving one. Stopping processing and the apology letter are
decisions of the competent unit's leadership (APPROVE); everything else is an officer's EDIT.

Extra requirements: refuse, request_completion, request_supplement, stop, withdraw and
reschedule need a reason (`note`); reschedule also needs the new appointment and is allowed
once per dossier.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext_lazy

from tinhso.accounts.access import Action, can

from .models import OPEN_STATES, Dossier, Status

S = Status


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the status does not change (reschedule)
    right: Action
    on: str  # receiving | resolving | return | either
    label: Any
    note_required: bool = False


_OPEN = frozenset(OPEN_STATES)
_BEFORE_RECEIPT = frozenset({S.SUBMITTED, S.PRE_SUPPLEMENT})

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "receive",
        _BEFORE_RECEIPT,
        S.RECEIVED,
        Action.EDIT,
        "receiving",
        pgettext_lazy("dossier action", "Receive"),
    ),
    Transition(
        "request_completion",
        frozenset({S.SUBMITTED}),
        S.PRE_SUPPLEMENT,
        Action.EDIT,
        "receiving",
        pgettext_lazy("dossier action", "Ask to complete before reception"),
        note_required=True,
    ),
    Transition(
        "resubmit",
        frozenset({S.PRE_SUPPLEMENT}),
        S.SUBMITTED,
        Action.EDIT,
        "receiving",
        pgettext_lazy("dossier action", "Completed by the applicant"),
    ),
    Transition(
        "refuse",
        _BEFORE_RECEIPT,
        S.REFUSED,
        Action.EDIT,
        "receiving",
        pgettext_lazy("dossier action", "Refuse reception"),
        note_required=True,
    ),
    Transition(
        "start",
        frozenset({S.RECEIVED}),
        S.IN_PROCESS,
        Action.EDIT,
        "resolving",
        pgettext_lazy("dossier action", "Start processing"),
    ),
    Transition(
        "send_interagency",
        frozenset({S.IN_PROCESS}),
        S.INTERAGENCY,
        Action.EDIT,
        "resolving",
        pgettext_lazy("dossier action", "Send to another agency"),
        note_required=True,
    ),
    Transition(
        "interagency_back",
        frozenset({S.INTERAGENCY}),
        S.IN_PROCESS,
        Action.EDIT,
        "resolving",
        pgettext_lazy("dossier action", "Other agency's answer received"),
    ),
    Transition(
        "request_supplement",
        frozenset({S.RECEIVED, S.IN_PROCESS, S.INTERAGENCY}),
        S.SUPPLEMENT,
        Action.EDIT,
        "resolving",
        pgettext_lazy("dossier action", "Request a supplement"),
        note_required=True,
    ),
    Transition(
        "supplement_received",
        frozenset({S.SUPPLEMENT}),
        S.IN_PROCESS,
        Action.EDIT,
        "either",
        pgettext_lazy("dossier action", "Supplement received"),
    ),
    Transition(
        "request_payment",
        frozenset({S.IN_PROCESS}),
        S.AWAITING_PAYMENT,
        Action.EDIT,
        "resolving",
        pgettext_lazy("dossier action", "Request payment of the financial obligation"),
    ),
    Transition(
        "payment_received",
        frozenset({S.AWAITING_PAYMENT}),
        S.IN_PROCESS,
        Action.EDIT,
        "either",
        pgettext_lazy("dossier action", "Payment received"),
    ),
    Transition(
        "finish",
        frozenset({S.IN_PROCESS}),
        S.DONE,
        Action.EDIT,
        "resolving",
        pgettext_lazy("dossier action", "Processing finished, result ready"),
    ),
    Transition(
        "return_result",
        frozenset({S.DONE}),
        S.RETURNED,
        Action.EDIT,
        "return",
        pgettext_lazy("dossier action", "Return the result"),
    ),
    Transition(
        "stop",
        _OPEN,
        S.STOPPED,
        Action.APPROVE,
        "resolving",
        pgettext_lazy("dossier action", "Stop processing"),
        note_required=True,
    ),
    Transition(
        "withdraw",
        _BEFORE_RECEIPT | _OPEN,
        S.WITHDRAWN,
        Action.EDIT,
        "either",
        pgettext_lazy("dossier action", "Withdrawn at the applicant's request"),
        note_required=True,
    ),
    Transition(
        "reschedule",
        _OPEN,
        None,
        Action.APPROVE,
        "resolving",
        pgettext_lazy("dossier action", "Apologise and set a new appointment"),
        note_required=True,
    ),
)

_BY_ACTION = {t.action: t for t in TRANSITIONS}
ACTIONS: tuple[str, ...] = tuple(_BY_ACTION)


def get(action: str) -> Transition | None:
    """The transition named `action`, or None."""
    return _BY_ACTION.get(action)


def allows(step: Transition, status: str) -> bool:
    """True when `step` may leave `status`."""
    return status in step.sources


def units_for(step: Transition, dossier: Dossier) -> tuple[int, ...]:
    """The unit ids on which the actor must hold `step.right` (any one suffices)."""
    if step.on == "receiving":
        return (dossier.receiving_unit_id,)
    if step.on == "resolving":
        return (dossier.resolving_unit_id,)
    if step.on == "return":
        return (dossier.return_unit_id, dossier.resolving_unit_id)
    return (dossier.receiving_unit_id, dossier.resolving_unit_id)


def may(user: Any, step: Transition, dossier: Dossier) -> bool:
    """True when `user` holds the step's right on one of the step's units."""
    return any(can(user, step.right, unit_id) for unit_id in units_for(step, dossier))


def available(user: Any, dossier: Dossier) -> list[Transition]:
    """The steps `user` may take on `dossier` now (for buttons)."""
    return [
        t
        for t in TRANSITIONS
        if allows(t, dossier.status)
        and may(user, t, dossier)
        and not (t.action == "reschedule" and dossier.rescheduled_due_at is not None)
    ]
