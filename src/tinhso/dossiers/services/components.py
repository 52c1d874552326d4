"""The component checklist at reception: inputs, matching to the case's components, saving."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from tinhso.dossiers.models import (
    ComponentSource,
    Dossier,
    DossierComponent,
    DossierResult,
)
from tinhso.procedures.models import ProcedureCase


@dataclass
class ComponentInput:
    """One checklist line at reception: the procedure's component (or a free name), where it
    came from, an attached scan, or the earlier result that replaces it."""

    component_id: int | None = None
    name: str = ""
    source: str = ComponentSource.PAPER
    file: UploadedFile | None = None
    reused_result_id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Line:
    component_id: int | None
    name: str
    source: str
    file: UploadedFile | None
    reused_result_id: int | None


def _check_components(
    case: ProcedureCase | None,
    inputs: Sequence[ComponentInput],
    key: str,
    errors: dict[str, str],
    *,
    require_all: bool = True,
) -> list[_Line]:
    """The checklist: each input matched to the case's components; every component
    provided (when `require_all`); re-used results belong to the same applicant."""
    expected = {c.pk: c for c in case.components.all()} if case is not None else {}
    given: dict[int | None, ComponentInput] = {}
    lines: list[_Line] = []
    for item in inputs:
        if item.source not in ComponentSource.values:
            errors["components"] = _("Unknown component source.")
            return []
        if item.component_id is not None and item.component_id not in expected:
            errors["components"] = _("A component does not belong to this case.")
            return []
        if item.component_id is not None:
            given[item.component_id] = item
        name = expected[item.component_id].name if item.component_id is not None else item.name
        if not name.strip():
            errors["components"] = _("Name every additional component.")
            return []
        if item.source == ComponentSource.REUSED and (
            not key
            or not item.reused_result_id
            or not DossierResult.objects.filter(
                pk=item.reused_result_id, applicant_key=key
            ).exists()
        ):
            errors["components"] = _(
                "A re-used component must be an earlier result of the same applicant."
            )
            return []
        lines.append(_Line(item.component_id, name, item.source, item.file, item.reused_result_id))
    if require_all:
        missing = [
            c.name
            for pk, c in expected.items()
            if pk not in given or given[pk].source == ComponentSource.MISSING
        ]
        if missing:
            errors["components"] = _(
                "The dossier is incomplete; it cannot be received. Missing: %(items)s"
            ) % {"items": "; ".join(m[:80] for m in missing)}
    return lines


def _save_components(dossier: Dossier, lines: Sequence[_Line]) -> None:
    for position, line in enumerate(lines):
        digitised = line.file is not None or line.source in (
            ComponentSource.REUSED,
            ComponentSource.DATA_STORE,
            ComponentSource.UPLOAD,
        )
        component = DossierComponent(
            dossier=dossier,
            component_id=line.component_id,
            position=position,
            name=line.name,
            source=line.source,
            digitised=digitised and line.source != ComponentSource.MISSING,
            reused_result_id=line.reused_result_id,
        )
        if line.file is not None:
            component.file.save(line.file.name or "scan.pdf", line.file, save=False)
        component.save()
