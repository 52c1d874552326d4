"""API shapes of the unit directory (`/api/v1/units`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class UnitFilterIn(Schema):
    """Query parameters of `GET /api/v1/units`."""

    q: str | None = Field(None, max_length=100, description="Name or code, accents optional.")
    level: str | None = Field(None, max_length=40, description="Level code, e.g. commune.")
    province: str | None = Field(None, max_length=8, description="Province code, e.g. 75.")
    parent: str | None = Field(None, max_length=32, description="Parent unit code (same era).")
    as_of: dt.date | None = Field(None, description="Units valid on this date (YYYY-MM-DD).")
    include_closed: bool = Field(False, description="Also closed units (ignored with as_of).")


class UnitEraIn(Schema):
    """Query parameters of `GET /api/v1/units/{code}`."""

    as_of: dt.date | None = Field(None, description="Pick the unit valid on this date.")
    level: str | None = Field(None, max_length=40, description="Disambiguate by level code.")


class LevelOut(Schema):
    code: str
    name: str


class UnitRefOut(Schema):
    """A unit named in another unit's record (parent, predecessor, successor)."""

    id: int
    code: str
    name: str
    level: str = Field(..., alias="level.code")
    valid_from: dt.date | None
    valid_to: dt.date | None


class UnitListItemOut(Schema):
    """One row of the unit list (flat: level and parent as codes)."""

    id: int
    code: str
    name: str
    short_name: str
    division_type: str
    level: str = Field(..., alias="level.code")
    parent_code: str | None = Field(None, alias="parent.code")
    parent_name: str | None = Field(None, alias="parent.name")
    province_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None


class LineageLinkOut(Schema):
    """A predecessor or successor with how and when the link was made."""

    unit: UnitRefOut
    kind: str
    partial: bool
    effective_date: dt.date
    legal_basis: str
    note: str


class UnitDetailOut(Schema):
    """A unit with its level, parent, children count and lineage."""

    id: int
    code: str
    name: str
    short_name: str
    codename: str
    division_type: str
    level: LevelOut
    parent: UnitRefOut | None
    standing_agency: UnitRefOut | None
    province_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    is_current: bool
    source: str
    address: str
    phone: str
    email: str
    version: int
    children_count: int
    predecessors: list[LineageLinkOut]
    successors: list[LineageLinkOut]
    current_successors: list[UnitRefOut] = Field(
        ..., description="For a closed unit: the unit(s) it lives on in today."
    )


class UnitUpdateIn(Schema):
    """Body of `PATCH /api/v1/units/{code}`: contact fields only, plus the version read."""

    version: int = Field(..., ge=1)
    short_name: str | None = Field(None, max_length=100)
    address: str | None = Field(None, max_length=300)
    phone: str | None = Field(None, max_length=40)
    email: str | None = Field(None, max_length=254)
