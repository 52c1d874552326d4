"""Task pages: the list (status as of a date, filters, export), a task's page with its
six clarities, deadlines, timeline and actions, the create/edit form, and the per-unit
summary. Views call selectors and services only (CONVENTIONS §5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.core.export import Column
from tinhso.core.views import FilteredListView

from . import clarities, selectors, services, workflow
from .forms import (
    AttachmentForm,
    DelegateForm,
    ExtensionForm,
    InstancesForm,
    MilestonesVersionForm,
    ProgressForm,
    SummaryFilterForm,
    TaskFilterForm,
    TaskForm,
    TransitionForm,
    milestone_formset,
)
from .models import DeadlineKind, Task, TaskKind, WorkflowState
from .status import status_label


def _clarity_text(task: Task) -> str:
    return "; ".join(label for _code, label in clarities.labels_of(task.missing_clarities))


class TaskListView(FilteredListView):
    """All tasks the user may see; status computed on the "as of" date (default today)."""

    template_name = "tasks/task_list.html"
    filter_form_class = TaskFilterForm
    export_basename = "tasks"
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Number"), "code"),
        Column(gettext_lazy("Task"), "title"),
        Column(gettext_lazy("Plan"), "plan.document.number"),
        Column(gettext_lazy("Group"), lambda t: t.group.code if t.group_id else ""),
        Column(gettext_lazy("Lead unit"), "lead_unit.name"),
        Column(gettext_lazy("Deadline"), "deadline"),
        Column(gettext_lazy("Extended deadline"), "current_deadline"),
        Column(gettext_lazy("Started on"), "started_on"),
        Column(gettext_lazy("Completed on"), "completed_on"),
        Column(gettext_lazy("Progress (%)"), "progress_percent"),
        Column(gettext_lazy("Workflow state"), "get_workflow_state_display"),
        Column(gettext_lazy("Status code"), "status"),
        Column(pgettext_lazy("task", "Status"), lambda t: status_label(t.status)),
        Column(gettext_lazy("Missing clarities"), _clarity_text),
        Column(gettext_lazy("At risk of delay"), lambda t: _("yes") if t.at_risk else ""),
    ]

    def default_filters(self) -> dict[str, Any]:
        return {"as_of": timezone.localdate().strftime("%d/%m/%Y")}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        self.filters = filters
        return selectors.task_rows(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["as_of"] = getattr(self, "filters", {}).get("as_of") or timezone.localdate()
        context["can_create"] = bool(
            selectors.unit_choices(user=self.request.user, action="edit").exists()
        )
        return context


def _as_of(request: HttpRequest) -> dt.date:
    form = SummaryFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data.get("as_of"):
        return form.cleaned_data["as_of"]  # type: ignore[no-any-return]  # a date field
    return timezone.localdate()


def _detail_context(request: HttpRequest, task: Task, **forms: Any) -> dict[str, Any]:
    user = request.user
    as_of: dt.date = task.as_of  # type: ignore[attr-defined]  # set by selectors.decorate
    may_edit = can(user, Action.EDIT, task.lead_unit_id)
    open_ = task.workflow_state not in (WorkflowState.ACCEPTED, WorkflowState.CANCELLED)
    may_extend = open_ and (
        can(user, Action.APPROVE, task.approving_unit_id)
        or can(user, Action.APPROVE, task.lead_unit_id)
    )
    milestones = list(selectors.task_milestones(task=task))
    attachments = list(selectors.task_attachments(task=task))
    context: dict[str, Any] = {
        "task": task,
        "as_of": as_of,
        "clarities": [
            (code, label, code in clarities.decode(task.missing_clarities))
            for code, label in clarities.CLARITIES
        ],
        "timeline": selectors.task_timeline(task=task, attachments=attachments),
        "attachments": attachments,
        "milestones": milestones,
        "targets": list(task.targets.all()),
        "can_set_milestones": may_edit and open_ and task.deadline_kind == DeadlineKind.MILESTONES,
        "milestone_formset": forms.get("milestone_formset") or milestone_formset(milestones),
        "children": list(selectors.task_children(user=user, task=task, as_of=as_of)),
        "transitions": workflow.available(user, task),
        "can_edit": may_edit and open_,
        "can_progress": may_edit and task.workflow_state in services.PROGRESS_STATES,
        "can_extend": may_extend and task.deadline is not None,
        "progress_form": forms.get("progress_form") or ProgressForm(milestones=milestones),
        "transition_form": forms.get("transition_form")
        or TransitionForm(initial={"version": task.version}),
        "extension_form": forms.get("extension_form")
        or ExtensionForm(initial={"version": task.version}),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "can_delegate": open_
        and task.kind in (TaskKind.TASK, TaskKind.INSTANCE)
        and task.workflow_state in services.PROGRESS_STATES
        and can(user, Action.APPROVE, task.lead_unit_id),
        "can_generate": task.kind == TaskKind.RECURRING
        and task.workflow_state not in (WorkflowState.PROPOSED, WorkflowState.CANCELLED)
        and may_edit,
        "delegate_form": forms.get("delegate_form") or DelegateForm(lead=task.lead_unit),
        "instances_form": forms.get("instances_form") or InstancesForm(),
    }
    return context


class TaskDetailView(LoginRequiredMixin, TemplateView):
    """One task: six clarities, deadlines, status on a date, timeline, attachments, actions."""

    template_name = "tasks/task_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        task = selectors.task_get(
            user=self.request.user, pk=kwargs["pk"], as_of=_as_of(self.request)
        )
        context.update(_detail_context(self.request, task))
        return context


def _apply_errors(form: Form, exc: Exception) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, DomainError):
        form.add_error(None, exc.message)


def _done(request: HttpRequest, task_pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    url = reverse("tasks:detail", args=[task_pk])
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


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


FORM_FIELDS = (
    "plan",
    "group",
    "code",
    "title",
    "description",
    "source_clause",
    "lead_unit",
    "co_units",
    "responsible_title",
    "deadline_kind",
    "start_date",
    "deadline",
    "recurrence",
    "recurrence_until",
    "product_type",
    "expected_product",
    "acceptance_criterion",
    "assigning_authority",
    "approving_unit",
    "targets",
)
M2M_FORM_FIELDS = ("co_units", "targets")


class TaskFormView(LoginRequiredMixin, View):
    """Create a task (no pk) or edit one (EDIT on the lead unit); conflicts are shown."""

    template_name = "tasks/task_form.html"

    def _task(self, request: HttpRequest, pk: int | None) -> Task | None:
        if pk is None:
            return None
        return selectors.task_get(user=request.user, pk=pk, action=Action.EDIT)

    def _render(self, request: HttpRequest, task: Task | None, form: TaskForm) -> HttpResponse:
        template = self.template_name
        if getattr(request, "htmx", False):
            template = f"{template}#task-form"
        return render(request, template, {"task": task, "form": form})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        task = self._task(request, pk)
        initial: dict[str, Any] = {}
        if task is not None:
            initial = {
                name: getattr(task, name) for name in FORM_FIELDS if name not in M2M_FORM_FIELDS
            }
            initial["co_units"] = list(task.co_units.all())
            initial["targets"] = list(task.targets.all())
            initial["version"] = task.version
        form = TaskForm(initial=initial, user=request.user, task=task)
        return self._render(request, task, form)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        task = self._task(request, pk)
        form = TaskForm(request.POST, user=request.user, task=task)
        if not form.is_valid():
            return self._render(request, task, form)
        data = {name: form.cleaned_data.get(name) for name in FORM_FIELDS}
        data["co_units"] = list(data["co_units"] or [])
        data["targets"] = list(data["targets"] or [])
        try:
            if task is None:
                task = services.task_create(actor=request.user, data=data)
            else:
                services.task_update(
                    actor=request.user,
                    task=task,
                    data=data,
                    version=form.cleaned_data.get("version") or task.version,
                )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.message)
            return self._render(request, task, form)
        except (ValidationError, DomainError) as exc:
            _apply_errors(form, exc)
            return self._render(request, task, form)
        return _done(request, task.pk, _("The task was saved."))


class TaskSummaryView(LoginRequiredMixin, TemplateView):
    """Per lead unit: status counts on a date and six-clarity completeness."""

    template_name = "tasks/task_summary.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = SummaryFilterForm(self.request.GET or None)
        cleaned = form.cleaned_data if form.is_valid() else {}
        as_of = cleaned.get("as_of") or timezone.localdate()
        plan = cleaned.get("plan") or None
        context.update(
            form=form,
            as_of=as_of,
            totals=selectors.task_status_counts(user=self.request.user, as_of=as_of, plan=plan),
            rows=selectors.task_unit_summary(user=self.request.user, as_of=as_of, plan=plan),
            completeness=selectors.task_clarity_completeness(user=self.request.user),
            clarity_codes=clarities.CLARITIES,
        )
        return context
