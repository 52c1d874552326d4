"""Task detail page and helpers shared by the task action views."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError
from tinhso.tasks import clarities, selectors, services, workflow
from tinhso.tasks.forms import (
    AttachmentForm,
    DelegateForm,
    ExtensionForm,
    InstancesForm,
    ProgressForm,
    SummaryFilterForm,
    TransitionForm,
    milestone_formset,
)
from tinhso.tasks.models import DeadlineKind, Task, TaskKind, WorkflowState


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
