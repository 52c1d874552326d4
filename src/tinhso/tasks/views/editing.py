"""Task create and edit form view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from tinhso.accounts.access import Action
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.tasks import selectors, services
from tinhso.tasks.forms import (
    TaskForm,
)
from tinhso.tasks.models import Task

from .detail import _apply_errors, _done

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
