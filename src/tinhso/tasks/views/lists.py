"""Task list and unit summary pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView

from tinhso.core.export import Column
from tinhso.core.views import FilteredListView
from tinhso.tasks import clarities, selectors
from tinhso.tasks.forms import (
    SummaryFilterForm,
    TaskFilterForm,
)
from tinhso.tasks.models import Task
from tinhso.tasks.status import status_label


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
