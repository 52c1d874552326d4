"""Schemas of the dossier API (`/api/v1/dossiers`)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from tinhso.dossiers.models import ApplicantKind, ComponentSource, Status
from tinhso.procedures.models import Channel

StatusCode = Literal[tuple(Status.values)]  # type: ignore[valid-type]
ChannelCode = Literal["in_person", "post", "online"]


class DossierFilterIn(Schema):
    status: list[StatusCode] = Field(default_factory=list)  # type: ignore[valid-type]
    national_status: int | None = Field(None, ge=1, le=10)
    procedure: str = Field("", max_length=80)
    unit: str = Field("", max_length=32)
    role: Literal["", "resolving", "receiving"] = ""
    channel: Literal["", "in_person", "post", "online"] = ""
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None
    code: str = Field("", max_length=60)
    overdue: bool = False
    timeliness: Literal["", "early", "on_time", "late"] = ""
    boundary_free: bool = False
    after: str = Field("", max_length=60)
    limit: int = Field(100, ge=1, le=500)


class DossierRowOut(Schema):
    code: str
    status: str
    national_status: int
    channel: str
    applicant_name: str
    procedure_code: str | None
    procedure_name: str | None
    receiving_unit: str
    resolving_unit: str
    registered_at: dt.datetime
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    rescheduled_due_at: dt.datetime | None
    finished_at: dt.datetime | None
    timeliness: str
    supplement_count: int
    is_digitised: bool
    has_e_result: bool


class DossierPageOut(Schema):
    items: list[DossierRowOut]
    next: str | None


class ComponentIn(Schema):
    component_id: int | None = None
    name: str = Field("", max_length=500)
    source: Literal[tuple(ComponentSource.values)] = ComponentSource.PAPER  # type: ignore[valid-type]
    reused_result_id: int | None = None


class ApplicantIn(Schema):
    applicant_name: str = Field(..., min_length=1, max_length=200)
    applicant_kind: Literal[tuple(ApplicantKind.values)] = ApplicantKind.CITIZEN  # type: ignore[valid-type]
    applicant_id_number: str = Field("", max_length=20)
    applicant_phone: str = Field("", max_length=20)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field("", max_length=300)
    vneid_verified: bool = False


class ReceiveIn(ApplicantIn):
    procedure: str = Field(..., max_length=80, description="Procedure code or key.")
    receiving_unit: str = Field(..., max_length=32, description="Unit code of the counter.")
    resolving_unit: str = Field("", max_length=32)
    return_unit: str = Field("", max_length=32)
    channel: ChannelCode = Channel.IN_PERSON  # type: ignore[assignment]
    return_method: Literal["", "in_person", "post", "online"] = ""
    case_id: int | None = None
    components: list[ComponentIn] = Field(default_factory=list, max_length=200)
    summary: str = Field("", max_length=1000)
    limit_amount: float | None = Field(None, ge=0, le=1000)
    limit_unit: Literal["", "working_days", "calendar_days", "working_hours", "months"] = ""


class SubmitOnlineIn(ApplicantIn):
    procedure: str = Field(..., max_length=80)
    resolving_unit: str = Field(..., max_length=32)
    case_id: int | None = None
    components: list[ComponentIn] = Field(default_factory=list, max_length=200)
    summary: str = Field("", max_length=1000)


class TransitionIn(Schema):
    action: str = Field(..., max_length=30)
    note: str = Field("", max_length=4000)
    version: int | None = Field(None, ge=1)
    at: dt.datetime | None = None
    new_due_at: dt.datetime | None = None
    result_name: str = Field("", max_length=300)
    result_code: str = Field("", max_length=60)
    paid_online: bool | None = None


class EventOut(Schema):
    action: str
    from_status: str
    to_status: str
    national_code: int
    at: dt.datetime
    unit: str | None
    actor: str | None
    note: str
    due_at: dt.datetime | None


class DossierDetailOut(Schema):
    code: str
    status: str
    national_status: int
    procedure_code: str | None
    procedure_key: str
    procedure_name: str | None
    case: str | None
    channel: str
    return_method: str
    summary: str
    applicant_name: str
    applicant_kind: str
    applicant_id_masked: str
    receiving_unit: str
    resolving_unit: str
    return_unit: str
    registered_at: dt.datetime
    received_at: dt.datetime | None
    original_due_at: dt.datetime | None
    due_at: dt.datetime | None
    rescheduled_due_at: dt.datetime | None
    appointment_at: dt.datetime | None
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None
    timeliness: str
    supplement_count: int
    paused_since: dt.datetime | None
    missing_items: str
    outcome_reason: str
    is_digitised: bool
    has_reused: bool
    has_e_result: bool
    fee_total: int
    paid_online: bool
    portal_synced_at: dt.datetime | None
    version: int
    events: list[EventOut]


class EvaluationIn(Schema):
    scores: dict[str, int] = Field(..., max_length=50)
    channel: ChannelCode = Channel.IN_PERSON  # type: ignore[assignment]
    level: Literal["", "not_satisfied", "satisfied", "very_satisfied"] = ""
    comment: str = Field("", max_length=2000)


class EvaluationOut(Schema):
    total: int
    max_total: int
    level: str


class IdentityOut(Schema):
    applicant_id_number: str


class ReusableIn(Schema):
    applicant_id_number: str = Field(..., min_length=1, max_length=20)


class ReusableOut(Schema):
    id: int
    name: str
    result_code: str
    is_electronic: bool
    issued_at: dt.datetime
    dossier_code: str
    issued_by: str


class QueueOut(Schema):
    overdue: list[DossierRowOut]
    today: list[DossierRowOut]
    soon: list[DossierRowOut]
    new: list[DossierRowOut]
    supplement_returned: list[DossierRowOut]
    to_receive: list[DossierRowOut]


def row_out(row: dict[str, Any]) -> dict[str, Any]:
    """A `values()` row of `selectors.LIST_FIELDS` in the API's flat shape."""
    from tinhso.dossiers.models import NATIONAL_CODE

    return {
        "code": row["code"],
        "status": row["status"],
        "national_status": NATIONAL_CODE[row["status"]],
        "channel": row["channel"],
        "applicant_name": row["applicant_name"],
        "procedure_code": row["procedure__code"] or row["procedure__key"],
        "procedure_name": row["procedure__name"],
        "receiving_unit": row["receiving_unit__code"],
        "resolving_unit": row["resolving_unit__code"],
        "registered_at": row["registered_at"],
        "received_at": row["received_at"],
        "due_at": row["due_at"],
        "rescheduled_due_at": row["rescheduled_due_at"],
        "finished_at": row["finished_at"],
        "timeliness": row["timeliness"],
        "supplement_count": row["supplement_count"],
        "is_digitised": row["is_digitised"],
        "has_e_result": row["has_e_result"],
    }
