"""Read use-cases of the finance app: budget lines, snapshots, rates and the S&T share.

Every selector starts from `Model.objects.for_user(user, Action.VIEW)`: a user sees the
lines of the units it may view (and their snapshots); everything else is "not found".
Rates are computed by `rates.py` from the latest snapshot on or before the as-of date.
The lag tolerance is the setting `FINANCE_LAG_TOLERANCE_POINTS` (percentage points,
default 25: the spec's "< 50 % at end of Q3"), overridable per call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, get_for_user_or_404, unit_ids_for
from tinhso.units.models import Unit

from . import rates
from .models import BudgetLine, BudgetSnapshot, LocalBudgetTotal
from .rates import Share, Summary

LATEST_FIELDS = ("as_of", "allocated", "supplementary", "carried_over", "disbursed", "returned")


def lag_tolerance() -> Decimal:
    """The lag tolerance in percentage points (setting, default 25)."""
    return Decimal(str(getattr(settings, "FINANCE_LAG_TOLERANCE_POINTS", "25")))


def unit_by_code(code: str) -> Unit | None:
    """The current unit with `code` (the higher level wins when two levels share it)."""
    return (
        Unit.objects.filter(code=code, valid_to__isnull=True)
        .order_by("level__sort_order", "pk")
        .first()
    )


def unit_choices(*, user: Any, action: str = Action.EDIT) -> QuerySet[Unit]:
    """Current units `user` may act on with `action` (form choices), in tree order."""
    return Unit.objects.filter(valid_to__isnull=True, pk__in=unit_ids_for(user, action)).order_by(
        "path"
    )


def _options(filters: Mapping[str, Any]) -> rates.Options:
    return rates.Options(
        include_carried_over=bool(filters.get("include_carried_over")),
        include_supplementary=bool(filters.get("include_supplementary")),
    )


def _unit_q(unit: Any, prefix: str = "unit") -> Q:
    if isinstance(unit, Unit):
        found: Unit | None = unit
    else:
        found = unit_by_code(str(unit).strip())
    if found is None:
        return Q(pk__in=[])
    return Q(**{f"{prefix}__path__startswith": found.path})


def _with_latest(qs: QuerySet[BudgetLine], as_of: dt.date) -> QuerySet[BudgetLine]:
    """Annotate each line with its latest snapshot's figures on or before `as_of`."""
    latest = BudgetSnapshot.objects.filter(line=OuterRef("pk"), as_of__lte=as_of).order_by("-as_of")
    return qs.annotate(
        **{f"latest_{name}": Subquery(latest.values(name)[:1]) for name in LATEST_FIELDS}
    )


def latest_figures(line: Any) -> rates.Figures | None:
    """The `rates.Figures` of a line annotated by `budget_line_rows` (None: no snapshot)."""
    if getattr(line, "latest_as_of", None) is None:
        return None
    return rates.Figures(
        line_id=line.pk,
        as_of=line.latest_as_of,
        allocated=line.latest_allocated,
        supplementary=line.latest_supplementary,
        carried_over=line.latest_carried_over,
        disbursed=line.latest_disbursed,
        returned=line.latest_returned,
    )


@dataclass(frozen=True)
class LineRate:
    """A line's base, rate and lag flag on a date."""

    figures: rates.Figures | None
    base: int | None
    rate: Decimal | None
    threshold: Decimal
    lagging: bool

    @property
    def rate_display(self) -> Decimal | None:
        return rates.rounded(self.rate)


def line_rate(
    line: Any,
    *,
    as_of: dt.date,
    options: rates.Options,
    tolerance_points: Decimal | None = None,
) -> LineRate:
    """Base, rate and lag of one annotated line (no query)."""
    tolerance = lag_tolerance() if tolerance_points is None else tolerance_points
    threshold = rates.lag_threshold(rates.elapsed_share(line.fiscal_year, as_of), tolerance)
    figures = latest_figures(line)
    if figures is None:
        return LineRate(None, None, None, threshold, False)
    base = rates.base_of(figures, options)
    rate = rates.rate_of(figures.disbursed, base)
    return LineRate(figures, base, rate, threshold, rates.is_lagging(rate, threshold))


def budget_line_rows(*, user: Any, filters: Mapping[str, Any]) -> QuerySet[BudgetLine]:
    """Budget lines `user` may view, filtered, each annotated with its latest figures.

    Filters (all optional): `year`, `expenditure_type`, `source`, `unit` (a Unit or a code:
    that unit and the units below), `q` (title, number or decision), `as_of` (default
    today), `include_carried_over`, `include_supplementary` and `lagging` (only the lines
    whose rate on `as_of` lags the elapsed share of their year). Ordered by year (newest
    first), type, number, id. Action: VIEW. Side effects: none. Queries: one for the rows,
    plus one when `lagging` is set.
    """
    as_of = filters.get("as_of") or timezone.localdate()
    qs = BudgetLine.objects.for_user(user, Action.VIEW).select_related("unit")
    if filters.get("year"):
        qs = qs.filter(fiscal_year=filters["year"])
    if filters.get("expenditure_type"):
        qs = qs.filter(expenditure_type=filters["expenditure_type"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    if filters.get("unit"):
        qs = qs.filter(_unit_q(filters["unit"]))
    if filters.get("q"):
        text = str(filters["q"]).strip()
        qs = qs.filter(
            Q(title__icontains=text) | Q(code__icontains=text) | Q(decision_number__icontains=text)
        )
    qs = _with_latest(qs, as_of).order_by("-fiscal_year", "expenditure_type", "code", "pk")
    if filters.get("lagging"):
        options = _options(filters)
        tolerance = lag_tolerance()
        ids = [
            line.pk
            for line in qs
            if line_rate(line, as_of=as_of, options=options, tolerance_points=tolerance).lagging
        ]
        qs = qs.filter(pk__in=ids)
    return qs


def budget_line_get(*, user: Any, pk: int, action: str = Action.VIEW) -> BudgetLine:
    """One line `user` may act on (`action`), with unit, task, plan and project loaded.

    Errors: `Http404` when missing or forbidden.
    """
    qs = BudgetLine.objects.select_related("unit", "task", "plan__document", "project")
    return get_for_user_or_404(qs, user, action, pk=pk)


def budget_line_detail(*, user: Any, pk: int, as_of: dt.date) -> BudgetLine:
    """One line `user` may view, annotated with its latest figures on `as_of` (as in
    `budget_line_rows`). Action: VIEW. Errors: `Http404`. One query."""
    qs = BudgetLine.objects.select_related("unit", "task", "plan__document", "project")
    return get_for_user_or_404(_with_latest(qs, as_of), user, Action.VIEW, pk=pk)


def budget_snapshot_list(*, line: BudgetLine) -> QuerySet[BudgetSnapshot]:
    """The snapshots of a line the caller already read, newest date first (history).

    Action: none beyond reading `line` through `budget_line_get`. One query.
    """
    return (
        BudgetSnapshot.objects.filter(line=line).select_related("author").order_by("-as_of", "-pk")
    )


def local_budget_total_get(*, user: Any, pk: int) -> LocalBudgetTotal:
    """One total local budget row `user` may view. Errors: `Http404`."""
    return get_for_user_or_404(
        LocalBudgetTotal.objects.select_related("unit"), user, Action.VIEW, pk=pk
    )


def local_budget_total_for(
    *, user: Any, year: int, as_of: dt.date, unit: Unit | None = None
) -> LocalBudgetTotal | None:
    """The latest visible total for `year` entered as of `as_of` or earlier, for `unit`
    (default: the highest unit with such a row). Action: VIEW. One query."""
    qs = LocalBudgetTotal.objects.for_user(user, Action.VIEW).filter(
        fiscal_year=year, as_of__lte=as_of
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.select_related("unit").order_by("unit__path", "-as_of", "-pk").first()


@dataclass
class DisbursementSummary:
    """Rates (see `rates.Summary`) plus the S&T share and its basis."""

    rates: Summary
    share: Share
    total: LocalBudgetTotal | None
    unit: Unit | None


def disbursement_summary(
    *,
    user: Any,
    year: int,
    as_of: dt.date,
    include_carried_over: bool,
    include_supplementary: bool,
    unit: Unit | str | None = None,
    tolerance_points: Decimal | None = None,
) -> DisbursementSummary:
    """Disbursement rates of `year`'s lines on `as_of` by type and by unit, the lag flag,
    the zero/low-disbursement units and the share of S&T + innovation + DT spending.

    Rule: see `rates.py`; the share divides the flagged lines' base by the total local
    budget expenditure estimate of the province visible to `user` (the one of `unit` when
    given). Action: VIEW (only lines the user may view count). Side effects: none.
    Queries: constant (lines, snapshots, the total, plus one to resolve a unit code).
    """
    resolved: Unit | None = None
    lines_qs = BudgetLine.objects.for_user(user, Action.VIEW).filter(fiscal_year=year)
    if unit is not None and unit != "":
        resolved = unit if isinstance(unit, Unit) else unit_by_code(str(unit).strip())
        lines_qs = lines_qs.filter(_unit_q(resolved)) if resolved else lines_qs.none()
    lines = [
        rates.LineInfo(
            line_id=row["pk"],
            unit_id=row["unit_id"],
            unit_name=row["unit__name"],
            expenditure_type=row["expenditure_type"],
            is_st_dt=row["is_st_dt"],
        )
        for row in lines_qs.order_by("pk").values(
            "pk", "unit_id", "unit__name", "expenditure_type", "is_st_dt"
        )
    ]
    snapshots = [
        rates.Figures(**row)
        for row in BudgetSnapshot.objects.filter(line__in=lines_qs.values("pk"), as_of__lte=as_of)
        .order_by("line_id", "as_of")
        .values("line_id", *LATEST_FIELDS)
    ]
    options = rates.Options(
        include_carried_over=include_carried_over, include_supplementary=include_supplementary
    )
    tolerance = lag_tolerance() if tolerance_points is None else tolerance_points
    summary = rates.summarise(
        lines,
        snapshots,
        fiscal_year=year,
        as_of=as_of,
        options=options,
        tolerance_points=tolerance,
    )
    total = local_budget_total_for(user=user, year=year, as_of=as_of, unit=resolved)
    share = rates.st_share(
        lines,
        rates.latest_on_or_before(snapshots, as_of),
        total.total_estimate if total is not None else None,
        options=options,
    )
    return DisbursementSummary(rates=summary, share=share, total=total, unit=resolved)


def year_choices(*, user: Any) -> list[int]:
    """Fiscal years of the lines `user` may view, newest first. One query."""
    years = (
        BudgetLine.objects.for_user(user, Action.VIEW)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )
    return list(years)


def basis_text(options: rates.Options) -> str:
    """The rate's basis in words (shown beside every rate)."""
    parts = [_("allocation")]
    if options.include_supplementary:
        parts.append(_("supplementary capital"))
    if options.include_carried_over:
        parts.append(_("capital carried over from previous years"))
    return _("Disbursed (cumulative) ÷ (%(parts)s − returned)") % {"parts": " + ".join(parts)}


def share_basis_text() -> str:
    """The basis of the S&T share in words."""
    return _(
        "Base of the lines marked as S&T, innovation and DT spending (same options as the "
        "rates) ÷ total local budget expenditure estimate; a settlement is never divided "
        "into an estimate."
    )
