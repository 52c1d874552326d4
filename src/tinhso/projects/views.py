"""Project pages: the list (figures on a date, filters, export), open blockers across
projects, a project's page (header, progress bars, milestones, history, blockers, photos,
links) with its action forms, the create/edit form, and the photo file. Views call
selectors and services only (CONVENTIONS §5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import selectors, services
from .forms import (
    AsOfForm,
    BlockerFilterForm,
    BlockerForm,
    MilestoneForm,
    PhotoForm,
    ProgressForm,
    ProjectFilterForm,
    ProjectForm,
    ResolveForm,
)
from .models import Project


def _yes(value: Any) -> str:
    return _("yes") if value else ""


class ProjectListView(FilteredListView):
    """All projects the user may see, with progress, the planned line and open blockers on
    the "as of" date (default today)."""

    template_name = "projects/project_list.html"
    filter_form_class = ProjectFilterForm
    export_basename = "projects"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "code"),
        Column(gettext_lazy("Project name"), "name"),
        Column(gettext_lazy("Kind"), "get_kind_display"),
        Column(gettext_lazy("Managing unit"), "unit.name"),
        Column(gettext_lazy("Investor"), "investor_name"),
        Column(gettext_lazy("Location"), "location_text"),
        Column(gettext_lazy("Decision number/symbol"), "decision_number"),
        Column(gettext_lazy("Planned start"), "planned_start"),
        Column(gettext_lazy("Planned completion"), "planned_end"),
        Column(gettext_lazy("Total investment (VND)"), "total_investment"),
        Column(pgettext_lazy("project", "Status"), "get_status_display"),
        Column(gettext_lazy("Physical progress (%)"), "physical_on"),
        Column(gettext_lazy("Planned progress (%)"), "expected_on"),
        Column(gettext_lazy("Financial progress (%)"), "financial_on"),
        Column(gettext_lazy("Lagging behind plan"), lambda p: _yes(p.lagging)),
        Column(gettext_lazy("Open blockers"), "open_blockers"),
        Column(gettext_lazy("Source"), "source"),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"as_of": timezone.localdate().strftime("%d/%m/%Y")}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        self.filters = filters
        return selectors.project_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["as_of"] = getattr(self, "filters", {}).get("as_of") or timezone.localdate()
        context["can_create"] = selectors.unit_choices(user=self.request.user).exists()
        return context


class BlockerListView(FilteredListView):
    """Blockers open on a date across every project the user may see."""

    template_name = "projects/blocker_list.html"
    filter_form_class = BlockerFilterForm
    export_basename = "project-blockers"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Code"), "project.code"),
        Column(gettext_lazy("Project name"), "project.name"),
        Column(gettext_lazy("Managing unit"), "project.unit.name"),
        Column(gettext_lazy("Difficulty or obstacle"), "description"),
        Column(gettext_lazy("Raised on"), "raised_on"),
        Column(gettext_lazy("Unit in charge"), lambda b: b.owner_unit.name if b.owner_unit else ""),
        Column(gettext_lazy("Needs a decision from"), "decision_from"),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"as_of": timezone.localdate().strftime("%d/%m/%Y")}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        self.filters = filters
        return selectors.blocker_open_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["as_of"] = getattr(self, "filters", {}).get("as_of") or timezone.localdate()
        return context


def _as_of(request: HttpRequest) -> dt.date:
    form = AsOfForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("as_of"):
        return form.cleaned_data["as_of"]  # type: ignore[no-any-return]  # a date field
    return timezone.localdate()


def _detail_context(request: HttpRequest, project: Project, **forms: Any) -> dict[str, Any]:
    as_of: dt.date = project.as_of  # type: ignore[attr-defined]  # set by selectors.decorate
    may_edit = can(request.user, Action.EDIT, project.unit_id)
    blockers = selectors.project_blockers(project=project, as_of=as_of)
    return {
        "project": project,
        "as_of": as_of,
        "can_edit": may_edit,
        "milestones": selectors.project_milestones(project=project, as_of=as_of),
        "progress_rows": list(selectors.project_progress_list(project=project)),
        "blockers": blockers,
        "open_blocker_count": len([b for b in blockers if getattr(b, "is_open", False)]),
        "photos": list(selectors.project_photos(project=project)),
        "communes": list(project.communes.all()),
        "tasks": list(project.tasks.all()),
        "targets": list(project.targets.all()),
        "progress_form": forms.get("progress_form")
        or ProgressForm(initial={"version": project.version, "as_of": timezone.localdate()}),
        "milestone_form": forms.get("milestone_form")
        or MilestoneForm(initial={"version": project.version}),
        "blocker_form": forms.get("blocker_form") or BlockerForm(),
        "photo_form": forms.get("photo_form") or PhotoForm(),
        "resolve_form": ResolveForm(),
        "open_form": forms.get("open_form", ""),
    }


class ProjectDetailView(LoginRequiredMixin, TemplateView):
    """One project: header, progress bars, milestones timeline, history, blockers, photos,
    linked tasks and targets; the action forms for editors."""

    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = selectors.project_get(
            user=self.request.user, pk=kwargs["pk"], as_of=_as_of(self.request)
        )
        context.update(_detail_context(self.request, project))
        return context


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


class PhotoFileView(LoginRequiredMixin, View):
    """The photo file itself, for users who may see the project (no public media URL)."""

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        photo = selectors.project_photo_get(user=request.user, pk=pk)
        try:
            handle = photo.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("Missing file.") from exc
        response = FileResponse(handle, content_type=photo.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, max-age=3600"
        return response


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
