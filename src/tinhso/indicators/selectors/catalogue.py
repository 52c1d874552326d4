"""Reading the public reference data: periods, the catalogue, unit levels and breakdowns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action, require, unit_ids_for
from tinhso.indicators.models import Dimension, Indicator, Period, PeriodKind
from tinhso.indicators.periods import previous_spec
from tinhso.units.models import Unit, UnitLevel

# --- periods -------------------------------------------------------------------------------


def period_get(*, code: str) -> Period:
    """The stored period with `code`. Errors: `Http404`."""
    period = Period.objects.filter(code=code).first()
    if period is None:
        raise Http404("No such period.")
    return period


def period_list(*, kind: str | None = None, year: int | None = None) -> QuerySet[Period]:
    """Stored periods, oldest first, optionally of one kind or year. Action: none (public)."""
    qs = Period.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs.order_by("start", "kind", "code")


def period_previous(period: Period) -> Period | None:
    """The stored period of the same kind just before `period` (None for ad hoc or missing).

    Ad-hoc periods have no regular predecessor: the latest ad-hoc period that ended
    before this one started is returned instead.
    """
    if period.kind == PeriodKind.AD_HOC:
        return (
            Period.objects.filter(kind=PeriodKind.AD_HOC, end__lt=period.start)
            .order_by("-end", "-pk")
            .first()
        )
    spec = previous_spec(period.kind, period.year, period.number)
    return Period.objects.filter(code=spec.code).first()


# --- catalogue -----------------------------------------------------------------------------


def indicator_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet[Indicator]:
    """The catalogue, by code. Public to every signed-in user (Action: none).

    Filters (optional): `q` (part of the code or the name), `kind`, `frequency`, `aggregation`,
    `level` (entry level code), `active` (default: only indicators in use unless False).
    """
    filters = filters or {}
    qs = Indicator.objects.select_related("entry_level", "owner_unit")
    active = filters.get("active")
    if active is None or active is True:
        qs = qs.filter(is_active=True)
    if q := (filters.get("q") or "").strip():
        qs = qs.filter(Q(code__icontains=q) | Q(name__icontains=q))
    for name in ("kind", "frequency", "aggregation"):
        if value := filters.get(name):
            qs = qs.filter(**{name: value})
    if level := filters.get("level"):
        qs = qs.filter(entry_level__code=level)
    return qs.order_by("code")


def indicator_get(*, user: Any, code: str) -> Indicator:
    """One catalogue entry by code with its breakdowns. Public (Action: none). Errors: 404."""
    indicator = (
        Indicator.objects.select_related("entry_level", "owner_unit")
        .prefetch_related("dimensions__members")
        .filter(code=code)
        .first()
    )
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


def indicator_get_for_manage(*, user: Any, code: str) -> Indicator:
    """A catalogue entry `user` may maintain (edit form, PATCH).

    Action: `Action.MANAGE` on the owner unit. Errors: `Http404` when missing or when the
    user may not manage it (forbidden = missing).
    """
    indicator = indicator_get(user=user, code=code)
    require(user, Action.MANAGE, indicator.owner_unit_id)
    return indicator


def indicator_may_create(*, user: Any) -> bool:
    """Whether `user` may add catalogue entries: MANAGE on at least one unit. No query."""
    return bool(unit_ids_for(user, Action.MANAGE))


def indicator_owner_units(*, user: Any, include: int | None = None) -> QuerySet[Unit]:
    """Current units `user` may MANAGE (the owners a catalogue entry may be given), in tree
    order; `include` (the present owner's id) is kept even if the unit has since closed.

    Action: `Action.MANAGE`. Side effects: none.
    """
    condition = Q(pk__in=unit_ids_for(user, Action.MANAGE), valid_to__isnull=True)
    if include is not None:
        condition |= Q(pk=include, pk__in=unit_ids_for(user, Action.MANAGE))
    return Unit.objects.filter(condition).order_by("path", "pk")


def unit_level_by_code(*, code: str) -> UnitLevel | None:
    """The unit level with `code` (None when unknown). Public reference data."""
    return UnitLevel.objects.filter(code=code).first()


def dimensions_by_code(*, codes: Sequence[str]) -> tuple[list[Dimension], list[str]]:
    """The breakdown axes named by `codes` (in that order) and the codes that are unknown."""
    found = {d.code: d for d in Dimension.objects.filter(code__in=list(codes))}
    return [found[c] for c in codes if c in found], [c for c in codes if c not in found]


def dimension_choices() -> QuerySet[Dimension]:
    """Breakdown axes by code, without their members (the catalogue form's choices). Public."""
    return Dimension.objects.order_by("code")


def dimension_list() -> QuerySet[Dimension]:
    """Breakdown axes with their members (prefetched), by code. Public."""
    return Dimension.objects.prefetch_related("members").order_by("code")
