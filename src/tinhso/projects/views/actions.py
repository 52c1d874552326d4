"""POST-only action forms on a project's page: progress, milestones, blockers, photos."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views import View

from tinhso.core.exceptions import DomainError
from tinhso.projects import selectors, services
from tinhso.projects.forms import (
    BlockerForm,
    MilestoneForm,
    PhotoForm,
    ProgressForm,
    ResolveForm,
)
from tinhso.projects.models import Project

from .detail import _detail_context


def _apply_errors(form: Form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, DomainError):
        form.add_error(None, exc.message)


def _done(request: HttpRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    url = reverse("projects:detail", args=[pk])
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class _ProjectActionView(LoginRequiredMixin, View):
    """POST-only action on a project: parse a form, call one service, show the project."""

    form_class: ClassVar[type[Form]]
    form_name: ClassVar[str]
    partial: ClassVar[str]
    success: ClassVar[Any]

    def call(self, request: HttpRequest, project: Project, data: dict[str, Any], **kw: Any) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int, **kw: Any) -> HttpResponse:
        project = selectors.project_get(user=request.user, pk=pk)
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                self.call(request, project, form.cleaned_data, **kw)
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                return _done(request, pk, str(self.success))
        project = selectors.project_get(user=request.user, pk=pk)
        htmx = bool(getattr(request, "htmx", False))
        template = "projects/project_detail.html"
        if htmx:
            template = f"{template}#{self.partial}"
        context = _detail_context(request, project, **{self.form_name: form})
        context["open_form"] = self.form_name
        return render(request, template, context, status=200 if htmx else 422)


class ProgressCreateView(_ProjectActionView):
    form_class = ProgressForm
    form_name = "progress_form"
    partial = "progress-form"
    success = gettext_lazy("The progress update was recorded.")

    def call(self, request: HttpRequest, project: Project, data: dict[str, Any], **kw: Any) -> None:
        services.project_progress_create(
            actor=request.user,
            project=project,
            as_of=data["as_of"],
            physical_percent=data["physical_percent"],
            financial_percent=data.get("financial_percent"),
            disbursed_amount=data.get("disbursed_amount"),
            narrative=data["narrative"],
            blockers=data.get("blockers") or "",
            recommendations=data.get("recommendations") or "",
            version=data.get("version"),
        )


class MilestoneSetView(_ProjectActionView):
    form_class = MilestoneForm
    form_name = "milestone_form"
    partial = "milestone-form"
    success = gettext_lazy("The milestone dates were saved.")

    def call(self, request: HttpRequest, project: Project, data: dict[str, Any], **kw: Any) -> None:
        item = {
            "kind": data["kind"],
            "planned_on": data.get("planned_on"),
            "actual_on": data.get("actual_on"),
        }
        if data.get("title"):
            item["title"] = data["title"]
        if data.get("note"):
            item["note"] = data["note"]
        services.project_milestones_update(
            actor=request.user, project=project, milestones=[item], version=data.get("version")
        )


class BlockerCreateView(_ProjectActionView):
    form_class = BlockerForm
    form_name = "blocker_form"
    partial = "blocker-form"
    success = gettext_lazy("The blocker was recorded.")

    def call(self, request: HttpRequest, project: Project, data: dict[str, Any], **kw: Any) -> None:
        services.project_blocker_create(
            actor=request.user,
            project=project,
            description=data["description"],
            raised_on=data.get("raised_on"),
            owner_unit=data.get("owner_unit"),
            decision_from=data.get("decision_from") or "",
        )


class BlockerResolveView(_ProjectActionView):
    form_class = ResolveForm
    form_name = "resolve_form"
    partial = "blockers"
    success = gettext_lazy("The blocker was marked resolved.")

    def call(self, request: HttpRequest, project: Project, data: dict[str, Any], **kw: Any) -> None:
        blocker = selectors.blocker_get(
            user=request.user, project_pk=project.pk, pk=kw["blocker_pk"]
        )
        services.project_blocker_resolve(
            actor=request.user,
            blocker=blocker,
            resolved_on=data.get("resolved_on"),
            resolution=data["resolution"],
            version=data.get("version"),
        )


class PhotoAddView(_ProjectActionView):
    form_class = PhotoForm
    form_name = "photo_form"
    partial = "photo-form"
    success = gettext_lazy("The photo was added.")

    def call(self, request: HttpRequest, project: Project, data: dict[str, Any], **kw: Any) -> None:
        services.project_photo_add(
            actor=request.user,
            project=project,
            file=data["file"],
            caption=data["caption"],
            taken_on=data.get("taken_on"),
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
        )
