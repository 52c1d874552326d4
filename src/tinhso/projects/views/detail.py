"""A project's page (header, progress, milestones, history, blockers, photos, links)
and the photo file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.projects import selectors
from tinhso.projects.forms import (
    AsOfForm,
    BlockerForm,
    MilestoneForm,
    PhotoForm,
    ProgressForm,
    ResolveForm,
)
from tinhso.projects.models import Project


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
