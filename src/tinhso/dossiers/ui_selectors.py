"""Extra reads for the officer screens (reception, dossier page, documents).

Each starts from an access-scoped queryset or takes a dossier the caller already fetched
through `selectors.dossier_get` (which applied VIEW); none writes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action, unit_ids_for
from tinhso.procedures.models import Procedure, ProcedureCase, ProcedureComponent
from tinhso.units.models import Unit

from .models import Dossier, DossierComponent, DossierResult, Evaluation


def edit_units(*, user: Any) -> QuerySet[Unit]:
    """Current units where `user` may EDIT (the counters it may receive at), by tree order.

    Action: EDIT. Side effects: none. One query (plus the cached access sets)."""
    ids = unit_ids_for(user, Action.EDIT)
    return Unit.objects.current().filter(pk__in=ids).select_related("level").order_by("path")


def edit_unit_get(*, user: Any, pk: Any) -> Unit:
    """The current unit `pk` if `user` may EDIT it; `Http404` otherwise (also for junk)."""
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404("No such unit.") from exc
    unit = edit_units(user=user).filter(pk=key).first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def visible_units(*, user: Any) -> list[tuple[str, str]]:
    """(code, name) of the current units whose dossiers `user` may VIEW (list filter)."""
    ids = unit_ids_for(user, Action.VIEW)
    return list(
        Unit.objects.current().filter(pk__in=ids).order_by("path").values_list("code", "name")
    )


def receivable_procedure_get(*, unit: Unit, pk: Any) -> Procedure:
    """A procedure the counter at `unit` may receive (same rule as
    `selectors.receivable_procedures`), with its cases, components and time limits
    prefetched; `Http404` otherwise. Public catalogue data."""
    try:
        key = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404("No such procedure.") from exc
    level = unit.level.code if unit.level_id else ""
    own = Q(at_commune=True) if level == "commune" else Q(at_province=True)
    procedure = (
        Procedure.objects.active()
        .filter(own | Q(boundary_free=True), pk=key)
        .prefetch_related(
            Prefetch("cases", queryset=ProcedureCase.objects.order_by("position", "pk")),
            Prefetch(
                "cases__components",
                queryset=ProcedureComponent.objects.order_by("position", "pk"),
            ),
            "time_limits",
        )
        .first()
    )
    if procedure is None:
        raise Http404("No such procedure.")
    return procedure


def dossier_components(dossier: Dossier) -> list[DossierComponent]:
    """The components of a dossier the caller may view, with the procedure component
    (original/copy counts) and the re-used result (one query)."""
    return list(
        DossierComponent.objects.filter(dossier=dossier)
        .select_related("component", "reused_result", "reused_result__dossier")
        .order_by("position", "pk")
    )


def dossier_results(dossier: Dossier) -> list[DossierResult]:
    """The results of a dossier the caller may view, oldest first (one query)."""
    return list(DossierResult.objects.filter(dossier=dossier).order_by("issued_at", "pk"))


def dossier_evaluation(dossier: Dossier) -> Evaluation | None:
    """The applicant's evaluation of a dossier the caller may view, if any (one query)."""
    return Evaluation.objects.filter(dossier=dossier).order_by("-created_at", "-pk").first()


def unit_with_parent(unit_id: int) -> Unit | None:
    """A unit with its level and parent (the issuing body of a printed form); None if gone.

    Called only for a unit of a dossier the caller already may view."""
    return (
        Unit.objects.select_related("level", "parent", "parent__level").filter(pk=unit_id).first()
    )


def province_name(province_code: str) -> str:
    """The name of the province `province_code` (for the place line of a printed form)."""
    if not province_code:
        return ""
    row = (
        Unit.objects.current()
        .filter(code=province_code, level__code="province")
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return str(row or "")
