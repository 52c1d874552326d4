"""Access-matrix cases of the units app (collected by tests/test_access_matrix.py).

The directory is public to every signed-in user (`public_read`); editing a unit's contact
details needs Action.MANAGE on it (the admin role of the unit or of a unit above it).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.units.models import Unit, UnitLineage

from .factories import UnitLineageFactory


def _unit_itself(unit: Any) -> Any:
    return unit


def _lineage_into(unit: Any) -> Any:
    return UnitLineageFactory(successor=unit)


CASES = [
    AccessCase(
        model=Unit,
        make=_unit_itself,
        public_read=True,
        ui_read=lambda u: reverse("units:detail", args=[u.pk]),
        api_read=lambda u: f"/api/v1/units/{u.code}",
        ui_list=("/units/?include_closed=on", lambda u: u.code),
        api_list=("/api/v1/units?page_size=500", lambda u: f'"{u.code}"'),
        ui_write=Write(
            url=lambda u: reverse("units:edit", args=[u.pk]),
            data=lambda u: {"version": u.version, "phone": "0251 000 111"},
        ),
        api_write=Write(
            url=lambda u: f"/api/v1/units/{u.code}",
            data=lambda u: {"version": u.version, "phone": "0251 000 222"},
            method="patch",
        ),
    ),
    AccessCase(
        model=UnitLineage,
        make=_lineage_into,
        public_read=True,
        # Lineage has no page of its own: it is read on the successor's page and record.
        ui_read=lambda link: reverse("units:detail", args=[link.successor_id]),
        api_read=lambda link: f"/api/v1/units/{link.successor.code}",
    ),
]
