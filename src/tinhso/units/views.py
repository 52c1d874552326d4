"""Unit directory pages: the filtered list with the province tree, a unit's page, its edit form.

Reading is open to every signed-in user (unit names and codes are public information).
Editing needs Action.MANAGE on the unit (`accounts.access`); without it the edit page is a
404 and the unit page shows no edit button.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can, require, unit_ids_for
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import selectors, services
from .forms import AsOfForm, UnitContactForm, UnitFilterForm
from .models import Unit


def _user_province_codes(user: Any) -> list[str]:
    """The provinces of the user's own (current) units; none for the technical superuser."""
    if getattr(user, "is_superuser", False):
        return []
    return selectors.unit_province_codes_of(unit_ids=unit_ids_for(user, Action.VIEW))


class UnitDirectoryView(FilteredListView):
    """All units with filters and export; without a text search, also the province tree."""

    template_name = "units/unit_directory.html"
    filter_form_class = UnitFilterForm
    export_basename = "units"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Name"), "name"),
        Column(gettext_lazy("Type"), "division_type"),
        Column(pgettext_lazy("unit", "Level"), "level.name"),
        Column(gettext_lazy("Parent unit"), "parent.name"),
        Column(gettext_lazy("Province code"), "province_code"),
        Column(gettext_lazy("Valid from"), "valid_from"),
        Column(gettext_lazy("Valid until"), "valid_to"),
        Column(gettext_lazy("Address"), "address"),
        Column(gettext_lazy("Phone"), "phone"),
        Column(gettext_lazy("E-mail"), "email"),
        Column(gettext_lazy("Source"), "source"),
    ]

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.unit_list(filters=filters)

    def default_filters(self) -> dict[str, Any]:
        """An official opening the directory starts in their own province."""
        codes = _user_province_codes(self.request.user)
        return {"province": codes[0]} if len(codes) == 1 else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = kwargs["form"]
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        context["show_tree"] = not (filters.get("q") or "").strip()
        if context["show_tree"]:
            context.update(self._tree_context(filters))
        return context

    def _tree_context(self, filters: dict[str, Any]) -> dict[str, Any]:
        """The chosen province (or the user's own) expanded; the others as lazy branches."""
        as_of = filters.get("as_of")
        expanded = [filters["province"]] if filters.get("province") else []
        expanded = expanded or _user_province_codes(self.request.user)
        provinces = (
            selectors.units_on(day=as_of, level="province")
            if as_of
            else selectors.unit_province_list()
        )
        return {
            "as_of": as_of,
            "own_trees": [
                node
                for code in expanded
                for node in selectors.unit_tree(province_code=code, as_of=as_of)
            ],
            "other_provinces": [p for p in provinces if p.code not in expanded],
        }


class UnitTreeView(LoginRequiredMixin, TemplateView):
    """The subtree of one province, loaded by HTMX when its branch of the tree is opened."""

    template_name = "units/unit_tree.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = AsOfForm(self.request.GET or None)
        as_of = form.cleaned_data.get("as_of") if form.is_valid() else None
        roots = selectors.unit_tree(province_code=kwargs["province_code"], as_of=as_of)
        context["nodes"] = [child for root in roots for child in root.children]
        return context


class UnitDetailView(LoginRequiredMixin, TemplateView):
    """One unit: properties, breadcrumb, children, lineage, and an edit button if allowed."""

    template_name = "units/unit_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        unit = selectors.unit_get_by_pk(pk=kwargs["pk"])
        context.update(
            unit=unit,
            ancestors=selectors.unit_ancestors(unit=unit),
            children=selectors.unit_children(unit=unit),
            predecessor_links=selectors.unit_predecessor_links(unit=unit),
            successor_links=selectors.unit_successor_links(unit=unit),
            current_successors=selectors.unit_successors(unit=unit),
            can_edit=unit.is_current and can(self.request.user, Action.MANAGE, unit),
        )
        return context


class UnitEditView(LoginRequiredMixin, View):
    """Edit a unit's contact details (Action.MANAGE); HTMX re-renders the form on errors."""

    template_name = "units/unit_edit.html"

    def _unit(self, request: HttpRequest, pk: int) -> Unit:
        unit = selectors.unit_get_by_pk(pk=pk)
        # Forbidden looks like missing (CONVENTIONS §4); closed units have nothing to edit.
        require(request.user, Action.MANAGE, unit)
        if not unit.is_current:
            raise Http404("No such unit.")
        return unit

    def _render(
        self, request: HttpRequest, unit: Unit, form: UnitContactForm, *, conflict: bool = False
    ) -> HttpResponse:
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{self.template_name}#unit-form"
        context = {
            "unit": unit,
            "form": form,
            "conflict": conflict,
            "ancestors": selectors.unit_ancestors(unit=unit),
        }
        # 200 even with errors: htmx swaps only successful responses by default.
        return render(request, template, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = self._unit(request, pk)
        form = UnitContactForm(
            initial={
                "short_name": unit.short_name,
                "address": unit.address,
                "phone": unit.phone,
                "email": unit.email,
                "version": unit.version,
            }
        )
        return self._render(request, unit, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        unit = self._unit(request, pk)
        form = UnitContactForm(request.POST)
        if not form.is_valid():
            return self._render(request, unit, form)
        data = {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}
        try:
            services.unit_update(
                actor=request.user, unit=unit, data=data, version=form.cleaned_data["version"]
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.message)
            return self._render(request, selectors.unit_get_by_pk(pk=pk), form, conflict=True)
        except DomainError as exc:
            form.add_error(None, exc.message)
            return self._render(request, unit, form)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
            return self._render(request, unit, form)
        messages.success(request, _("The unit's contact details were saved."))
        url = reverse("units:detail", args=[unit.pk])
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
