"""API shapes of plans, target sets, targets and catalogues (`/api/v1/plans`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema


class PlanFilterIn(Schema):
    """Query parameters of `GET /api/v1/plans`."""

    q: str | None = Field(None, max_length=100, description="Number or title.")
    status: str | None = Field(None, max_length=10)
    unit: int | None = Field(None, ge=1, le=2**63 - 1, description="Owner unit id.")


class AsOfIn(Schema):
    """`as_of` (default: today) and, for a plan, which target-set version."""

    as_of: dt.date | None = Field(None, description="Statuses on this date (YYYY-MM-DD).")
    target_set: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Target set id (default: valid on as_of)."
    )


class RefOut(Schema):
    id: int
    label: str


class DocRefOut(Schema):
    id: int
    number: str
    issued_on: dt.date
    title: str
    is_illustrative: bool


class PlanOut(Schema):
    """A plan in a list."""

    id: int
    number: str
    title: str
    document: DocRefOut
    implements: DocRefOut | None
    parent_id: int | None
    unit: RefOut
    status: str
    period_start: dt.date | None
    period_end: dt.date | None
    is_illustrative: bool
    version: int


class StatusOut(Schema):
    """The two statuses of a target on `as_of`."""

    as_of: dt.date
    achievement: str
    measurement: str
    expected: Decimal | None
    measured: Decimal | None
    measured_on: dt.date | None
    source: str
    overridden: bool


class MilestoneOut(Schema):
    year: int
    value: Decimal


class TargetOut(Schema):
    """A target with its trajectory and its statuses on `as_of`."""

    id: int
    key: str
    code: str
    text: str
    group_code: str | None
    indicator_code: str | None
    unit_of_measure: str
    direction: str
    baseline_value: Decimal | None
    baseline_year: int | None
    target_value: Decimal | None
    target_year: int
    value_text: str
    vision_value: Decimal | None
    vision_text: str
    is_illustrative: bool
    source_note: str
    version: int
    milestones: list[MilestoneOut]
    status: StatusOut


class TaskRefOut(Schema):
    id: int
    code: str
    title: str
    lead_unit: str
    deadline: dt.date | None
    completed_on: dt.date | None
    workflow_state: str


class GroupOut(Schema):
    id: int | None
    code: str
    title: str
    catalogue_item: str | None
    task_count: int
    targets: list[TargetOut]
    tasks: list[TaskRefOut]


class TargetSetOut(Schema):
    id: int
    version: int
    label: str
    valid_from: dt.date
    valid_to: dt.date | None
    document_number: str | None


class CountsOut(Schema):
    achievement: dict[str, int]
    measurement: dict[str, int]
    total: int


class StatusCountsOut(CountsOut):
    """Counts of one target set's statuses on `as_of`."""

    as_of: dt.date
    target_set: int


class PlanTreeOut(PlanOut):
    """A plan as a tree: groups → targets (with statuses) and visible tasks."""

    as_of: dt.date
    target_set: TargetSetOut | None
    target_sets: list[TargetSetOut]
    children: list[RefOut]
    groups: list[GroupOut]
    counts: CountsOut
    task_total: int
    tasks_truncated: bool


class PlanTargetsOut(Schema):
    as_of: dt.date
    target_set: TargetSetOut
    counts: CountsOut
    targets: list[TargetOut]


class AssessmentIn(Schema):
    """Body of `POST /api/v1/plans/targets/{id}/assessments`."""

    as_of: dt.date
    measurement: str = Field(..., max_length=10, description="no_data | compiling | confirmed")
    value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    achievement: str = Field("", max_length=15)
    source: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)


class AssessmentOut(Schema):
    id: int
    target_id: int
    as_of: dt.date
    value: Decimal | None
    achievement: str
    measurement: str
    source: str
    note: str


class ReviseIn(Schema):
    """Body of `POST /api/v1/plans/target-sets/{id}/revise`."""

    label: str = Field(..., min_length=1, max_length=200)
    valid_from: dt.date
    document: int | None = Field(
        None, ge=1, le=2**63 - 1, description="Id of the revising document."
    )


class TargetPatchIn(Schema):
    """Body of `PATCH /api/v1/plans/targets/{id}`."""

    version: int = Field(..., ge=1)
    text: str | None = Field(None, min_length=1)
    code: str | None = Field(None, min_length=1, max_length=20)
    baseline_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    baseline_year: int | None = Field(None, ge=1990, le=2100)
    target_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    target_year: int | None = Field(None, ge=1990, le=2100)
    value_text: str | None = Field(None, max_length=200)
    source_note: str | None = Field(None, max_length=500)
    milestones: dict[int, Decimal] | None = Field(None, description="{year: value}")


class TargetCreateIn(Schema):
    """Body of `POST /api/v1/plans/target-sets/{id}/targets`."""

    key: str = Field(..., min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    code: str = Field(..., min_length=1, max_length=20)
    text: str = Field(..., min_length=1)
    group: int | None = Field(None, ge=1, le=2**63 - 1, description="Plan group id.")
    indicator_code: str | None = Field(None, max_length=40)
    unit_of_measure: str = Field("", max_length=40)
    direction: str = Field("higher", max_length=10)
    baseline_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    baseline_year: int | None = Field(None, ge=1990, le=2100)
    target_value: Decimal | None = Field(None, max_digits=20, decimal_places=4)
    target_year: int = Field(2030, ge=1990, le=2100)
    value_text: str = Field("", max_length=200)
    vision_text: str = Field("", max_length=300)
    is_illustrative: bool = False
    source_note: str = Field("", max_length=500)
    sort_order: int = Field(100, ge=0, le=32000)
    milestones: dict[int, Decimal] = Field(default_factory=dict, description="{year: value}")


class PlanPatchIn(Schema):
    """Body of `PATCH /api/v1/plans/{id}`."""

    version: int = Field(..., ge=1)
    title: str | None = Field(None, min_length=1, max_length=400)
    status: str | None = Field(None, max_length=10)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    source_note: str | None = Field(None, max_length=500)


class CatalogueItemOut(Schema):
    code: str
    name: str
    sort_order: int


class CatalogueOut(Schema):
    id: int
    code: str
    version: int
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    items: list[CatalogueItemOut]
