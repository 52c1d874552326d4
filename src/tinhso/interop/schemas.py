"""API shapes of the interop app."""

import datetime as dt
from typing import Any

from ninja import Field, Schema

from tinhso.dossiers.models import OutboxChannel, OutboxStatus


class OutboxFilterIn(Schema):
    status: OutboxStatus | None = None
    channel: OutboxChannel | None = None
    code: str | None = Field(None, max_length=60, description="Beginning of a dossier code")


class OutboxOut(Schema):
    id: int
    dossier_code: str = Field(..., alias="dossier.code")
    channel: str
    kind: str
    status: str
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    sent_at: dt.datetime | None
    last_error: str


class PublicDossierOut(Schema):
    """The public view of a dossier: no personal data."""

    code: str
    procedure: str
    resolving_unit: str
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    status_code: int = Field(..., description="National status catalogue TrangThaiHoSo (1–10)")
    status_label: str
    missing: str
    finished_at: dt.datetime | None
    returned_at: dt.datetime | None

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(obj.status_label)


class MessageOut(Schema):
    detail: str
