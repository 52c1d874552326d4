"""The report workflow as data: the transition table and who may fire each step.

CONVENTIONS §3: this module holds the table (state, action, next state, required right);
`services.report_transition` is the only code that changes `Report.state`: it locks the row,
looks the step up here, checks the actor, writes a `ReportEvent` and an audit row.

    draft ──approve──▶ unit_approved ──accept──▶ accepted ──reopen──▶ draft (revision + 1)
    returned ─approve─▶      │
        ▲                    └──return──▶ returned

* approve: the unit's leader (APPROVE on the reporting unit);
* accept / return / reopen: the standing agency (APPROVE on the schedule's reviewing unit);
  return and reopen need a reason.

Narrative and values are edited only in `EDITABLE_STATES`; an accepted report is locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.access import Action, can

from .models import Report, ReportState


class ReportAction(models.TextChoices):
    APPROVE = "approve", _("approve and send to the standing agency")
    ACCEPT = "accept", _("accept")
    RETURN = "return", _("return for correction")
    REOPEN = "reopen", _("reopen")


class Approver(StrEnum):
    """Whose approve right a step needs."""

    UNIT = "unit"  # the reporting unit (its leader)
    REVIEWER = "reviewer"  # the schedule's reviewing (standing) agency


@dataclass(frozen=True)
class Transition:
    source: str
    action: str
    target: str
    approver: Approver
    needs_reason: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(ReportState.DRAFT, ReportAction.APPROVE, ReportState.UNIT_APPROVED, Approver.UNIT),
    Transition(
        ReportState.RETURNED, ReportAction.APPROVE, ReportState.UNIT_APPROVED, Approver.UNIT
    ),
    Transition(
        ReportState.UNIT_APPROVED, ReportAction.ACCEPT, ReportState.ACCEPTED, Approver.REVIEWER
    ),
    Transition(
        ReportState.UNIT_APPROVED,
        ReportAction.RETURN,
        ReportState.RETURNED,
        Approver.REVIEWER,
        needs_reason=True,
    ),
    Transition(
        ReportState.ACCEPTED,
        ReportAction.REOPEN,
        ReportState.DRAFT,
        Approver.REVIEWER,
        needs_reason=True,
    ),
)

EDITABLE_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})
# States in which the report counts as received by the standing agency.
RECEIVED_STATES = frozenset({ReportState.UNIT_APPROVED, ReportState.ACCEPTED})


def transition_for(state: str, action: str) -> Transition | None:
    """The step `action` from `state`, or None when the table has no such step."""
    for step in TRANSITIONS:
        if step.source == state and step.action == action:
            return step
    return None


def approver_unit_id(report: Report, approver: Approver) -> int:
    """The unit on which the actor needs APPROVE for a step of `approver`."""
    obligation = report.obligation
    if approver is Approver.UNIT:
        return obligation.unit_id
    return obligation.round.schedule.reviewer_unit_id


def may_fire(user: Any, report: Report, step: Transition) -> bool:
    """True when `user` holds APPROVE on the unit the step needs."""
    return can(user, Action.APPROVE, approver_unit_id(report, step.approver))


def allowed_steps(user: Any, report: Report) -> list[Transition]:
    """The steps `user` may fire on `report` now (for buttons and the API detail)."""
    return [
        step for step in TRANSITIONS if step.source == report.state and may_fire(user, report, step)
    ]


def edit_refusal(state: str) -> str | None:
    """Why the narrative cannot be edited in `state`, or None when it can."""
    if state in EDITABLE_STATES:
        return None
    if state == ReportState.ACCEPTED:
        return gettext(
            "This report was accepted and is locked. The standing agency must reopen it, "
            "giving a reason, before anything can be changed."
        )
    return gettext(
        "This report was approved by the unit and is awaiting review by the standing agency; "
        "it can be changed only after the agency returns it."
    )
