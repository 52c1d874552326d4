"""The task assignment workflow (spec §9.3, CONVENTIONS §3): one transition table.

    proposed ──assign──▶ assigned ──start──▶ in_progress ──submit──▶ submitted
                                   ▲                                 │      │
                           returned ◀──────────── return ────────────┘   accept
                                                                           ▼
                                                                        accepted
    suspend (assigned | in_progress | returned) ──▶ suspended ──resume──▶ in_progress
    cancel  (proposed | assigned | in_progress | returned | suspended) ──▶ cancelled

Who may act (the `right` column):

* `lead`: the action on the lead unit (start and submit need EDIT, accept and return need
  APPROVE — the lead unit's leader, or a leader of a unit above it, signs off).
* `authority`: APPROVE on the approving authority (`Task.approving_unit`); a task that names
  none falls back to the level above its lead unit (the lead unit's parent; the lead unit
  itself at the top). Assigning, suspending, resuming and cancelling are decisions of the
  body that assigned the task, not of the unit doing it.

Extra requirements: `submit` and `accept` need product evidence (an `evidence` attachment);
`accept` is refused while a delegated sub-task is still open; `return` needs a reason;
`suspend`, `resume` and `cancel` need the decision reference in the note.

Only `services.task_transition` applies this table; nothing else writes `workflow_state`
(a task starts as `proposed` when it is created).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import pgettext_lazy

from tinhso.accounts.access import Action, can

from .models import WorkflowState

S = WorkflowState


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    right: Action
    on: str  # "lead" or "authority"
    label: Any
    note_required: bool = False
    evidence_required: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "assign",
        frozenset({S.PROPOSED}),
        S.ASSIGNED,
        Action.APPROVE,
        "authority",
        pgettext_lazy("task action", "Approve and assign"),
    ),
    Transition(
        "start",
        frozenset({S.ASSIGNED, S.RETURNED}),
        S.IN_PROGRESS,
        Action.EDIT,
        "lead",
        pgettext_lazy("task action", "Start"),
    ),
    Transition(
        "submit",
        frozenset({S.IN_PROGRESS}),
        S.SUBMITTED,
        Action.EDIT,
        "lead",
        pgettext_lazy("task action", "Submit for acceptance"),
        evidence_required=True,
    ),
    Transition(
        "accept",
        frozenset({S.SUBMITTED}),
        S.ACCEPTED,
        Action.APPROVE,
        "lead",
        pgettext_lazy("task action", "Accept as completed"),
        evidence_required=True,
    ),
    Transition(
        "return",
        frozenset({S.SUBMITTED}),
        S.RETURNED,
        Action.APPROVE,
        "lead",
        pgettext_lazy("task action", "Return for rework"),
        note_required=True,
    ),
    Transition(
        "suspend",
        frozenset({S.ASSIGNED, S.IN_PROGRESS, S.RETURNED}),
        S.SUSPENDED,
        Action.APPROVE,
        "authority",
        pgettext_lazy("task action", "Suspend"),
        note_required=True,
    ),
    Transition(
        "resume",
        frozenset({S.SUSPENDED}),
        S.IN_PROGRESS,
        Action.APPROVE,
        "authority",
        pgettext_lazy("task action", "Resume"),
        note_required=True,
    ),
    Transition(
        "cancel",
        frozenset({S.PROPOSED, S.ASSIGNED, S.IN_PROGRESS, S.RETURNED, S.SUSPENDED}),
        S.CANCELLED,
        Action.APPROVE,
        "authority",
        pgettext_lazy("task action", "Cancel"),
        note_required=True,
    ),
)
BY_ACTION = {t.action: t for t in TRANSITIONS}
ACTIONS = tuple(BY_ACTION)
# States in which a task is still open (a sub-task in one of them blocks the parent's accept).
OPEN_STATES = frozenset({S.PROPOSED, S.ASSIGNED, S.IN_PROGRESS, S.SUBMITTED, S.RETURNED})


def authority_unit_id(task: Any) -> int | None:
    """The unit whose APPROVE right decides assign/suspend/resume/cancel (see above)."""
    if task.approving_unit_id is not None:
        return int(task.approving_unit_id)
    parent_id = task.lead_unit.parent_id
    return int(parent_id if parent_id is not None else task.lead_unit_id)


def unit_for(transition: Transition, task: Any) -> int | None:
    """The unit on which `transition.right` is checked."""
    if transition.on == "authority":
        return authority_unit_id(task)
    return int(task.lead_unit_id)


def get(action: str) -> Transition | None:
    return BY_ACTION.get(action)


def allows(transition: Transition, state: str) -> bool:
    return state in transition.sources


def may(user: Any, transition: Transition, task: Any) -> bool:
    """True when `user` holds the right the table names for `transition` on `task`."""
    return can(user, transition.right, unit_for(transition, task))


def available(user: Any, task: Any) -> list[Transition]:
    """The transitions `user` may apply to `task` now (for the task page's buttons)."""
    return [t for t in TRANSITIONS if allows(t, task.workflow_state) and may(user, t, task)]
