"""Shapes of the procedure API."""

from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class ProcedureFilterIn(Schema):
    q: str | None = None
    sector: str | None = None
    level: str | None = Field(None, description="at_ministry | at_province | at_commune | at_other")
    online_level: str | None = Field(None, description="none | partial | full")
    boundary_free: bool | None = None
    origin: str | None = Field(None, description="real | synthetic")
    status: str | None = None


class ProcedureOut(Schema):
    key: str
    code: str | None
    name: str | None
    sector: str | None
    at_ministry: bool
    at_province: bool
    at_commune: bool
    at_other: bool
    online_level: str
    boundary_free: bool
    is_synthetic: bool
    status: str
    version: int


class TimeLimitOut(Schema):
    channel: str
    amount: Decimal | None
    unit: str | None
    policy: str
    note: str | None


class FeeOut(Schema):
    case_label: str | None
    channel: str | None
    amount_vnd: int | None
    note: str | None


class ComponentOut(Schema):
    name: str
    original_count: int
    copy_count: int
    note: str | None


class CaseOut(Schema):
    name: str
    is_default: bool
    components: list[ComponentOut]

    @staticmethod
    def resolve_components(obj: Any) -> list[Any]:
        return list(obj.components.all())


class LegalBasisOut(Schema):
    number: str
    title: str | None
    date_text: str | None
    document_id: int | None


class ProcedureDetailOut(ProcedureOut):
    agency: str | None
    applies_everywhere: bool
    applies_in: list[str]
    result: str | None
    channels: list[str] | None
    requirements: list[str] | None
    sources: dict[str, str]
    version_note: str
    owner_unit: str
    cases: list[CaseOut]
    time_limits: list[TimeLimitOut]
    fees: list[FeeOut]
    legal_bases: list[LegalBasisOut]

    @staticmethod
    def resolve_applies_in(obj: Any) -> list[str]:
        return [str(a.unit.code) for a in obj.applicability.all()]

    @staticmethod
    def resolve_owner_unit(obj: Any) -> str:
        return str(obj.owner_unit.code)

    @staticmethod
    def resolve_cases(obj: Any) -> list[Any]:
        return list(obj.cases.all())

    @staticmethod
    def resolve_time_limits(obj: Any) -> list[Any]:
        return list(obj.time_limits.all())

    @staticmethod
    def resolve_fees(obj: Any) -> list[Any]:
        return list(obj.fees.all())

    @staticmethod
    def resolve_legal_bases(obj: Any) -> list[Any]:
        return list(obj.legal_bases.all())


class ProcedurePatchIn(Schema):
    version: int
    name: str | None = None
    sector: str | None = None
    agency: str | None = None
    result: str | None = None
    online_level: str | None = None
    boundary_free: bool | None = None
    status: str | None = None
    version_note: str | None = None


class ApplicabilityIn(Schema):
    units: list[str] | None = Field(None, description="Unit codes; null = the default rule")
    version: int


class ImportOut(Schema):
    created: list[str]
    updated: list[str]
    unchanged: list[str]
    documents_created: int
    warnings: list[str]


class ErrorsOut(Schema):
    detail: list[dict[str, Any]]
