"""Indicator pages: the catalogue (with its create/edit form), an indicator's page, the values
list and the entry grid.

The entry grid (`/indicators/entry/?unit=<code>&period=<code>`) shows one page of rows
(`page`, 50 rows), filtered by `q` (code or name, diacritics ignored) and `show` (only rows
without a value, drafts or outliers); "save all rows" saves the rows of that page, "submit
all drafts" every draft of the unit × period. It posts one row at a time
through HTMX and gets that row back, saved or with its field errors; a stale `version`
shows who changed the value meanwhile instead of overwriting it. A saved row answers with
the `HX-Trigger: drafts-changed` header; the draft counter listens for it on the body and
re-fetches itself from `entry/drafts/` (an out-of-band element inside a `<tr>` response
would be parsed in table context, so the counter is not sent with the row).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can, unit_ids_for
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView
from tinhso.units.models import Unit
from tinhso.units.selectors import unit_get, unit_level_list

from . import selectors, services
from .forms import (
    INDICATOR_FORM_FIELDS,
    EntryChoiceForm,
    EntryRowForm,
    IndicatorFilterForm,
    IndicatorForm,
    ValueFilterForm,
)
from .models import Indicator, Period, PeriodKind

DRAFTS_CHANGED = "drafts-changed"


class IndicatorListView(FilteredListView):
    """The catalogue: every indicator in use, filterable, exportable."""

    template_name = "indicators/indicator_list.html"
    filter_form_class = IndicatorFilterForm
    export_basename = "indicators"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Unit of measure"), "unit_of_measure"),
        Column(gettext_lazy("Aggregation rule"), "get_aggregation_display"),
        Column(gettext_lazy("Frequency"), "get_frequency_display"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Entered at level"), "entry_level.name"),
        Column(gettext_lazy("Owner unit"), "owner_unit.name"),
        Column(gettext_lazy("Data source"), "data_source"),
        Column(gettext_lazy("Illustrative"), "is_illustrative"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.indicator_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        managed = unit_ids_for(self.request.user, Action.MANAGE)
        context.update(managed_unit_ids=managed, may_create=bool(managed))
        return context


def _unit_or_404(code: str | None) -> Unit | None:
    return unit_get(code=code) if code else None


class IndicatorDetailView(LoginRequiredMixin, TemplateView):
    """Definition and rule, the children of a unit for a period (drill-down), a short series."""

    template_name = "indicators/indicator_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        indicator = selectors.indicator_get(user=user, code=kwargs["code"])
        unit = _unit_or_404(self.request.GET.get("unit")) or selectors.user_default_unit(user=user)
        if unit is not None and not can(user, Action.VIEW, unit):
            raise Http404("No such unit.")
        may_manage = can(user, Action.MANAGE, indicator.owner_unit_id)
        context.update(indicator=indicator, unit=unit, may_manage=may_manage)
        if unit is None:
            return context
        periods = selectors.rollup_periods(indicator=indicator, unit=unit)
        period: Period | None = None
        if code := self.request.GET.get("period"):
            period = selectors.period_get(code=code)
        elif periods:
            period = periods[0]
        series = selectors.indicator_series(user=user, indicator=indicator, unit=unit)[-12:]
        context.update(
            periods=periods,
            period=period,
            series=series,
            total=next((r for r in series if period and r.period_id == period.pk), None),
            children=(
                selectors.rollup_children(user=user, indicator=indicator, unit=unit, period=period)
                if period is not None
                else []
            ),
        )
        return context


def _apply_errors(form: IndicatorForm, exc: ValidationError) -> None:
    """Put a service's errors on the form: on their field when shown, else on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class IndicatorEditView(LoginRequiredMixin, View):
    """Create (no code) or edit a catalogue entry; MANAGE on the owner unit, else 404.

    The form only parses; the service checks and saves (field errors come back on the
    form). A stale `version` keeps what was typed and says someone else saved meanwhile.
    """

    template_name = "indicators/indicator_form.html"

    def _indicator(self, request: HttpRequest, code: str | None) -> Indicator | None:
        if code is None:
            if not selectors.indicator_may_create(user=request.user):
                raise Http404("No unit to own an indicator.")
            return None
        return selectors.indicator_get_for_manage(user=request.user, code=code)

    def _form(
        self, request: HttpRequest, indicator: Indicator | None, **kwargs: Any
    ) -> IndicatorForm:
        return IndicatorForm(
            units=selectors.indicator_owner_units(
                user=request.user,
                include=indicator.owner_unit_id if indicator is not None else None,
            ),
            levels=unit_level_list(),
            dimensions=selectors.dimension_choices(),
            **kwargs,
        )

    def _render(
        self, request: HttpRequest, indicator: Indicator | None, form: IndicatorForm
    ) -> HttpResponse:
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{self.template_name}#indicator-form"
        return render(request, template, {"indicator": indicator, "form": form})

    def get(self, request: HttpRequest, code: str | None = None) -> HttpResponse:
        indicator = self._indicator(request, code)
        initial: dict[str, Any] = {}
        if indicator is not None:
            initial = {name: getattr(indicator, name) for name in INDICATOR_FORM_FIELDS}
            initial.update(
                entry_level=indicator.entry_level_id,
                dimensions=[d.pk for d in indicator.dimensions.all()],
                owner_unit=indicator.owner_unit_id,
                version=indicator.version,
            )
        return self._render(request, indicator, self._form(request, indicator, initial=initial))

    def post(self, request: HttpRequest, code: str | None = None) -> HttpResponse:
        indicator = self._indicator(request, code)
        form = self._form(request, indicator, data=request.POST)
        if not form.is_valid():
            return self._render(request, indicator, form)
        data = form.service_data()
        owner = form.cleaned_data["owner_unit"]
        try:
            if indicator is None:
                saved = services.indicator_create(actor=request.user, owner_unit=owner, data=data)
                messages.success(request, _("The indicator was added to the catalogue."))
            else:
                if owner.pk != indicator.owner_unit_id:
                    data["owner_unit"] = owner
                saved = services.indicator_update(
                    actor=request.user,
                    indicator=indicator,
                    data=data,
                    expected_version=form.cleaned_data.get("version") or 0,
                )
                messages.success(request, _("The indicator was saved."))
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self._render(request, indicator, form)
        except DomainError as exc:  # ConcurrentEditError included: keep what was typed
            form.add_error(None, exc.message)
            return self._render(request, indicator, form)
        url = reverse("indicators:detail", args=[saved.code])
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


class ValueListView(FilteredListView):
    """Values of the user's units, filterable by unit (subtree), period, indicator, status."""

    template_name = "indicators/value_list.html"
    filter_form_class = ValueFilterForm
    export_basename = "indicator-values"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Indicator code"), "indicator.code"),
        Column(gettext_lazy("Indicator"), "indicator.name"),
        Column(pgettext_lazy("organisation", "Unit code"), "unit.code"),
        Column(pgettext_lazy("organisation", "Unit"), "unit.name"),
        Column(pgettext_lazy("time", "Period"), "period.code"),
        Column(gettext_lazy("Breakdown"), "breakdown"),
        Column(gettext_lazy("Value"), "value"),
        Column(gettext_lazy("Numerator"), "numerator"),
        Column(gettext_lazy("Denominator"), "denominator"),
        Column(gettext_lazy("Status"), "get_status_display"),
        Column(gettext_lazy("Source"), "source"),
        Column(gettext_lazy("As of"), "as_of"),
        Column(gettext_lazy("Outlier"), "is_outlier"),
        Column(gettext_lazy("Comment"), "comment"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        user = self.request.user
        data: dict[str, Any] = {
            "status": filters.get("status"),
            "outlier": filters.get("outlier"),
        }
        if code := filters.get("unit"):
            unit = unit_get(code=code)
            selectors.require_view(user=user, unit=unit)
            data["unit"] = unit
        if code := filters.get("period"):
            data["period"] = selectors.period_get(code=code)
        if code := filters.get("indicator"):
            data["indicator"] = selectors.indicator_get(user=user, code=code)
        return selectors.indicator_value_list(user=user, filters=data)


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
