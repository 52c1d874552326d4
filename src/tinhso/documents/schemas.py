"""API shapes of the document registry (`/api/v1/documents`)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class DocumentFilterIn(Schema):
    """Query parameters of `GET /api/v1/documents`."""

    q: str | None = Field(None, max_length=100, description="Number, title or issuer.")
    doc_type: str | None = Field(None, max_length=20)
    issuer: str | None = Field(None, max_length=100)
    year: int | None = Field(None, ge=1945, le=2100)
    in_force_on: dt.date | None = Field(None, description="Documents in force on this date.")


class NumberIn(Schema):
    """Query parameters of `GET /api/v1/documents/by-number`."""

    number: str = Field(..., min_length=1, max_length=80, description="e.g. 57-NQ/TW")
    issued_on: dt.date | None = None


class UnitRefOut(Schema):
    id: int
    code: str
    name: str


class DocumentRefOut(Schema):
    """A document named in another record."""

    id: int
    number: str
    doc_type: str
    issued_on: dt.date
    title: str
    is_illustrative: bool


class DocumentOut(Schema):
    """A document of the registry."""

    id: int
    number: str
    doc_type: str
    issuer: str
    issued_on: dt.date
    title: str
    summary: str
    source_url: str
    source_note: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    in_force: bool
    is_illustrative: bool
    file_url: str | None
    owner_unit: UnitRefOut
    version: int


class RelationOut(Schema):
    id: int
    kind: str
    document: DocumentRefOut
    note: str


class LinkOut(Schema):
    id: int
    label: str


class DocumentDetailOut(DocumentOut):
    """A document with its relations both ways and the records it created or changed."""

    relations_out: list[RelationOut]
    relations_in: list[RelationOut]
    plans: list[LinkOut]
    target_sets: list[LinkOut]
    targets: list[LinkOut]
    tasks: list[LinkOut]
    task_extensions: list[LinkOut]


class DocumentCreateIn(Schema):
    """Body of `POST /api/v1/documents`."""

    owner_unit: int = Field(
        ..., ge=1, le=2**31 - 1, description="Id of the unit keeping the record."
    )
    number: str = Field(..., min_length=1, max_length=80)
    doc_type: str = Field("other", max_length=20)
    issuer: str = Field(..., min_length=1, max_length=200)
    issued_on: dt.date
    title: str = Field(..., min_length=1, max_length=500)
    summary: str = ""
    source_url: str = Field("", max_length=500)
    source_note: str = Field("", max_length=500)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    is_illustrative: bool = False


class DocumentPatchIn(Schema):
    """Body of `PATCH /api/v1/documents/{id}`: changed fields plus the version read."""

    version: int = Field(..., ge=1)
    number: str | None = Field(None, min_length=1, max_length=80)
    doc_type: str | None = Field(None, max_length=20)
    issuer: str | None = Field(None, min_length=1, max_length=200)
    issued_on: dt.date | None = None
    title: str | None = Field(None, min_length=1, max_length=500)
    summary: str | None = None
    source_url: str | None = Field(None, max_length=500)
    source_note: str | None = Field(None, max_length=500)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    is_illustrative: bool | None = None


class RelationIn(Schema):
    """Body of `POST /api/v1/documents/{id}/relations`: this document <kind> the target."""

    kind: str = Field(..., max_length=20, description="implements | amends | replaces | guides")
    target: int | None = Field(None, ge=1, le=2**63 - 1, description="Target document id.")
    target_number: str | None = Field(None, max_length=80, description="…or its number.")
    note: str = Field("", max_length=300)
