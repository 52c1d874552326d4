"""Counter reception: the form, the procedure search and the re-usable results (HTMX)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    QueryDict,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from tinhso.core.exceptions import DomainError
from tinhso.dossiers import clock, selectors, services, ui_selectors
from tinhso.dossiers.forms import ReceptionForm, ReceptionUnitForm
from tinhso.dossiers.services.common import applicant_key
from tinhso.procedures.models import Channel, Procedure, ProcedureCase
from tinhso.units.models import Unit

from .common import (
    _apply_errors,
)


def _pick_unit(units: list[Unit], value: Any) -> Unit:
    for unit in units:
        if str(unit.pk) == str(value):
            return unit
    return units[0]


def _case_of(procedure: Procedure, value: Any) -> ProcedureCase | None:
    cases = list(procedure.cases.all())
    for case in cases:
        if str(case.pk) == str(value):
            return case
    return next((c for c in cases if c.is_default), cases[0] if cases else None)


def _reusable(request: HttpRequest, id_number: Any) -> list[dict[str, Any]]:
    digits = str(id_number or "").strip()
    if len(digits) < 9:
        return []
    return selectors.reusable_results(user=request.user, applicant_key=applicant_key(digits))


def _reception_form(
    request: HttpRequest, unit: Unit, procedure: Procedure, data: QueryDict, *, bound: bool
) -> ReceptionForm:
    case = _case_of(procedure, data.get("case"))
    resolving = None
    if procedure.boundary_free:
        resolving = selectors.resolving_units_for(
            procedure=procedure, province_code=unit.province_code
        )
    kwargs: dict[str, Any] = {
        "procedure": procedure,
        "case": case,
        "resolving_units": resolving,
        "needs_limit": clock.limit_for(procedure, Channel.IN_PERSON) is None,
        "reusable": _reusable(request, data.get("applicant_id_number")),
    }
    if bound:
        return ReceptionForm(data, request.FILES, **kwargs)
    initial: dict[str, Any] = {"resolving_unit": unit.pk, **data.dict()}
    initial.update(unit=unit.pk, procedure=procedure.pk, case=case.pk if case else None)
    return ReceptionForm(initial=initial, **kwargs)


class ReceptionView(LoginRequiredMixin, View):
    """Counter reception: the unit, a procedure (HTMX search), the case's checklist with
    each component's source, the applicant, the units; `services.dossier_receive`."""

    template_name = "dossiers/reception.html"

    def _context(self, request: HttpRequest, data: QueryDict) -> dict[str, Any]:
        units = list(ui_selectors.edit_units(user=request.user))
        if not units:
            raise Http404("No unit where this user may receive dossiers.")
        unit = _pick_unit(units, data.get("unit"))
        context: dict[str, Any] = {
            "unit": unit,
            "unit_form": ReceptionUnitForm(
                initial={"unit": unit.pk}, units=ui_selectors.edit_units(user=request.user)
            ),
            "many_units": len(units) > 1,
            "procedure": None,
            "q": data.get("q", ""),
        }
        if data.get("procedure"):
            context["procedure"] = ui_selectors.receivable_procedure_get(
                unit=unit, pk=data.get("procedure")
            )
        else:
            context["procedures"] = selectors.receivable_procedures(
                unit=unit, q=str(data.get("q", "")), limit=30
            )
        return context

    def get(self, request: HttpRequest) -> HttpResponse:
        context = self._context(request, request.GET)
        procedure = context["procedure"]
        if procedure is not None:
            context["form"] = _reception_form(
                request, context["unit"], procedure, request.GET, bound=False
            )
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        unit = ui_selectors.edit_unit_get(user=request.user, pk=request.POST.get("unit"))
        procedure = ui_selectors.receivable_procedure_get(
            unit=unit, pk=request.POST.get("procedure")
        )
        form = _reception_form(request, unit, procedure, request.POST, bound=True)
        if form.is_valid():
            data = form.cleaned_data
            resolving = data.get("resolving_unit") or unit
            try:
                dossier = services.dossier_receive(
                    actor=request.user,
                    receiving_unit=unit,
                    procedure=procedure,
                    applicant=services.applicant_from(data),
                    channel=data["channel"],
                    resolving_unit=resolving,
                    return_unit=resolving if data["return_place"] == "resolving" else unit,
                    return_method=data["return_method"],
                    case=data["case"],
                    components=form.component_inputs(),
                    summary=data.get("summary") or "",
                    limit_amount=data.get("limit_amount"),
                    limit_unit=data.get("limit_unit"),
                )
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The dossier %(code)s was received.") % {"code": dossier.code},
                )
                url = reverse("dossiers:detail", args=[dossier.code])
                return HttpResponseRedirect(f"{url}?received=1")
        context = self._context(request, request.POST)
        context["form"] = form
        return render(request, self.template_name, context, status=422)


class ReceptionProcedureSearchView(LoginRequiredMixin, View):
    """HTMX: the procedures the chosen counter may receive matching `q`."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = ui_selectors.edit_unit_get(user=request.user, pk=request.GET.get("unit"))
        q = request.GET.get("q", "")
        context = {
            "unit": unit,
            "q": q,
            "procedures": selectors.receivable_procedures(unit=unit, q=q, limit=30),
        }
        return render(request, "dossiers/reception.html#procedure-results", context)


class ReceptionReusableView(LoginRequiredMixin, View):
    """HTMX: earlier results of the applicant (by the typed identity number) and, out of
    band, each component's "re-use" choice; the chosen scans stay in place."""

    def get(self, request: HttpRequest) -> HttpResponse:
        unit = ui_selectors.edit_unit_get(user=request.user, pk=request.GET.get("unit"))
        procedure = ui_selectors.receivable_procedure_get(
            unit=unit, pk=request.GET.get("procedure")
        )
        form = _reception_form(request, unit, procedure, request.GET, bound=False)
        return render(request, "dossiers/reception.html#reusable", {"form": form, "oob": True})
