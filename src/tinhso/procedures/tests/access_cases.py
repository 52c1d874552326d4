"""Access-matrix cases of the procedure catalogue (see tinhso.core.testing.access_matrix).

* Procedure: public to every signed-in official (`public_read`); writes need MANAGE on the
  owner unit: the edit form (UI) and `PATCH /api/v1/procedures/{code}` (API).
* ProcedureApplicability: part of the public procedure page; written only by imports.
"""

from __future__ import annotations

from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.procedures.models import Procedure, ProcedureApplicability
from tinhso.procedures.tests.factories import ProcedureFactory


def _procedure(unit: Any) -> Procedure:
    return ProcedureFactory(owner_unit=unit)


def _applicability(unit: Any) -> ProcedureApplicability:
    procedure = ProcedureFactory(owner_unit=unit, restricted=True)
    return ProcedureApplicability.objects.create(procedure=procedure, unit=unit)


def _form(p: Any) -> dict[str, Any]:
    return {
        "name": f"{p.name} (v{p.version + 1})",
        "sector": p.sector,
        "agency": p.agency,
        "result": p.result,
        "at_commune": "on",
        "online_level": "partial",
        "status": "active",
        "version_note": "",
        "version": p.version,
    }


def _patch(p: Any) -> dict[str, Any]:
    return {"name": f"{p.name} (v{p.version + 1})", "version": p.version}


CASES = [
    AccessCase(
        model=Procedure,
        make=_procedure,
        public_read=True,
        write_role="admin",
        ui_read=lambda p: f"/procedures/{p.code}/",
        api_read=lambda p: f"/api/v1/procedures/{p.code}",
        ui_list=("/procedures/?q=thu+nghiem", lambda p: f"<code>{p.code}</code>"),
        api_list=("/api/v1/procedures?limit=100", lambda p: f'"{p.code}"'),
        ui_write=Write(url=lambda p: f"/procedures/{p.code}/edit/", data=_form),
        api_write=Write(url=lambda p: f"/api/v1/procedures/{p.code}", data=_patch, method="patch"),
    ),
    AccessCase(
        model=ProcedureApplicability,
        make=_applicability,
        public_read=True,
        ui_read=lambda a: f"/procedures/{a.procedure.code}/",
        api_read=lambda a: f"/api/v1/procedures/{a.procedure.code}",
    ),
]
