"""Read use-cases of indicators: periods, the catalogue, values, rollups and the entry grid.

Access: the catalogue (indicators, breakdowns, periods) is public to every signed-in user;
values and rollups are unit data, read through `for_user(user, Action.VIEW)`. Series and
tables of aggregates read the rollup tables only, never the base values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.http import Http404

from tinhso.accounts.access import Action, can, require, unit_ids_for
from tinhso.core.text import fold
from tinhso.units.models import Unit, UnitLevel

from .models import (
    Dimension,
    DimensionMember,
    Indicator,
    IndicatorRollup,
    IndicatorValue,
    Period,
    PeriodKind,
    ValueStatus,
)
from .periods import previous_spec

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


# --- entry grid ----------------------------------------------------------------------------


def _plain(number: Decimal | None) -> str:
    """A stored figure as typed: no trailing zeros, no exponent (100.0000 → "100")."""
    return "" if number is None else format(number.normalize(), "f")


@dataclass
class GridRow:
    """One line of the entry grid: an indicator (× breakdown) with its value and previous one."""

    indicator: Indicator
    breakdown: str = ""
    breakdown_name: str = ""
    value: IndicatorValue | None = None
    previous: Decimal | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    saved: bool = False
    conflict: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    may_edit: bool = False

    @property
    def read_only(self) -> bool:
        """Inputs are disabled: the value is confirmed or the user may not edit the unit."""
        return self.locked or not self.may_edit

    @property
    def key(self) -> str:
        return f"{self.indicator.code}--{self.breakdown.replace(':', '-')}"

    @property
    def version(self) -> int:
        return self.value.version if self.value is not None else 0

    @property
    def status(self) -> str:
        return self.value.status if self.value is not None else ""

    @property
    def locked(self) -> bool:
        return self.value is not None and self.value.status == ValueStatus.CONFIRMED

    @property
    def row_errors(self) -> list[str]:
        """Errors that concern the whole row (locked value, unknown row)."""
        return self.errors.get("__all__", [])

    @cached_property
    def shown(self) -> dict[str, Any]:
        """What the inputs show: what was typed (after an error) or what is stored."""
        if self.data:
            return self.data
        v = self.value
        if v is None:
            return {}
        return {
            "value": _plain(v.value),
            "numerator": _plain(v.numerator),
            "denominator": _plain(v.denominator),
            "source": v.source,
            "as_of": v.as_of.strftime("%d/%m/%Y"),
            "comment": v.comment,
        }


def entry_draft_count(*, user: Any, unit: Unit, period: Period) -> int:
    """How many values of the entry grid of `unit` × `period` are still drafts (the counter
    beside "Submit all drafts"), counted like `EntryGrid.draft_count`: active indicators
    entered at the unit's level with the period's kind as frequency. One query.

    Action: Action.VIEW on the unit (else `Http404`).
    """
    require(user, Action.VIEW, unit)
    return IndicatorValue.objects.filter(
        unit_id=unit.pk,
        period_id=period.pk,
        status=ValueStatus.DRAFT,
        indicator__is_active=True,
        indicator__entry_level_id=unit.level_id,
        indicator__frequency=period.kind,
    ).count()


ENTRY_PAGE_SIZE = 50
"""Rows of the entry grid per page (a row is an indicator or one of its breakdown members)."""

ENTRY_SHOW = ("empty", "draft", "outlier")
"""The row filters of the grid: only rows without a value, only drafts, only outliers."""


@dataclass
class EntryGrid:
    """Rows of a unit for a period, ready for the grid; `previous_period` may be None.

    `page` is the page of matching row keys (None when the grid is not paginated: one row,
    or the rows named by the "save all" form); `draft_count` counts the drafts of the whole
    unit × period, every page included.
    """

    unit: Unit
    period: Period
    previous_period: Period | None
    rows: list[GridRow]
    draft_count: int = 0
    page: Page[Any] | None = None
    q: str = ""
    show: str = ""


_ROW_COLUMNS = ("r_indicator", "r_code", "r_breakdown", "r_dimension", "r_order", "r_member")


def _indicator_condition(
    unit: Unit, period: Period, *, prefix: str = "", ids: Sequence[int] | None = None
) -> Q:
    """The indicators of the grid (active, entered at the unit's level, of the period's kind),
    reached through `prefix` (e.g. `dimension__indicators__` from a breakdown member)."""
    condition = Q(
        **{
            f"{prefix}is_active": True,
            f"{prefix}entry_level_id": unit.level_id,
            f"{prefix}frequency": period.kind,
        }
    )
    if ids is not None:
        condition &= Q(**{f"{prefix}pk__in": list(ids)})
    return condition


def _matching_indicator_ids(unit: Unit, period: Period, q: str) -> list[int]:
    """Ids of the grid's indicators whose code or name contains `q`, both folded (case,
    tone and vowel marks ignored: "ty le" finds "Tỷ lệ"). One query over three columns.

    The catalogue stores no folded name, so the fold runs here over (pk, code, name) only;
    the row keys, the page and the values are then read in SQL for these ids.
    """
    folded = fold(q)
    return [
        pk
        for pk, code, name in Indicator.objects.filter(_indicator_condition(unit, period))
        .order_by("code")
        .values_list("pk", "code", "name")
        if folded in fold(code) or folded in fold(name)
    ]


def _row_keys(
    unit: Unit, period: Period, *, ids: Sequence[int] | None, show: str
) -> QuerySet[Any, dict[str, Any]]:
    """Every row key of the grid as SQL: the totals (one per indicator) UNION ALL the
    breakdown rows (indicator × member of each of its breakdowns), in grid order (code,
    total first, then breakdown code, member order and code), optionally only the rows
    without a value, with a draft or with an outlier for `unit` × `period`."""
    totals = Indicator.objects.filter(_indicator_condition(unit, period, ids=ids)).annotate(
        r_indicator=F("pk"),
        r_code=F("code"),
        r_breakdown=Value("", output_field=CharField()),
        r_dimension=Value("", output_field=CharField()),
        r_order=Value(0, output_field=IntegerField()),
        r_member=Value("", output_field=CharField()),
    )
    members = DimensionMember.objects.filter(
        _indicator_condition(unit, period, prefix="dimension__indicators__", ids=ids)
    ).annotate(
        r_indicator=F("dimension__indicators__pk"),
        r_code=F("dimension__indicators__code"),
        r_breakdown=Concat("dimension__code", Value(":"), "code", output_field=CharField()),
        r_dimension=F("dimension__code"),
        r_order=F("sort_order"),
        r_member=F("code"),
    )
    if show in ENTRY_SHOW:
        here = IndicatorValue.objects.filter(unit_id=unit.pk, period_id=period.pk)
        if show == "draft":
            here = here.filter(status=ValueStatus.DRAFT)
        elif show == "outlier":
            here = here.filter(is_outlier=True)

        # Both sides refer to their own annotations, so no second join is made.
        exists = Exists(
            here.filter(indicator_id=OuterRef("r_indicator"), breakdown=OuterRef("r_breakdown"))
        )
        condition = ~exists if show == "empty" else exists
        totals = totals.filter(condition)
        members = members.filter(condition)
    return (
        totals.order_by()
        .values(*_ROW_COLUMNS)
        .union(members.order_by().values(*_ROW_COLUMNS), all=True)
        .order_by("r_code", "r_dimension", "r_order", "r_member")
    )


def entry_grid(
    *,
    user: Any,
    unit: Unit,
    period: Period,
    only: Indicator | None = None,
    breakdown: str = "",
    codes: Sequence[str] | None = None,
    q: str = "",
    show: str = "",
    page: int | str | None = 1,
    per_page: int | None = ENTRY_PAGE_SIZE,
) -> EntryGrid:
    """One page of the grid of `unit` × `period`: the active indicators entered at the unit's
    level with the period's kind as frequency, one row per indicator and breakdown member,
    with this period's and the previous period's values.

    Filters, all applied in SQL before any row is built: `q` (code or name contains, folded
    with `core.text.fold`), `show` ("empty": rows without a value, "draft": drafts,
    "outlier": outliers); `page` of `per_page` rows (None: every matching row). `only`
    restricts to one row (`only` × `breakdown`: the HTMX row partial) and `codes` to the rows
    of these indicators (the "save all rows" form); both are not paginated.

    A constant number of queries whatever the number of indicators: the folded match (with
    `q`), the count and the page of row keys, the page's indicators with their breakdowns
    (2 prefetches), the previous period, this period's values and the previous ones of the
    page's indicators, the draft counter. Action: Action.VIEW on the unit (else `Http404`).
    """
    require(user, Action.VIEW, unit)
    may_edit = can(user, Action.EDIT, unit)
    show = show if show in ENTRY_SHOW else ""
    q = q.strip()
    ids: list[int] | None = None
    if only is not None:
        ids, q, show, per_page = [only.pk], "", "", None
    elif codes is not None:
        ids = list(
            Indicator.objects.filter(_indicator_condition(unit, period), code__in=list(codes))
            .order_by("code")
            .values_list("pk", flat=True)
        )
        q, show, per_page = "", "", None
    elif q and fold(q):
        ids = _matching_indicator_ids(unit, period, q)
    keys_qs = _row_keys(unit, period, ids=ids, show=show)
    page_obj: Page[Any] | None = None
    if per_page is not None:
        page_obj = Paginator(keys_qs, per_page).get_page(page)
        keys = [(k["r_indicator"], k["r_breakdown"]) for k in page_obj.object_list]
    else:
        keys = [(k["r_indicator"], k["r_breakdown"]) for k in keys_qs]
    if only is not None:
        keys = [k for k in keys if k[1] == breakdown]
    position = {key: n for n, key in enumerate(keys)}
    page_ids = sorted({i for i, _b in keys})
    indicators = list(
        Indicator.objects.filter(pk__in=page_ids)
        .prefetch_related("dimensions__members")
        .order_by("code")
    )
    previous_period = period_previous(period)
    current = {
        (v.indicator_id, v.breakdown): v
        for v in IndicatorValue.objects.filter(
            unit_id=unit.pk, period_id=period.pk, indicator_id__in=page_ids
        )
    }
    previous: dict[tuple[int, str], Decimal | None] = {}
    if previous_period is not None:
        previous = {
            (i, b): val
            for i, b, val in IndicatorValue.objects.filter(
                unit_id=unit.pk, period_id=previous_period.pk, indicator_id__in=page_ids
            ).values_list("indicator_id", "breakdown", "value")
        }
    rows: list[GridRow] = []
    for indicator in indicators:
        names: list[tuple[str, str]] = [("", "")]
        for dimension in indicator.dimensions.all():
            names += [(f"{dimension.code}:{m.code}", m.name) for m in dimension.members.all()]
        for key, name in names:
            if (indicator.pk, key) not in position:
                continue
            rows.append(
                GridRow(
                    indicator=indicator,
                    breakdown=key,
                    breakdown_name=name,
                    value=current.get((indicator.pk, key)),
                    previous=previous.get((indicator.pk, key)),
                    may_edit=may_edit,
                )
            )
    rows.sort(key=lambda r: position[(r.indicator.pk, r.breakdown)])
    drafts = (
        entry_draft_count(user=user, unit=unit, period=period)
        if only is None and codes is None
        else 0
    )
    return EntryGrid(
        unit=unit,
        period=period,
        previous_period=previous_period,
        rows=rows,
        draft_count=drafts,
        page=page_obj,
        q=q,
        show=show,
    )
