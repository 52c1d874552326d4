"""Read use-cases of the procedure catalogue.

Access: the catalogue is public to every signed-in official (like the indicator catalogue),
so reads need only an authenticated user; `procedure_get_for_manage` needs MANAGE on the
procedure's owner unit (forbidden = missing = 404).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action, require
from tinhso.core.text import fold
from tinhso.units.models import Unit

from .models import (
    LEVEL_FIELDS,
    Procedure,
    ProcedureApplicability,
    ProcedureCase,
    ProcedureComponent,
)
from .records import record_of


def _signed_in(user: Any) -> None:
    if not getattr(user, "is_authenticated", False):
        raise Http404("No such procedure.")


def default_owner_unit() -> Unit | None:
    """The unit that owns catalogue rows by default: the deploying province (setting
    `TINHSO_PROVINCE_CODE` when set, else the first current province in the tree), or its
    standing agency when it has one (None when no province exists). Public."""
    qs = Unit.objects.filter(level__code="province", valid_to__isnull=True)
    code = getattr(settings, "TINHSO_PROVINCE_CODE", None)
    if code and qs.filter(code=code).exists():
        qs = qs.filter(code=code)
    province = qs.select_related("standing_agency").order_by("path", "pk").first()
    if province is None:
        return None
    return province.standing_agency or province


def procedure_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Procedure]:
    """Procedures matching `filters`, by (real first) code. Action: signed in (public).

    Filters: `q` (code, name, sector; diacritics ignored), `sector`, `level` (one of
    `LEVEL_FIELDS`), `online_level`, `boundary_free` (bool), `origin` ("real"/"synthetic"),
    `status`.
    """
    _signed_in(user)
    filters = filters or {}
    qs = Procedure.objects.select_related("owner_unit")
    if q := (filters.get("q") or "").strip():
        for word in fold(q).split():
            qs = qs.filter(search_text__contains=word)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if (level := filters.get("level")) in LEVEL_FIELDS:
        qs = qs.filter(**{level: True})
    if online := filters.get("online_level"):
        qs = qs.filter(online_level=online)
    if filters.get("boundary_free") is not None:
        qs = qs.filter(boundary_free=bool(filters["boundary_free"]))
    origin = filters.get("origin")
    if origin == "real":
        qs = qs.filter(is_synthetic=False)
    elif origin == "synthetic":
        qs = qs.filter(is_synthetic=True)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    return qs.order_by("is_synthetic", "code", "key", "pk")


def _full(qs: QuerySet[Procedure]) -> QuerySet[Procedure]:
    return qs.select_related("owner_unit", "competent_level").prefetch_related(
        Prefetch(
            "cases",
            queryset=ProcedureCase.objects.order_by("position", "pk").prefetch_related(
                Prefetch(
                    "components", queryset=ProcedureComponent.objects.order_by("position", "pk")
                )
            ),
        ),
        "time_limits",
        "fees",
        "legal_bases__document",
        Prefetch(
            "applicability",
            queryset=ProcedureApplicability.objects.select_related("unit").order_by("unit__path"),
        ),
    )


def procedure_get(*, user: Any, ref: str) -> Procedure:
    """One procedure by national code or key, with all its parts loaded. Action: signed in.
    Errors: `Http404`."""
    _signed_in(user)
    procedure = _full(Procedure.objects.filter(Q(code=ref) | Q(key=ref))).order_by("pk").first()
    if procedure is None:
        raise Http404("No such procedure.")
    return procedure


def procedure_get_for_manage(*, user: Any, ref: str) -> Procedure:
    """`procedure_get`, refused (404) unless the user has MANAGE on its owner unit."""
    procedure = procedure_get(user=user, ref=ref)
    require(user, Action.MANAGE, procedure.owner_unit_id)
    return procedure


def procedure_export_records(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """The filtered catalogue in the exchange shape of `data/procedures.json`. Action: signed
    in. Five queries whatever the number of rows."""
    qs = _full(procedure_list(user=user, filters=filters)).order_by("is_synthetic", "pk")
    return [record_of(p) for p in qs]


def procedure_sector_choices() -> list[str]:
    """Distinct sectors in the catalogue, alphabetical. Public."""
    return [
        s
        for s in Procedure.objects.exclude(sector__isnull=True)
        .order_by("sector")
        .values_list("sector", flat=True)
        .distinct()
        if s
    ]


def procedure_applies_in(*, procedure: Procedure, unit: Unit) -> bool:
    """Whether `unit` applies `procedure`: by default every commune of the owner's province
    for a commune-level procedure (and the province units for province-level ones); a
    restricted procedure applies only in its listed units. Public."""
    if procedure.status != "active":
        return False
    if not procedure.applies_everywhere:
        return any(a.unit_id == unit.pk for a in procedure.applicability.all())
    level = unit.level.code if unit.level_id else ""
    same_province = unit.province_code == procedure.owner_unit.province_code
    if level == "commune":
        return procedure.at_commune and same_province
    return same_province and (procedure.at_province or procedure.at_other)


def procedure_may_manage(*, user: Any) -> bool:
    """Whether the user manages any unit (shows the import link). Public."""
    from tinhso.accounts.access import unit_ids_for

    return bool(unit_ids_for(user, Action.MANAGE))
