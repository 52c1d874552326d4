"""An indicator's page (drill-down, series) and its create/edit form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.indicators import selectors, services
from tinhso.indicators.forms import INDICATOR_FORM_FIELDS, IndicatorForm
from tinhso.indicators.models import Indicator, Period
from tinhso.units.models import Unit
from tinhso.units.selectors import unit_get, unit_level_list


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
