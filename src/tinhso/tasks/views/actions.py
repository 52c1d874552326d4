"""Task action views: progress, transitions, extensions, evidence, delegation, milestones."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from tinhso.core.exceptions import DomainError
from tinhso.tasks import selectors, services
from tinhso.tasks.forms import (
    AttachmentForm,
    DelegateForm,
    ExtensionForm,
    InstancesForm,
    MilestonesVersionForm,
    ProgressForm,
    TransitionForm,
    milestone_formset,
)
from tinhso.tasks.models import Task

from .detail import _apply_errors, _detail_context, _done


class _TaskActionView(LoginRequiredMixin, View):
    """POST-only action on a task: parse a form, call one service, show the task again."""

    form_class: ClassVar[type[Form]]
    form_name: ClassVar[str]
    partial: ClassVar[str]
    success: ClassVar[Any]

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        raise NotImplementedError

    def make_form(self, request: HttpRequest, task: Task) -> Form:
        return self.form_class(request.POST, request.FILES)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = selectors.task_get(user=request.user, pk=pk)
        form = self.make_form(request, task)
        if form.is_valid():
            try:
                self.call(request, task, form.cleaned_data | {"_form": form})
            except (ValidationError, DomainError) as exc:
                _apply_errors(form, exc)
            else:
                return _done(request, pk, str(self.success))
        task = selectors.task_get(user=request.user, pk=pk)
        template = "tasks/task_detail.html"
        if getattr(request, "htmx", False):
            template = f"{template}#{self.partial}"
        context = _detail_context(request, task, **{self.form_name: form})
        context["open_form"] = self.form_name
        return render(request, template, context, status=200 if request.htmx else 422)  # type: ignore[attr-defined]  # django-htmx


class TaskProgressView(_TaskActionView):
    form_class = ProgressForm
    form_name = "progress_form"
    partial = "progress-form"
    success = gettext_lazy("The progress update was recorded.")

    def make_form(self, request: HttpRequest, task: Task) -> Form:
        milestones = selectors.task_milestones(task=task)
        return ProgressForm(request.POST, request.FILES, milestones=milestones)

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        services.task_progress_add(
            actor=request.user,
            task=task,
            reported_on=data.get("reported_on"),
            percent=data.get("percent"),
            milestone=data.get("milestone"),
            narrative=data["narrative"],
            difficulties=data.get("difficulties") or "",
            recommendations=data.get("recommendations") or "",
            attachments=data["_form"].attachments(),
        )


class TaskTransitionView(_TaskActionView):
    form_class = TransitionForm
    form_name = "transition_form"
    partial = "transition-form"
    success = gettext_lazy("The task's workflow state was changed.")

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        services.task_transition(
            actor=request.user,
            task=task,
            action=data["action"],
            note=data.get("note") or "",
            expected_version=data.get("version"),
            on_date=data.get("on_date"),
        )


class TaskExtensionView(_TaskActionView):
    form_class = ExtensionForm
    form_name = "extension_form"
    partial = "extension-form"
    success = gettext_lazy("The extension was recorded; the original deadline is kept.")

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        services.task_extend(
            actor=request.user,
            task=task,
            new_deadline=data["new_deadline"],
            decision_number=data["decision_number"],
            decision_date=data["decision_date"],
            reason=data["reason"],
            expected_version=data.get("version"),
        )


class TaskAttachmentView(_TaskActionView):
    form_class = AttachmentForm
    form_name = "attachment_form"
    partial = "attachment-form"
    success = gettext_lazy("The attachment was added.")

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        services.task_attachment_add(
            actor=request.user,
            task=task,
            kind=data["kind"],
            title=data["title"],
            file=data.get("file"),
            url=data.get("url") or "",
        )


class TaskDelegateView(_TaskActionView):
    form_class = DelegateForm
    form_name = "delegate_form"
    partial = "delegate-form"
    success = gettext_lazy("The sub-task was delegated.")

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        services.task_delegate(
            actor=request.user,
            task=task,
            unit=data["unit"],
            title=data.get("title") or "",
            deadline=data.get("deadline"),
        )


class TaskInstancesView(_TaskActionView):
    form_class = InstancesForm
    form_name = "instances_form"
    partial = "instances-form"
    success = gettext_lazy("The period instances were generated.")

    def call(self, request: HttpRequest, task: Task, data: dict[str, Any]) -> None:
        services.task_generate_instances(
            actor=request.user, task=task, offset_days=data.get("offset_days")
        )


class TaskMilestonesView(LoginRequiredMixin, View):
    """Set the milestones of a milestone-based task (rows: title + due date; add a row,
    remove a row) through `services.task_milestones_set` (version check, audit).

    HTMX: the form swaps itself (errors, an added row); success redirects to the task.
    """

    partial = "milestones-form"

    def _render(
        self, request: HttpRequest, task: Task, formset: Any, errors: Any = ()
    ) -> HttpResponse:
        task = selectors.task_get(user=request.user, pk=task.pk)
        template = "tasks/task_detail.html"
        if getattr(request, "htmx", False):
            template = f"{template}#{self.partial}"
        context = _detail_context(request, task, milestone_formset=formset)
        context["open_form"] = "milestone_formset"
        context["milestone_errors"] = list(errors)
        status = 200 if getattr(request, "htmx", False) or not errors else 422
        return render(request, template, context, status=status)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        task = selectors.task_get(user=request.user, pk=pk)
        formset = milestone_formset(data=request.POST, add_row="add_row" in request.POST)
        if "add_row" in request.POST:
            return self._render(request, task, formset)
        version_form = MilestonesVersionForm(request.POST)
        version = version_form.cleaned_data.get("version") if version_form.is_valid() else None
        if not formset.is_valid():
            return self._render(request, task, formset, [_("Correct the rows marked below.")])
        rows = [
            {
                "id": form.cleaned_data.get("id"),
                "title": form.cleaned_data.get("title"),
                "due_on": form.cleaned_data.get("due_on"),
            }
            for form in formset.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (form.cleaned_data.get("id") or form.has_changed())
        ]
        try:
            services.task_milestones_set(
                actor=request.user, task=task, milestones=rows, version=version
            )
        except ValidationError as exc:
            errors = exc.message_dict.get("milestones") if hasattr(exc, "error_dict") else None
            return self._render(request, task, formset, errors or exc.messages)
        except DomainError as exc:
            return self._render(request, task, formset, [exc.message])
        return _done(request, pk, _("The milestones were saved."))
