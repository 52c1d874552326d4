"""Constants shared by the write use-cases: default case name, editable and audited fields."""

from __future__ import annotations

from tinhso.procedures.models import (
    LEVEL_FIELDS,
)

DEFAULT_CASE_NAME = "Trường hợp chung"
EDITABLE_FIELDS: tuple[str, ...] = (
    "name",
    "sector",
    "agency",
    "result",
    "online_level",
    "boundary_free",
    "status",
    "version_note",
    "competent_level",
    *LEVEL_FIELDS,
)
AUDITED_FIELDS = [*EDITABLE_FIELDS, "code", "key", "version"]
