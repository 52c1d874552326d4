"""API shapes of projects (`/api/v1/projects`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema

from .models import InvestorType, MilestoneKind, ProjectKind, ProjectStatus
from .status import MilestoneStatus

MAX_DONG = 10**15  # a quadrillion đồng: beyond any provincial project, far below 2**63


class ProjectFilterIn(Schema):
    """Query parameters of `GET /api/v1/projects`."""

    as_of: dt.date | None = Field(None, description="Figures date (default today).")
    status: ProjectStatus | None = None
    kind: ProjectKind | None = None
    unit: str | None = Field(None, max_length=32, description="Managing unit code (and below).")
    has_open_blockers: bool | None = None
    lagging: bool | None = Field(
        None, description="Physical progress below the planned straight line on `as_of`."
    )
    q: str | None = Field(None, max_length=100, description="Code or name.")


class AsOfIn(Schema):
    as_of: dt.date | None = None


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class ProjectListItemOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    status: str
    unit: UnitRefOut
    investor_name: str
    location_text: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    total_investment: int | None
    physical_on: int = Field(..., description="Physical progress (%) on `as_of`.")
    financial_on: int = Field(..., description="Financial progress (%) on `as_of`.")
    expected_on: int | None = Field(..., description="Planned straight line (%) on `as_of`.")
    lagging: bool
    open_blockers: int
    is_illustrative: bool
    version: int


class _ProjectFields(Schema):
    name: str = Field(..., min_length=1, max_length=400)
    kind: ProjectKind = ProjectKind.FLAGSHIP
    description: str = Field("", max_length=10_000)
    investor_name: str = Field("", max_length=300)
    investor_type: InvestorType = InvestorType.STATE
    location_text: str = Field("", max_length=400)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    area_ha: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    decision_number: str = Field("", max_length=80)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    total_investment: int | None = Field(None, ge=0, le=MAX_DONG)
    status: ProjectStatus = ProjectStatus.PLANNING
    source: str = Field("", max_length=500)
    communes: list[str] = Field(default_factory=list, max_length=200, description="Unit codes.")
    tasks: list[int] = Field(default_factory=list, max_length=500)
    targets: list[int] = Field(default_factory=list, max_length=500)


class ProjectCreateIn(_ProjectFields):
    code: str = Field(..., min_length=1, max_length=20)
    unit: str = Field(..., min_length=1, max_length=32, description="Managing unit code.")


class ProjectUpdateIn(Schema):
    """Only the fields given change; `version` is the one read (else 409)."""

    version: int = Field(..., ge=1, le=2**31 - 1)
    code: str | None = Field(None, min_length=1, max_length=20)
    unit: str | None = Field(None, min_length=1, max_length=32)
    name: str | None = Field(None, min_length=1, max_length=400)
    kind: ProjectKind | None = None
    description: str | None = Field(None, max_length=10_000)
    investor_name: str | None = Field(None, max_length=300)
    investor_type: InvestorType | None = None
    location_text: str | None = Field(None, max_length=400)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    area_ha: Decimal | None = Field(None, ge=0, max_digits=10, decimal_places=2)
    decision_number: str | None = Field(None, max_length=80)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    total_investment: int | None = Field(None, ge=0, le=MAX_DONG)
    status: ProjectStatus | None = None
    source: str | None = Field(None, max_length=500)
    communes: list[str] | None = Field(None, max_length=200)
    tasks: list[int] | None = Field(None, max_length=500)
    targets: list[int] | None = Field(None, max_length=500)


class TargetRefOut(Schema):
    id: int
    code: str
    text: str


class TaskRefOut(Schema):
    id: int
    code: str
    title: str


class MilestoneOut(Schema):
    id: int
    kind: str
    title: str
    planned_on: dt.date | None
    actual_on: dt.date | None
    status: MilestoneStatus
    note: str
    version: int


class ProgressOut(Schema):
    id: int
    as_of: dt.date
    physical_percent: int
    financial_percent: int
    disbursed_amount: int | None
    narrative: str
    blockers: str
    recommendations: str


class BlockerOut(Schema):
    id: int
    description: str
    raised_on: dt.date
    owner_unit: UnitRefOut | None
    decision_from: str
    resolved_on: dt.date | None
    resolution: str
    version: int


class OpenBlockerOut(BlockerOut):
    project_id: int
    project_code: str = Field(..., alias="project.code")


class PhotoOut(Schema):
    id: int
    caption: str
    taken_on: dt.date | None
    content_type: str
    size: int
    url: str


class ProjectDetailOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    description: str
    investor_name: str
    investor_type: str
    unit: UnitRefOut
    location_text: str
    communes: list[UnitRefOut]
    latitude: Decimal | None
    longitude: Decimal | None
    area_ha: Decimal | None
    decision_number: str
    decision_document_id: int | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    total_investment: int | None
    status: str
    physical_percent: int
    financial_percent: int
    disbursed_amount: int | None
    progress_as_of: dt.date | None
    as_of: dt.date
    physical_on: int
    financial_on: int
    expected_on: int | None
    lagging: bool
    source: str
    is_illustrative: bool
    version: int
    tasks: list[TaskRefOut]
    targets: list[TargetRefOut]
    milestones: list[MilestoneOut]
    progress: list[ProgressOut]
    blockers: list[BlockerOut]
    photos: list[PhotoOut]


class ProgressIn(Schema):
    as_of: dt.date | None = None
    physical_percent: int = Field(..., ge=0, le=100)
    financial_percent: int | None = Field(None, ge=0, le=100)
    disbursed_amount: int | None = Field(None, ge=0, le=MAX_DONG)
    narrative: str = Field(..., min_length=1, max_length=10_000)
    blockers: str = Field("", max_length=10_000)
    recommendations: str = Field("", max_length=10_000)
    version: int | None = Field(None, ge=1, le=2**31 - 1)


class MilestoneIn(Schema):
    id: int | None = Field(None, ge=1, le=2**31 - 1)
    kind: MilestoneKind | None = None
    title: str | None = Field(None, max_length=300)
    planned_on: dt.date | None = None
    actual_on: dt.date | None = None
    note: str | None = Field(None, max_length=500)


class MilestonesIn(Schema):
    version: int = Field(..., ge=1, le=2**31 - 1)
    milestones: list[MilestoneIn] = Field(..., min_length=1, max_length=50)


class BlockerIn(Schema):
    description: str = Field(..., min_length=1, max_length=10_000)
    raised_on: dt.date | None = None
    owner_unit: str | None = Field(None, max_length=32, description="Unit code.")
    decision_from: str = Field("", max_length=200)


class ResolveIn(Schema):
    resolved_on: dt.date | None = None
    resolution: str = Field(..., min_length=1, max_length=10_000)
    version: int | None = Field(None, ge=1, le=2**31 - 1)
