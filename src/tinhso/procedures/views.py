"""Procedure pages: the catalogue (filters, CSV/XLSX export), a procedure's page, the edit
of its basic fields (version check) and the import page (JSON or Excel, all or nothing)."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import excel, selectors, services
from .forms import ImportForm, ProcedureFilterForm, ProcedureForm
from .models import Channel, Procedure

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _levels(p: Procedure) -> str:
    names = {
        "at_ministry": _("Ministry"),
        "at_province": _("Province"),
        "at_commune": _("Commune"),
        "at_other": _("Other agency"),
    }
    return ", ".join(str(names[c]) for c in p.level_codes)


class ProcedureListView(FilteredListView):
    """The catalogue: every procedure, filterable, exportable (all rows)."""

    template_name = "procedures/procedure_list.html"
    filter_form_class = ProcedureFilterForm
    export_basename = "procedures"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Key"), "key"),
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Sector"), "sector"),
        Column(gettext_lazy("Implementing level"), _levels),
        Column(gettext_lazy("Online-service level"), "get_online_level_display"),
        Column(gettext_lazy("Regardless of boundaries"), "boundary_free"),
        Column(gettext_lazy("Synthetic"), "is_synthetic"),
        Column(gettext_lazy("Status"), "get_status_display"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.procedure_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_import"] = selectors.procedure_may_manage(user=self.request.user)
        return context


class ProcedureDetailView(LoginRequiredMixin, TemplateView):
    """Cases and their component checklists, time limits per channel, fees, legal bases,
    sources; a null time limit says so and cites the source."""

    template_name = "procedures/procedure_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        procedure = selectors.procedure_get(user=self.request.user, ref=kwargs["ref"])
        context.update(
            procedure=procedure,
            levels=_levels(procedure),
            channels=[Channel(c).label for c in procedure.channels or []],
            may_manage=can(self.request.user, Action.MANAGE, procedure.owner_unit_id),
            time_limit_source=(procedure.sources or {}).get("time_limits", ""),
        )
        return context


def _apply_errors(form: ProcedureForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ProcedureEditView(LoginRequiredMixin, View):
    """Edit the basic fields; MANAGE on the owner unit, else 404; a stale version keeps
    what was typed and says someone else saved meanwhile."""

    template_name = "procedures/procedure_form.html"

    def _render(
        self, request: HttpRequest, procedure: Procedure, form: ProcedureForm
    ) -> HttpResponse:
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{self.template_name}#procedure-form"
        return render(request, template, {"procedure": procedure, "form": form})

    def get(self, request: HttpRequest, ref: str) -> HttpResponse:
        procedure = selectors.procedure_get_for_manage(user=request.user, ref=ref)
        form = ProcedureForm(instance=procedure, initial={"version": procedure.version})
        return self._render(request, procedure, form)

    def post(self, request: HttpRequest, ref: str) -> HttpResponse:
        procedure = selectors.procedure_get_for_manage(user=request.user, ref=ref)
        form = ProcedureForm(request.POST, instance=Procedure(owner_unit=procedure.owner_unit))
        if not form.is_valid():
            return self._render(request, procedure, form)
        try:
            services.procedure_update(
                actor=request.user,
                procedure=procedure,
                data=form.service_data(),
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self._render(request, procedure, form)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, procedure, form)
        messages.success(request, _("The procedure was saved."))
        url = reverse("procedures:detail", args=[procedure.ref])
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)


class ProcedureImportView(LoginRequiredMixin, View):
    """Upload a JSON or Excel file; all or nothing, with a report of every faulty row and
    column. Needs MANAGE on the default owner unit (404 otherwise)."""

    template_name = "procedures/procedure_import.html"

    def _owner(self, request: HttpRequest) -> Any:
        owner = selectors.default_owner_unit()
        if owner is None or not can(request.user, Action.MANAGE, owner):
            raise Http404("No such page.")
        return owner

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.GET.get("template") == "xlsx":
            self._owner(request)
            records = selectors.procedure_export_records(
                user=request.user, filters={"origin": "real"}
            )
            response = HttpResponse(
                excel.build_workbook(records), content_type=excel.XLSX_CONTENT_TYPE
            )
            response["Content-Disposition"] = 'attachment; filename="procedures.xlsx"'
            return response
        return render(
            request, self.template_name, {"form": ImportForm(), "owner": self._owner(request)}
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        owner = self._owner(request)
        form = ImportForm(request.POST, request.FILES)
        context: dict[str, Any] = {"form": form, "owner": owner}
        if not form.is_valid():
            return render(request, self.template_name, context, status=422)
        upload = form.cleaned_data["file"]
        name = (upload.name or "").lower()
        errors: list[tuple[str, str, str]] = []
        data: Any = None
        if upload.size and upload.size > MAX_UPLOAD_BYTES:
            errors.append(("", "", _("The file is larger than 20 MB.")))
        elif name.endswith(".xlsx"):
            data, sheet_errors, where = excel.read_workbook(upload)
            errors += sheet_errors
        elif name.endswith(".json"):
            try:
                data = json.loads(upload.read().decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                errors.append(("", "", _("The file is not valid UTF-8 JSON.")))
            where = None
        else:
            errors.append(("", "", _("Upload a .json or .xlsx file.")))
        if not errors:
            result = services.procedures_import(actor=request.user, data=data, owner_unit=owner)
            context["result"] = result
            if result.ok:
                messages.success(request, _("The catalogue was imported."))
                return render(request, self.template_name, context)
            errors = [
                excel.locate(key, where) + (msg,)
                for key, msgs in result.errors.items()
                for msg in msgs
            ]
        context["errors"] = errors
        return render(request, self.template_name, context, status=422)


@login_required
def procedure_export_json_view(request: HttpRequest) -> HttpResponse:
    """The filtered catalogue as JSON in the shape of data/procedures.json."""
    form = ProcedureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = selectors.procedure_export_records(user=request.user, filters=filters)
    response = HttpResponse(
        json.dumps(records, ensure_ascii=False, indent=1), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="procedures.json"'
    return response
