"""Access-matrix cases of dossiers (see tinhso.core.testing.access_matrix).

Every dossier row belongs to the dossier's resolving unit (the matrix's unit A, which here
also received it). Its receiving and return units may read it too — a boundary-free dossier
received by B for A is tested in `test_services.py`/`test_api.py`, the matrix has no such
relation. Writes are workflow steps (`POST …/transitions`), refused as 404 outside.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.dossiers.models import (
    ComponentSource,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierEvent,
    DossierPause,
    DossierResult,
    Evaluation,
    OutboxMessage,
    PauseKind,
    Status,
)
from tinhso.dossiers.tests.factories import DossierFactory


def _dossier(unit: Any, **kwargs: Any) -> Dossier:
    return DossierFactory(
        resolving_unit=unit,
        status=Status.RECEIVED,
        applicant_name="Matrix applicant 7731",
        registered_at=timezone.now() - dt.timedelta(days=1),
        **kwargs,
    )


def _of(obj: Any) -> Dossier:
    return obj if isinstance(obj, Dossier) else obj.dossier


def _supplement(obj: Any) -> dict[str, Any]:
    # The UI write starts processing first; a supplement may be requested from both states.
    return {"action": "request_supplement", "note": "Thiếu bản sao giấy tờ"}


_API_WRITE = Write(url=lambda o: f"/api/v1/dossiers/{_of(o).code}/transitions", data=_supplement)
_UI_WRITE = Write(
    url=lambda o: f"/ho-so/{_of(o).code}/thao-tac/",
    data=lambda o: {"action": "start", "version": _of(o).version, "note": ""},
)

COMMON: dict[str, Any] = {
    "read_action": "view",
    "write_role": "admin",
    "ui_read": lambda o: f"/ho-so/{_of(o).code}/",
    "api_read": lambda o: f"/api/v1/dossiers/{_of(o).code}",
    "api_write": _API_WRITE,
    "ui_write": _UI_WRITE,
}


def _event(unit: Any) -> DossierEvent:
    d = _dossier(unit)
    return DossierEvent.objects.create(
        dossier=d, action="receive", to_status=Status.RECEIVED, national_code=2, at=d.registered_at
    )


def _pause(unit: Any) -> DossierPause:
    return DossierPause.objects.create(
        dossier=_dossier(unit), kind=PauseKind.SUPPLEMENT, started_at=timezone.now()
    )


def _component(unit: Any) -> DossierComponent:
    return DossierComponent.objects.create(
        dossier=_dossier(unit), name="Tờ khai", source=ComponentSource.PAPER
    )


def _result(unit: Any) -> DossierResult:
    return DossierResult.objects.create(
        dossier=_dossier(unit), name="Trích lục", issued_at=timezone.now()
    )


def _evaluation(unit: Any) -> Evaluation:
    return Evaluation.objects.create(
        dossier=_dossier(unit), channel="in_person", level="satisfied", created_at=timezone.now()
    )


def _outbox(unit: Any) -> OutboxMessage:
    d = _dossier(unit)
    return OutboxMessage.objects.create(
        dossier=d,
        channel="portal",
        kind="status",
        status="dead",
        last_error="HTTP 500",
        payload={"MaHoSo": d.code, "TrangThaiHoSo": 2},
        idempotency_key=f"matrix:{d.code}",
        next_attempt_at=timezone.now(),
        created_at=timezone.now(),
    )


CASES = [
    AccessCase(
        model=Dossier,
        make=_dossier,
        ui_list=("/ho-so/", lambda o: o.code),
        api_list=("/api/v1/dossiers?limit=500", lambda o: f'"{o.code}"'),
        **COMMON,
    ),
    AccessCase(model=DossierEvent, make=_event, **COMMON),
    AccessCase(model=DossierPause, make=_pause, **COMMON),
    AccessCase(model=DossierComponent, make=_component, **COMMON),
    AccessCase(model=DossierResult, make=_result, **COMMON),
    AccessCase(model=Evaluation, make=_evaluation, **COMMON),
    # The outbox is monitored and retried on the interop pages (/lien-thong/).
    AccessCase(
        model=OutboxMessage,
        make=_outbox,
        ui_read=lambda o: f"/ho-so/{o.dossier.code}/",
        api_read=lambda o: f"/api/v1/dossiers/{o.dossier.code}",
        ui_list=("/lien-thong/?status=dead", lambda o: o.dossier.code),
        api_list=("/api/v1/interop/outbox?limit=100", lambda o: f'"{o.dossier.code}"'),
        ui_write=Write(url=lambda o: f"/lien-thong/{o.pk}/retry/", data=lambda o: {}),
        # A retried message is pending again, so a second retry is refused: the API retry's
        # access is tested in interop/tests/test_operator.py.
    ),
    # The daily code counter is internal: no page, no endpoint; scoped for completeness.
    AccessCase(
        model=DossierCodeCounter,
        make=lambda unit: DossierCodeCounter.objects.create(
            unit=unit, day=dt.date(2025, 10, 1), last=3
        ),
    ),
]
