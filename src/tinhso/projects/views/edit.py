"""The project create/edit form."""

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

from tinhso.accounts.access import Action
from tinhso.core.exceptions import DomainError
from tinhso.projects import selectors, services
from tinhso.projects.forms import (
    ProjectForm,
)
from tinhso.projects.models import Project

from .actions import _apply_errors

FORM_FIELDS = (
    "code",
    "name",
    "kind",
    "status",
    "unit",
    "description",
    "investor_name",
    "investor_type",
    "location_text",
    "area_ha",
    "latitude",
    "longitude",
    "decision_number",
    "planned_start",
    "planned_end",
    "total_investment",
    "source",
)
M2M_FORM_FIELDS = ("communes", "tasks", "targets")


class ProjectFormView(LoginRequiredMixin, View):
    """Create (no pk) or edit a project through `project_create` / `project_update`."""

    template_name = "projects/project_form.html"

    def _project(self, request: HttpRequest, pk: int | None) -> Project | None:
        if pk is None:
            return None
        return selectors.project_get(user=request.user, pk=pk, action=Action.EDIT)

    def _initial(self, project: Project) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(project, name) for name in FORM_FIELDS}
        data["unit"] = project.unit_id
        data["version"] = project.version
        for name in M2M_FORM_FIELDS:
            data[name] = [obj.pk for obj in getattr(project, name).all()]
        return data

    def _render(
        self, request: HttpRequest, form: ProjectForm, project: Project | None, status: int = 200
    ) -> HttpResponse:
        return render(
            request, self.template_name, {"form": form, "project": project}, status=status
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        project = self._project(request, pk)
        if project is None and not selectors.unit_choices(user=request.user).exists():
            raise Http404("No unit to create a project in.")
        initial = self._initial(project) if project else {}
        return self._render(request, ProjectForm(initial=initial, user=request.user), project)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        project = self._project(request, pk)
        form = ProjectForm(request.POST, user=request.user)
        if form.is_valid():
            data = {name: form.cleaned_data.get(name) for name in FORM_FIELDS}
            for name in M2M_FORM_FIELDS:
                data[name] = list(form.cleaned_data.get(name) or [])
            try:
                if project is None:
                    project = services.project_create(actor=request.user, data=data)
                    message = _("The project was created.")
                else:
                    project = services.project_update(
                        actor=request.user,
                        project=project,
                        data=data,
                        version=form.cleaned_data.get("version") or project.version,
                    )
                    message = _("The project was saved.")
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, message)
                return HttpResponseRedirect(reverse("projects:detail", args=[project.pk]))
        return self._render(request, form, project, status=422)
