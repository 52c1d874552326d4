"""Finance pages: the budget line list (filters, export), a line with its snapshots and the
snapshot form, and the disbursement summary ("Giải ngân"). Views call selectors and
services only (CONVENTIONS §5).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.core.export import EXPORT_FORMATS, Column
from tinhso.core.views import FilteredListView

from . import rates, selectors, services
from .forms import LineFilterForm, SnapshotForm, SummaryFilterForm
from .models import BudgetLine


def _options(filters: dict[str, Any]) -> rates.Options:
    return rates.Options(
        include_carried_over=bool(filters.get("include_carried_over")),
        include_supplementary=bool(filters.get("include_supplementary")),
    )


def _figure(name: str) -> Any:
    def get(line: Any) -> Any:
        info = line.rate_info
        return getattr(info.figures, name) if info.figures is not None else None

    return get


class BudgetLineListView(FilteredListView):
    """Budget lines the user may see, with their latest figures, rate and lag on a date."""

    template_name = "finance/line_list.html"
    filter_form_class = LineFilterForm
    export_basename = "budget-lines"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Fiscal year"), "fiscal_year"),
        Column(gettext_lazy("Line number"), "code"),
        Column(gettext_lazy("Budget line"), "title"),
        Column(gettext_lazy("Funding source"), "get_source_display"),
        Column(gettext_lazy("Expenditure type"), "get_expenditure_type_display"),
        Column(gettext_lazy("Managing unit"), "unit.name"),
        Column(gettext_lazy("Allocation decision"), "decision_number"),
        Column(gettext_lazy("Figures as of"), _figure("as_of")),
        Column(gettext_lazy("Allocated (VND)"), _figure("allocated")),
        Column(gettext_lazy("Supplementary (VND)"), _figure("supplementary")),
        Column(gettext_lazy("Carried over (VND)"), _figure("carried_over")),
        Column(gettext_lazy("Returned (VND)"), _figure("returned")),
        Column(gettext_lazy("Disbursed (VND)"), _figure("disbursed")),
        Column(gettext_lazy("Base (VND)"), lambda line: line.rate_info.base),
        Column(gettext_lazy("Disbursement rate (%)"), lambda line: line.rate_info.rate_display),
        Column(gettext_lazy("Lagging"), lambda line: _("yes") if line.rate_info.lagging else ""),
        Column(gettext_lazy("S&T, innovation and DT"), "is_st_dt"),
        Column(gettext_lazy("Illustrative"), "is_illustrative"),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"as_of": timezone.localdate().strftime("%d/%m/%Y")}

    def _decorate(self, line: BudgetLine) -> BudgetLine:
        line.rate_info = selectors.line_rate(  # type: ignore[attr-defined]  # display only
            line, as_of=self.as_of, options=self.rate_options, tolerance_points=self.tolerance
        )
        return line

    def get_rows(self, filters: dict[str, Any]) -> Any:
        self.as_of: dt.date = filters.get("as_of") or timezone.localdate()
        self.rate_options = _options(filters)
        self.tolerance = selectors.lag_tolerance()
        rows = selectors.budget_line_rows(
            user=self.request.user, filters={**filters, "as_of": self.as_of}
        )
        if self.request.GET.get("export") in EXPORT_FORMATS:
            return self._decorated(rows)
        return rows

    def _decorated(self, rows: Any) -> Iterator[BudgetLine]:
        for line in rows.iterator(chunk_size=2000):
            yield self._decorate(line)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["rows"] = [self._decorate(line) for line in context["rows"]]
        context["as_of"] = self.as_of
        context["options"] = self.rate_options
        context["basis"] = selectors.basis_text(self.rate_options)
        context["tolerance"] = self.tolerance
        return context


class BudgetLineDetailView(LoginRequiredMixin, TemplateView):
    """One budget line: links, latest figures and rate, snapshot history, snapshot form."""

    template_name = "finance/line_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(_detail_context(self.request, kwargs["pk"]))
        return context


def _detail_context(request: HttpRequest, pk: int, form: Form | None = None) -> dict[str, Any]:
    params = SummaryFilterForm(request.GET or None)
    cleaned = params.cleaned_data if params.is_valid() else {}
    as_of: dt.date = cleaned.get("as_of") or timezone.localdate()
    options = _options(cleaned)
    line = selectors.budget_line_detail(user=request.user, pk=pk, as_of=as_of)
    return {
        "line": line,
        "as_of": as_of,
        "rate_info": selectors.line_rate(line, as_of=as_of, options=options),
        "basis": selectors.basis_text(options),
        "snapshots": list(selectors.budget_snapshot_list(line=line)),
        "can_edit": can(request.user, Action.EDIT, line.unit_id),
        "form": form or SnapshotForm(initial={"as_of": timezone.localdate()}),
    }


class BudgetSnapshotCreateView(LoginRequiredMixin, View):
    """POST: record a line's figures as of a date; errors are shown on the form."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        line = selectors.budget_line_get(user=request.user, pk=pk, action=Action.EDIT)
        form = SnapshotForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.budget_snapshot_record(
                    actor=request.user,
                    line=line,
                    as_of=data["as_of"],
                    amounts={name: data.get(name) for name in services.AMOUNT_FIELDS},
                    committed=data.get("committed"),
                    source=data.get("source") or "",
                    note=data.get("note") or "",
                )
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The figures were recorded."))
                url = reverse("finance:line-detail", args=[pk])
                if getattr(request, "htmx", False):
                    response = HttpResponse(status=204)
                    response["HX-Redirect"] = url
                    return response
                return HttpResponseRedirect(url)
        template = "finance/line_detail.html"
        htmx = bool(getattr(request, "htmx", False))
        if htmx:
            template = f"{template}#snapshot-form"
        context = _detail_context(request, pk, form)
        return render(request, template, context, status=200 if htmx else 422)


def _apply_errors(form: Form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, DomainError):
        form.add_error(None, exc.message)


class DisbursementSummaryView(LoginRequiredMixin, TemplateView):
    """Disbursement rates by type and unit on a date, the lag flag and the S&T share."""

    template_name = "finance/summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SummaryFilterForm(self.request.GET or None)
        cleaned = form.cleaned_data if form.is_valid() else {}
        today = timezone.localdate()
        year = cleaned.get("year")
        if not year:
            # The latest fiscal year with lines up to the date asked (or today): a leader
            # opening the page in January sees last year's figures, not an empty year.
            limit = (cleaned.get("as_of") or today).year
            years = [y for y in selectors.year_choices(user=self.request.user) if y <= limit]
            year = years[0] if years else limit
        as_of = cleaned.get("as_of") or min(today, dt.date(year, 12, 31))
        options = _options(cleaned)
        result = selectors.disbursement_summary(
            user=self.request.user,
            year=year,
            as_of=as_of,
            include_carried_over=options.include_carried_over,
            include_supplementary=options.include_supplementary,
            unit=cleaned.get("unit") or None,
        )
        context.update(
            form=form,
            year=year,
            as_of=as_of,
            options=options,
            basis=selectors.basis_text(options),
            share_basis=selectors.share_basis_text(),
            result=result,
            summary=result.rates,
            recurrent=result.rates.by_type[rates.RECURRENT],
            investment=result.rates.by_type[rates.INVESTMENT],
            share=result.share,
        )
        return context
