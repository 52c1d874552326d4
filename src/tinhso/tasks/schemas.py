"""API shapes of tasks (`/api/v1/tasks`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema

from . import clarities
from .status import TaskStatus


class TaskFilterIn(Schema):
    """Query parameters of `GET /api/v1/tasks`."""

    plan: str | None = Field(None, max_length=80, description="Plan number/symbol or id.")
    unit: str | None = Field(None, max_length=32, description="Lead unit code (and below).")
    group: int | None = Field(None, description="Plan group id.")
    status: TaskStatus | None = Field(None, description="Status code on `as_of`.")
    as_of: dt.date | None = Field(None, description="Status date (default today).")
    deadline_from: dt.date | None = None
    deadline_to: dt.date | None = None
    missing: str | None = Field(
        None,
        pattern="^(any|" + "|".join(clarities.CODES) + ")$",
        description="A missing clarity code, or 'any'.",
    )
    kind: str | None = Field(None, max_length=10)
    state: str | None = Field(None, max_length=12, description="Workflow state.")
    q: str | None = Field(None, max_length=100, description="Title or number.")
    at_risk: bool | None = Field(
        None, description="Only the tasks at risk of delay on `as_of` (spec §1.6)."
    )


class StatusCountsIn(Schema):
    """Query parameters of `GET /api/v1/tasks/status-counts`."""

    plan: str | None = Field(None, max_length=80)
    unit: str | None = Field(None, max_length=32)
    as_of: dt.date | None = None


class StatusCountsOut(Schema):
    as_of: dt.date
    counts: dict[str, int]
    total: int
    due_total: int
    due_done: int
    completion_rate: float | None
    on_time_rate: float | None


class AsOfIn(Schema):
    as_of: dt.date | None = None


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class TaskListItemOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    plan: str = Field(..., alias="plan.document.number")
    lead_unit: UnitRefOut
    deadline: dt.date | None
    current_deadline: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None
    progress_percent: int
    workflow_state: str
    status: str
    at_risk: bool = Field(..., description="Warning of spec §1.6 on `as_of` (see status.py).")
    missing_clarities: list[str]
    version: int

    @staticmethod
    def resolve_missing_clarities(obj: Any) -> list[str]:
        return clarities.decode(obj.missing_clarities)


class ProgressOut(Schema):
    id: int
    reported_on: dt.date
    percent: int | None
    milestone_id: int | None
    narrative: str
    difficulties: str
    recommendations: str


class ExtensionOut(Schema):
    id: int
    previous_deadline: dt.date
    new_deadline: dt.date
    decision_number: str
    decision_date: dt.date
    reason: str


class TargetRefOut(Schema):
    id: int
    code: str
    text: str
    target_set_id: int


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: dt.date
    done_on: dt.date | None
    sort_order: int


class TaskDetailOut(Schema):
    id: int
    code: str
    title: str
    description: str
    kind: str
    plan: str
    plan_id: int
    group_id: int | None
    parent_id: int | None
    lead_unit: UnitRefOut
    co_units: list[UnitRefOut]
    responsible_leader_id: int | None
    responsible_title: str
    deadline_kind: str
    start_date: dt.date | None
    deadline: dt.date | None
    current_deadline: dt.date | None
    recurrence: str
    recurrence_until: dt.date | None
    period_label: str
    product_type: str
    expected_product: str
    acceptance_criterion: str
    assigning_authority: str
    approving_unit: UnitRefOut | None
    workflow_state: str
    assigned_on: dt.date | None
    started_on: dt.date | None
    completed_on: dt.date | None
    progress_percent: int
    last_update_on: dt.date | None
    as_of: dt.date
    status: str
    status_label: str
    status_current: str = Field(..., description="Status against the extended deadline.")
    status_current_label: str
    at_risk: bool = Field(..., description="Warning of spec §1.6 on `as_of` (see status.py).")
    missing_clarities: list[str]
    targets: list[TargetRefOut]
    milestones: list[MilestoneOut]
    progress: list[ProgressOut]
    extensions: list[ExtensionOut]
    is_illustrative: bool
    version: int


class TaskCreateIn(Schema):
    """Body of `POST /api/v1/tasks` (ids for related rows)."""

    plan: int
    title: str = Field(..., min_length=1, max_length=500)
    lead_unit: int
    kind: str = Field("task", pattern="^(task|recurring)$")
    group: int | None = None
    code: str = Field("", max_length=40)
    description: str = ""
    source_document: int | None = None
    source_clause: str = Field("", max_length=100)
    co_units: list[int] = []
    targets: list[int] = Field([], description="Target ids of the plan's target sets.")
    responsible_leader: int | None = None
    responsible_title: str = Field("", max_length=200)
    deadline_kind: str = Field("fixed", max_length=12)
    start_date: dt.date | None = None
    deadline: dt.date | None = None
    recurrence: str = Field("", max_length=10)
    recurrence_until: dt.date | None = None
    product_type: str = Field("", max_length=10)
    expected_product: str = ""
    acceptance_criterion: str = ""
    assigning_authority: str = Field("", max_length=200)
    approving_unit: int | None = None
    national_id: str = Field("", max_length=60)


class TaskUpdateIn(Schema):
    """Body of `PATCH /api/v1/tasks/{id}`: the version read plus the fields to change."""

    version: int = Field(..., ge=1)
    title: str | None = Field(None, min_length=1, max_length=500)
    code: str | None = Field(None, max_length=40)
    description: str | None = None
    group: int | None = None
    source_document: int | None = None
    source_clause: str | None = Field(None, max_length=100)
    co_units: list[int] | None = None
    targets: list[int] | None = None
    responsible_leader: int | None = None
    responsible_title: str | None = Field(None, max_length=200)
    start_date: dt.date | None = None
    deadline: dt.date | None = None
    recurrence: str | None = Field(None, max_length=10)
    recurrence_until: dt.date | None = None
    product_type: str | None = Field(None, max_length=10)
    expected_product: str | None = None
    acceptance_criterion: str | None = None
    assigning_authority: str | None = Field(None, max_length=200)
    approving_unit: int | None = None
    national_id: str | None = Field(None, max_length=60)


class AttachmentIn(Schema):
    kind: str = Field("attachment", pattern="^(evidence|attachment)$")
    title: str = Field(..., min_length=1, max_length=300)
    url: str = Field(..., min_length=1, max_length=500)


class ProgressIn(Schema):
    """Body of `POST /api/v1/tasks/{id}/progress`."""

    reported_on: dt.date | None = None
    percent: int | None = Field(None, ge=0, le=100)
    milestone: int | None = None
    narrative: str = Field(..., min_length=1)
    difficulties: str = ""
    recommendations: str = ""
    attachments: list[AttachmentIn] = []


class TransitionIn(Schema):
    """Body of `POST /api/v1/tasks/{id}/transitions`."""

    action: str = Field(..., max_length=20)
    note: str = ""
    version: int | None = Field(None, ge=1)
    on_date: dt.date | None = None


class ExtensionIn(Schema):
    """Body of `POST /api/v1/tasks/{id}/extensions`."""

    new_deadline: dt.date
    decision_number: str = Field(..., min_length=1, max_length=80)
    decision_date: dt.date
    reason: str = Field(..., min_length=1)
    version: int | None = Field(None, ge=1)


class DelegationIn(Schema):
    """Body of `POST /api/v1/tasks/{id}/delegations`: a unit below the lead unit, by code."""

    unit: str = Field(..., min_length=1, max_length=32, description="Unit code, e.g. 26068.")
    title: str = Field("", max_length=500)
    deadline: dt.date | None = None
    responsible_title: str = Field("", max_length=200)


class InstancesIn(Schema):
    """Body of `POST /api/v1/tasks/{id}/instances`."""

    offset_days: int | None = Field(None, ge=0, le=366)


class TaskRefOut(Schema):
    id: int
    title: str
    kind: str
    period_label: str
    deadline: dt.date | None
    lead_unit_id: int


class MilestoneIn(Schema):
    id: int | None = Field(None, description="An existing milestone of the task to keep.")
    title: str = Field(..., min_length=1, max_length=300)
    due_on: dt.date


class MilestonesIn(Schema):
    """Body of `PUT /api/v1/tasks/{id}/milestones`: the full wanted list (others removed)."""

    version: int = Field(..., ge=1)
    milestones: list[MilestoneIn] = Field(..., max_length=50)
