"""The entry grid: one page of rows of a unit × period, filtered and counted in SQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Concat

from tinhso.accounts.access import Action, can, require
from tinhso.core.text import fold
from tinhso.indicators.models import DimensionMember, Indicator, IndicatorValue, Period, ValueStatus
from tinhso.units.models import Unit

from .catalogue import period_previous


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
