"""Reading unit data: values, the page's default unit, and the rollup tables."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from tinhso.accounts.access import Action, require, unit_ids_for
from tinhso.indicators.models import Indicator, IndicatorRollup, IndicatorValue, Period
from tinhso.units.models import Unit

# --- values --------------------------------------------------------------------------------


def indicator_value_list(
    *, user: Any, filters: Mapping[str, Any] | None = None
) -> QuerySet[IndicatorValue]:
    """Values the user may read (Action.VIEW on the value's unit), newest period first.

    Filters (optional): `unit` (a Unit: its subtree, by rollup path, so a former commune's
    values show under its successor), `period` (a Period), `indicator` (an Indicator),
    `status`, `outlier` (True: only outliers), `pks` (these rows only).
    """
    filters = filters or {}
    qs = IndicatorValue.objects.for_user(user, Action.VIEW).select_related(
        "indicator", "unit", "period", "author"
    )
    if (unit := filters.get("unit")) is not None:
        qs = qs.filter(rollup_path__startswith=unit.path)
    if (period := filters.get("period")) is not None:
        qs = qs.filter(period_id=period.pk)
    if (indicator := filters.get("indicator")) is not None:
        qs = qs.filter(indicator_id=indicator.pk)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if filters.get("outlier"):
        qs = qs.filter(is_outlier=True)
    if (pks := filters.get("pks")) is not None:
        qs = qs.filter(pk__in=pks)
    return qs.order_by("-period__start", "indicator__code", "unit__code", "breakdown", "pk")


def indicator_value_get(*, user: Any, pk: int) -> IndicatorValue:
    """One value the user may read. Errors: `Http404` when missing or out of scope."""
    value = (
        IndicatorValue.objects.for_user(user, Action.VIEW)
        .select_related("indicator", "unit", "period", "author")
        .filter(pk=pk)
        .first()
    )
    if value is None:
        raise Http404("No such value.")
    return value


def user_default_unit(*, user: Any, action: Action = Action.VIEW) -> Unit | None:
    """The highest current unit on which `user` may perform `action` (the page default)."""
    return (
        Unit.objects.filter(pk__in=unit_ids_for(user, action), valid_to__isnull=True)
        .select_related("level")
        .order_by("depth", "code", "pk")
        .first()
    )


def require_view(*, user: Any, unit: Unit) -> None:
    """Refuse (404) unless `user` may read `unit`'s indicator data (Action.VIEW)."""
    require(user, Action.VIEW, unit)


# --- rollups -------------------------------------------------------------------------------


def indicator_series(
    *,
    user: Any,
    indicator: Indicator,
    unit: Unit,
    start: dt.date | None = None,
    end: dt.date | None = None,
    breakdown: str = "",
) -> list[IndicatorRollup]:
    """The aggregate of `indicator` over `unit`'s subtree per period, oldest first.

    Reads the rollup table only, one query (periods joined): periods of the indicator's
    frequency lying within [start, end]. Action: Action.VIEW on `unit` (else `Http404`).
    """
    require(user, Action.VIEW, unit)
    qs = IndicatorRollup.objects.filter(
        indicator_id=indicator.pk,
        unit_id=unit.pk,
        breakdown=breakdown,
        period__kind=indicator.frequency,
    )
    if start is not None:
        qs = qs.filter(period__start__gte=start)
    if end is not None:
        qs = qs.filter(period__end__lte=end)
    return list(qs.select_related("period").order_by("period__start"))


def rollup_latest(*, indicator: Indicator, unit: Unit, as_of: dt.date) -> IndicatorRollup | None:
    """The latest total (no breakdown) of `indicator` over `unit` whose period ended by `as_of`.

    For the programmes app (target status): the row carries `value`, `contributors` and
    `confirmed`. Only periods of the indicator's frequency. Action: none — the caller has
    already decided the target is visible. One query.
    """
    return (
        IndicatorRollup.objects.filter(
            indicator_id=indicator.pk,
            unit_id=unit.pk,
            breakdown="",
            period__kind=indicator.frequency,
            period__end__lte=as_of,
        )
        .select_related("period")
        .order_by("-period__end")
        .first()
    )


def rollup_children(
    *, user: Any, indicator: Indicator, unit: Unit, period: Period
) -> list[tuple[Unit, IndicatorRollup | None]]:
    """`unit`'s current children with their rollup for `period` (None = no figure), by code.

    Two queries. Action: Action.VIEW on `unit` (else `Http404`).
    """
    require(user, Action.VIEW, unit)
    children = list(
        Unit.objects.filter(parent_id=unit.pk, valid_to__isnull=True)
        .select_related("level")
        .order_by("code", "pk")
    )
    by_unit = {
        r.unit_id: r
        for r in IndicatorRollup.objects.filter(
            indicator_id=indicator.pk,
            period_id=period.pk,
            breakdown="",
            unit_id__in=[c.pk for c in children],
        )
    }
    return [(c, by_unit.get(c.pk)) for c in children]


def rollup_periods(*, indicator: Indicator, unit: Unit, limit: int = 12) -> list[Period]:
    """The latest periods for which `unit` has a rollup of `indicator`, newest first."""
    ids = (
        IndicatorRollup.objects.filter(indicator_id=indicator.pk, unit_id=unit.pk, breakdown="")
        .order_by("-period__start")
        .values_list("period_id", flat=True)[:limit]
    )
    return list(Period.objects.filter(pk__in=list(ids)).order_by("-start"))
