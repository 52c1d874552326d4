"""API of dossiers (mounted by tinhso/api.py at /api/v1/dossiers).

Reads need the token scope `dossiers:read`, writes `dossiers:write`. A caller sees the
dossiers resolved, received or returned by the units it may VIEW; anything else is 404.
The list is keyset-paginated: `?after=<next>` from the previous page; no total count.
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from tinhso.core.scopes import require_scope
from tinhso.procedures.selectors import procedure_get
from tinhso.units.models import Unit
from tinhso.units.selectors import unit_get

from . import selectors, services
from .models import Dossier
from .schemas import (
    DossierDetailOut,
    DossierFilterIn,
    DossierPageOut,
    EvaluationIn,
    EvaluationOut,
    IdentityOut,
    QueueOut,
    ReceiveIn,
    ReusableIn,
    ReusableOut,
    SubmitOnlineIn,
    TransitionIn,
    row_out,
)
from .services.common import applicant_key

router = Router(tags=["dossiers"])

READ = "dossiers:read"
WRITE = "dossiers:write"


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]  # set by ninja auth


def _unit(code: str, field: str) -> Unit:
    try:
        return unit_get(code=code)
    except Http404 as exc:
        raise ValidationError({field: _("No current unit has this code.")}) from exc


def _procedure(request: HttpRequest, ref: str) -> Any:
    try:
        return procedure_get(user=_user(request), ref=ref)
    except Http404 as exc:
        raise ValidationError({"procedure": _("No procedure has this code.")}) from exc


def _case(procedure: Any, case_id: int | None) -> Any:
    if case_id is None:
        return None
    case = next((c for c in procedure.cases.all() if c.pk == case_id), None)
    if case is None:
        raise ValidationError({"case_id": _("This case belongs to another procedure.")})
    return case


def _components(items: list[Any]) -> list[services.ComponentInput]:
    return [
        services.ComponentInput(
            component_id=c.component_id,
            name=c.name,
            source=c.source,
            reused_result_id=c.reused_result_id,
        )
        for c in items
    ]


def _detail(dossier: Dossier) -> dict[str, Any]:
    events = selectors.dossier_timeline(dossier)
    return {
        "code": dossier.code,
        "status": dossier.status,
        "national_status": dossier.national_status,
        "procedure_code": dossier.procedure.code,
        "procedure_key": dossier.procedure.key,
        "procedure_name": dossier.procedure.name,
        "case": dossier.case.name if dossier.case else None,
        "channel": dossier.channel,
        "return_method": dossier.return_method,
        "summary": dossier.summary,
        "applicant_name": dossier.applicant_name,
        "applicant_kind": dossier.applicant_kind,
        "applicant_id_masked": dossier.masked_id_number,
        "receiving_unit": dossier.receiving_unit.code,
        "resolving_unit": dossier.resolving_unit.code,
        "return_unit": dossier.return_unit.code,
        "registered_at": dossier.registered_at,
        "received_at": dossier.received_at,
        "original_due_at": dossier.original_due_at,
        "due_at": dossier.due_at,
        "rescheduled_due_at": dossier.rescheduled_due_at,
        "appointment_at": dossier.appointment_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "timeliness": dossier.timeliness,
        "supplement_count": dossier.supplement_count,
        "paused_since": dossier.pause_started_at,
        "missing_items": dossier.missing_items,
        "outcome_reason": dossier.outcome_reason,
        "is_digitised": dossier.is_digitised,
        "has_reused": dossier.has_reused,
        "has_e_result": dossier.has_e_result,
        "fee_total": dossier.fee_total,
        "paid_online": dossier.paid_online,
        "portal_synced_at": dossier.portal_synced_at,
        "version": dossier.version,
        "events": [
            {
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "national_code": e.national_code,
                "at": e.at,
                "unit": e.unit.code if e.unit else None,
                "actor": e.actor.get_username() if e.actor else None,
                "note": e.note,
                "due_at": e.due_at,
            }
            for e in events
        ],
    }


@router.get("", response=DossierPageOut, operation_id="list_dossiers")
def list_dossiers(request: HttpRequest, filters: Query[DossierFilterIn]) -> Any:
    """One keyset page (`limit` ≤ 500, default 100) of the dossiers the caller may see,
    newest first; pass `next` back as `after` for the following page."""
    require_scope(request, READ)
    data = filters.dict()
    after, limit = data.pop("after"), data.pop("limit")
    try:
        page = selectors.dossier_list(
            user=_user(request),
            filters=selectors.DossierFilters(**data),
            after=after or None,
            limit=limit,
        )
    except selectors.CursorError as exc:
        raise ValidationError({"after": _("This cursor is not valid.")}) from exc
    return {"items": [row_out(r) for r in page.rows], "next": page.next_cursor}


@router.get("/queue", response=QueueOut, operation_id="get_dossier_queue")
def get_dossier_queue(request: HttpRequest, unit: str = "") -> Any:
    """The caller's work queue: overdue, due today, due within 2 working days, supplement
    returned, online dossiers to receive (open dossiers of units where it may EDIT)."""
    require_scope(request, READ)
    unit_obj = _unit(unit, "unit") if unit else None
    buckets = selectors.dossier_queue(user=_user(request), unit=unit_obj)
    return {key: [row_out(r) for r in rows] for key, rows in buckets.items()}


@router.post("/reusable-results", response=list[ReusableOut], operation_id="list_reusable_results")
def list_reusable_results(request: HttpRequest, payload: ReusableIn) -> Any:
    """Earlier results of the applicant with this identity number that a counter may re-use
    instead of asking for the paper again (Decree 45/2020). POST keeps the number out of
    URLs and logs."""
    require_scope(request, READ)
    rows = selectors.reusable_results(
        user=_user(request), applicant_key=applicant_key(payload.applicant_id_number)
    )
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "result_code": r["result_code"],
            "is_electronic": r["is_electronic"],
            "issued_at": r["issued_at"],
            "dossier_code": r["dossier__code"],
            "issued_by": r["dossier__resolving_unit__name"],
        }
        for r in rows
    ]


@router.post("", response={201: DossierDetailOut}, operation_id="receive_dossier")
def receive_dossier(request: HttpRequest, payload: ReceiveIn) -> Any:
    """Receive a complete dossier at a counter (the clock starts now)."""
    require_scope(request, WRITE)
    procedure = _procedure(request, payload.procedure)
    receiving = _unit(payload.receiving_unit, "receiving_unit")
    resolving = _unit(payload.resolving_unit, "resolving_unit") if payload.resolving_unit else None
    return_unit = _unit(payload.return_unit, "return_unit") if payload.return_unit else None
    dossier = services.dossier_receive(
        actor=_user(request),
        receiving_unit=receiving,
        resolving_unit=resolving,
        return_unit=return_unit,
        return_method=payload.return_method or None,
        procedure=procedure,
        case=_case(procedure, payload.case_id),
        channel=payload.channel,
        applicant=services.applicant_from(payload.dict()),
        components=_components(payload.components),
        summary=payload.summary,
        limit_amount=Decimal(str(payload.limit_amount))
        if payload.limit_amount is not None
        else None,
        limit_unit=payload.limit_unit or None,
    )
    return Status(201, _detail(selectors.dossier_get(user=_user(request), code=dossier.code)))


@router.post("/online", response={201: DossierDetailOut}, operation_id="submit_dossier_online")
def submit_dossier_online(request: HttpRequest, payload: SubmitOnlineIn) -> Any:
    """Register a dossier submitted online (status 1); an officer then receives it."""
    require_scope(request, WRITE)
    procedure = _procedure(request, payload.procedure)
    dossier = services.dossier_submit_online(
        actor=_user(request),
        resolving_unit=_unit(payload.resolving_unit, "resolving_unit"),
        procedure=procedure,
        case=_case(procedure, payload.case_id),
        applicant=services.applicant_from(payload.dict()),
        components=_components(payload.components),
        summary=payload.summary,
    )
    return Status(201, _detail(selectors.dossier_get(user=_user(request), code=dossier.code)))


@router.get("/{code}", response=DossierDetailOut, operation_id="get_dossier")
def get_dossier(request: HttpRequest, code: str) -> Any:
    """One dossier with its full timeline (identity number masked)."""
    require_scope(request, READ)
    return _detail(selectors.dossier_get(user=_user(request), code=code))


@router.post("/{code}/transitions", response=DossierDetailOut, operation_id="transition_dossier")
def transition_dossier(request: HttpRequest, code: str, payload: TransitionIn) -> Any:
    """Apply one step of the state machine; `version` guards against concurrent edits (409)."""
    require_scope(request, WRITE)
    user = _user(request)
    dossier = selectors.dossier_get(user=user, code=code)
    services.dossier_transition(
        actor=user,
        dossier=dossier,
        action=payload.action,
        note=payload.note,
        expected_version=payload.version,
        at=payload.at,
        new_due_at=payload.new_due_at,
        result_name=payload.result_name,
        result_code=payload.result_code,
        paid_online=payload.paid_online,
    )
    return _detail(selectors.dossier_get(user=user, code=code))


@router.post("/{code}/evaluation", response={201: EvaluationOut}, operation_id="evaluate_dossier")
def evaluate_dossier(request: HttpRequest, code: str, payload: EvaluationIn) -> Any:
    """Record the applicant's evaluation (nine questions, 0–2 each) of a finished dossier."""
    require_scope(request, WRITE)
    user = _user(request)
    dossier = selectors.dossier_get(user=user, code=code)
    evaluation = services.evaluation_submit(
        actor=user,
        dossier=dossier,
        scores=payload.scores,
        channel=payload.channel,
        comment=payload.comment,
        level=payload.level or None,
    )
    return Status(
        201,
        {
            "total": evaluation.total,
            "max_total": evaluation.max_total,
            "level": evaluation.level,
        },
    )


@router.post("/{code}/identity", response=IdentityOut, operation_id="reveal_dossier_identity")
def reveal_dossier_identity(request: HttpRequest, code: str) -> Any:
    """The applicant's full identity number (officers of the dossier's units; audited)."""
    require_scope(request, READ)
    user = _user(request)
    dossier = selectors.dossier_get(user=user, code=code)
    return {"applicant_id_number": services.dossier_reveal_identity(actor=user, dossier=dossier)}
