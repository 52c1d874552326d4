"""The entry grid: one page of rows, a row saved through HTMX, "save all", "submit all"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.indicators import selectors, services
from tinhso.indicators.forms import EntryChoiceForm, EntryRowForm
from tinhso.indicators.models import Period, PeriodKind
from tinhso.units.models import Unit
from tinhso.units.selectors import unit_get

DRAFTS_CHANGED = "drafts-changed"


def _default_period() -> Period:
    """Last month: what a commune usually reports at the start of a month."""
    first = timezone.localdate().replace(day=1)
    return services.period_get_or_create_for_date(PeriodKind.MONTH, first - dt.timedelta(days=1))


def _period_for(code: str) -> Period:
    try:
        return services.period_get_or_create_by_code(code)
    except ValidationError as exc:
        raise Http404("No such period.") from exc


ROW_FIELDS = (
    "indicator",
    "breakdown",
    "value",
    "numerator",
    "denominator",
    "source",
    "as_of",
    "comment",
    "version",
)


def _row_data(post: Any, key: str) -> dict[str, str]:
    """One row's fields from the grid's POST: inputs are named `<row key>-<field>`."""
    data = {name: post.get(f"{key}-{name}", "") for name in ROW_FIELDS}
    data["unit"] = post.get("unit", "")
    data["period"] = post.get("period", "")
    return data


def _has_figures(data: dict[str, str]) -> bool:
    return any((data.get(name) or "").strip() for name in ("value", "numerator", "denominator"))


def _default_as_of(period: Any) -> Any:
    """A figure for a finished period is "as of" its last day; for the current one, today."""
    return min(timezone.localdate(), period.end)


SHOW_CHOICES = (
    ("", gettext_lazy("All rows")),
    ("empty", gettext_lazy("Only rows without a value")),
    ("draft", gettext_lazy("Only drafts")),
    ("outlier", gettext_lazy("Only outliers")),
)


def _grid_filters(data: Any) -> dict[str, Any]:
    """The grid's filter and page from a GET query or the "save all" form."""
    return {
        "q": (data.get("q") or "").strip()[:100],
        "show": data.get("show") or "",
        "page": data.get("page") or 1,
    }


def _grid_query(grid: selectors.EntryGrid) -> str:
    """The grid's address query (unit, period, filters) for the pager's links."""
    params = {"unit": grid.unit.code, "period": grid.period.code}
    if grid.q:
        params["q"] = grid.q
    if grid.show:
        params["show"] = grid.show
    return urlencode(params)


def _page_url(request: HttpRequest, unit: Unit, period: Period) -> str:
    """The grid's address after a POST: same unit, period, filter and page."""
    params = {"unit": unit.code, "period": period.code}
    for name in ("q", "show", "page"):
        if value := request.POST.get(name, "").strip():
            params[name] = value
    return f"{reverse('indicators:entry')}?{urlencode(params)}"


def _grid_context(request: HttpRequest, grid: selectors.EntryGrid) -> dict[str, Any]:
    return {
        "form": EntryChoiceForm(initial={"unit": grid.unit.code, "period": grid.period.code}),
        "grid": grid,
        "page": grid.page,
        "querystring": _grid_query(grid),
        "unfiltered_querystring": urlencode({"unit": grid.unit.code, "period": grid.period.code}),
        "show_choices": SHOW_CHOICES,
        "may_edit": can(request.user, Action.EDIT, grid.unit),
        "today": _default_as_of(grid.period),
    }


class EntryGridView(LoginRequiredMixin, View):
    """GET: the grid of a unit and period. POST (HTMX): save one row, return that row."""

    template_name = "indicators/entry_grid.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        unit_code = request.GET.get("unit", "")
        unit = (
            unit_get(code=unit_code)
            if unit_code
            else selectors.user_default_unit(user=user, action=Action.EDIT)
        )
        if unit is None:
            form = EntryChoiceForm(request.GET or None)
            return render(request, self.template_name, {"form": form, "grid": None})
        period = _period_for(request.GET["period"]) if request.GET.get("period") else None
        period = period or _default_period()
        grid = selectors.entry_grid(
            user=user, unit=unit, period=period, **_grid_filters(request.GET)
        )
        return render(request, self.template_name, _grid_context(request, grid))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        raw = _row_data(request.POST, request.POST.get("keys", ""))
        unit = unit_get(code=raw["unit"])
        period = _period_for(raw["period"])
        indicator = selectors.indicator_get(user=user, code=raw["indicator"])
        breakdown = raw["breakdown"]
        form = EntryRowForm(raw)
        errors: dict[str, list[str]] = {}
        conflict = ""
        if not form.is_valid():
            errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        else:
            data = form.cleaned_data
            try:
                services.indicator_value_save(
                    actor=user,
                    indicator=indicator,
                    unit=unit,
                    period=period,
                    breakdown=breakdown,
                    value=data["value"],
                    numerator=data["numerator"],
                    denominator=data["denominator"],
                    source=data["source"],
                    as_of=data["as_of"],
                    comment=data["comment"],
                    expected_version=data["version"],
                )
            except ValidationError as exc:
                errors = (
                    exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                )
            except ConcurrentEditError as exc:
                conflict = exc.message
            except DomainError as exc:
                errors = {"__all__": [exc.message]}
        row = self._row(user, unit, period, indicator, breakdown)
        row.errors = errors
        row.conflict = conflict
        row.saved = not errors and not conflict
        if errors:
            row.data = raw  # keep what was typed
        elif conflict:
            row.data = {**raw, "version": str(row.version)}
        return self._render_row(request, row, unit, period)

    def _row(
        self, user: Any, unit: Unit, period: Period, indicator: Any, breakdown: str
    ) -> selectors.GridRow:
        grid = selectors.entry_grid(
            user=user, unit=unit, period=period, only=indicator, breakdown=breakdown
        )
        if not grid.rows:
            raise Http404("No such row.")
        return grid.rows[0]

    def _render_row(
        self, request: HttpRequest, row: selectors.GridRow, unit: Unit, period: Period
    ) -> HttpResponse:
        response = render(
            request,
            f"{self.template_name}#grid-row",
            {
                "row": row,
                "grid": {"unit": unit, "period": period},
                "entry_url": reverse("indicators:entry"),
                "may_edit": can(request.user, Action.EDIT, unit),
                "today": _default_as_of(period),
            },
        )
        if row.saved:
            response["HX-Trigger"] = DRAFTS_CHANGED
        return response


class EntryDraftCountView(LoginRequiredMixin, View):
    """GET (HTMX): the "N draft values" counter of a unit × period (Action.VIEW, else 404)."""

    template_name = "indicators/entry_grid.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = unit_get(code=request.GET.get("unit", ""))
        period = selectors.period_get(code=request.GET.get("period", ""))
        count = selectors.entry_draft_count(user=request.user, unit=unit, period=period)
        return render(
            request,
            f"{self.template_name}#draft-count",
            {"grid": {"unit": unit, "period": period, "draft_count": count}},
        )


class EntrySaveAllView(LoginRequiredMixin, View):
    """POST: save every row of the page that carries figures in one all-or-nothing batch.

    Only the rows the form posted (the current page) are read and saved. On any error
    nothing is saved and the page comes back with each faulty row marked (what was typed is
    kept); on success, back to the same page and filter with a message.
    """

    template_name = "indicators/entry_grid.html"

    def post(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        unit = unit_get(code=request.POST.get("unit", ""))
        period = _period_for(request.POST.get("period", ""))
        keys = request.POST.getlist("keys")
        codes = {request.POST.get(f"{key}-indicator", "") for key in keys} - {""}
        posted = selectors.entry_grid(user=user, unit=unit, period=period, codes=sorted(codes))
        by_key = {row.key: row for row in posted.rows}
        batch: list[dict[str, Any]] = []
        batch_keys: list[str] = []
        form_errors = False
        for key in keys:
            row = by_key.get(key)
            raw = _row_data(request.POST, key)
            if row is None or row.read_only or not _has_figures(raw):
                continue
            form = EntryRowForm(raw)
            if not form.is_valid():
                row.errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
                row.data = raw
                form_errors = True
                continue
            row.data = raw
            data = form.cleaned_data
            batch.append(
                {
                    "indicator": row.indicator,
                    "unit": unit,
                    "period": period,
                    "breakdown": row.breakdown,
                    "value": data["value"],
                    "numerator": data["numerator"],
                    "denominator": data["denominator"],
                    "source": data["source"],
                    "as_of": data["as_of"],
                    "comment": data["comment"],
                    "expected_version": data["version"],
                }
            )
            batch_keys.append(key)
        if not form_errors and batch:
            try:
                saved = services.indicator_values_save_batch(actor=user, rows=batch)
            except ValidationError as exc:
                for name, msgs in exc.message_dict.items():
                    parts = name.split(".")
                    row = by_key[batch_keys[int(parts[1])]]
                    field = parts[2] if len(parts) > 2 else "__all__"
                    row.errors.setdefault(field, []).extend(msgs)
            else:
                messages.success(request, _("%(count)s values saved.") % {"count": len(saved)})
                return HttpResponseRedirect(_page_url(request, unit, period))
        elif not batch and not form_errors:
            messages.info(request, _("Nothing to save."))
        # The page again (its pager and counter), showing the posted rows as typed.
        grid = selectors.entry_grid(
            user=user, unit=unit, period=period, **_grid_filters(request.POST)
        )
        if by_key:
            grid.rows = [by_key[key] for key in dict.fromkeys(keys) if key in by_key]
        return render(request, self.template_name, _grid_context(request, grid))


class EntrySubmitView(LoginRequiredMixin, View):
    """POST: submit every draft value of the unit for the period, every page (Action.EDIT);
    back to the grid with the same filter and page."""

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = unit_get(code=request.POST.get("unit", ""))
        period = _period_for(request.POST.get("period", ""))
        changed = services.indicator_values_set_status(
            actor=request.user, unit=unit, period=period, status="submitted"
        )
        messages.success(request, _("%(count)s values submitted.") % {"count": changed})
        return HttpResponseRedirect(_page_url(request, unit, period))
