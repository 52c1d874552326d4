"""Programme pages that write plans: plan edits and groups from a catalogue."""

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

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.documents.selectors import document_get_by_number, document_owner_choices
from tinhso.programmes import selectors, services
from tinhso.programmes.forms import PlanForm
from tinhso.units.selectors import unit_get_by_pk

from .common import _errors, _redirect

PLAN_FORM_FIELDS = (
    "title",
    "period_start",
    "period_end",
    "status",
    "is_illustrative",
    "source_note",
)


class PlanEditView(LoginRequiredMixin, View):
    """Create (no pk) or edit a plan; the document must already be in the registry."""

    template_name = "programmes/plan_form.html"

    def _plan(self, request: HttpRequest, pk: int | None) -> Any:
        if pk is None:
            return None
        plan = selectors.plan_get(pk=pk)
        if not can(request.user, Action.EDIT, plan.unit_id):
            raise Http404("No such plan.")
        return plan

    def _form(
        self, request: HttpRequest, plan: Any, data: Any = None, initial: Any = None
    ) -> PlanForm:
        units = document_owner_choices(user=request.user)
        if plan is not None and plan.unit_id not in {pk for pk, _n in units}:
            units.insert(0, (plan.unit_id, plan.unit.name))
        if not units:
            raise Http404("No unit to own a plan.")
        return PlanForm(
            data,
            initial=initial,
            units=units,
            plans=selectors.plan_choices(exclude_pk=plan.pk if plan else None),
            catalogues=selectors.catalogue_choices(),
        )

    def _render(self, request: HttpRequest, plan: Any, form: PlanForm) -> HttpResponse:
        return render(request, self.template_name, {"plan": plan, "form": form})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        plan = self._plan(request, pk)
        initial: dict[str, Any] = {"status": "active"}
        if plan is not None:
            initial = {name: getattr(plan, name) for name in PLAN_FORM_FIELDS}
            initial.update(
                unit=plan.unit_id,
                document_number=plan.document.number,
                implements_number=plan.implements.number if plan.implements else "",
                parent=plan.parent_id,
                catalogue=plan.catalogue_id,
                version=plan.version,
            )
        return self._render(request, plan, self._form(request, plan, initial=initial))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        plan = self._plan(request, pk)
        form = self._form(request, plan, data=request.POST)
        if not form.is_valid():
            return self._render(request, plan, form)
        cleaned = form.cleaned_data
        links: dict[str, Any] = {}
        for field, number in (
            ("document_number", cleaned["document_number"]),
            ("implements_number", cleaned["implements_number"]),
        ):
            if not number.strip():
                links[field] = None
                continue
            try:
                links[field] = document_get_by_number(number=number)
            except Http404:
                form.add_error(field, _("No document has this number/symbol."))
        if form.errors:
            return self._render(request, plan, form)
        data = {name: cleaned[name] for name in PLAN_FORM_FIELDS if name != "title"}
        data.update(
            implements=links["implements_number"],
            parent=selectors.plan_get(pk=cleaned["parent"]) if cleaned["parent"] else None,
            catalogue=(
                selectors.catalogue_get(pk=cleaned["catalogue"]) if cleaned["catalogue"] else None
            ),
        )
        try:
            if plan is None:
                plan = services.plan_create(
                    actor=request.user,
                    unit=unit_get_by_pk(pk=cleaned["unit"]),
                    document=links["document_number"],
                    title=cleaned["title"],
                    data=data,
                )
            else:
                plan = services.plan_update(
                    actor=request.user,
                    plan=plan,
                    data={**data, "title": cleaned["title"]},
                    version=cleaned.get("version") or 0,
                )
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, plan, form)
        except ValidationError as exc:
            _errors(form, exc)
            return self._render(request, plan, form)
        messages.success(request, _("The plan was saved."))
        return _redirect(request, reverse("programmes:plan_detail", args=[plan.pk]))


class PlanGroupsFromCatalogueView(LoginRequiredMixin, View):
    """POST: create the plan's groups from its catalogue's items (edit right)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        plan = selectors.plan_get(pk=pk)
        if not can(request.user, Action.EDIT, plan.unit_id):
            raise Http404("No such plan.")
        try:
            created = services.plan_groups_from_catalogue(actor=request.user, plan=plan)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(n)s groups were created from the catalogue.") % {"n": len(created)},
            )
        return HttpResponseRedirect(reverse("programmes:plan_detail", args=[plan.pk]))
