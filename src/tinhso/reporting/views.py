"""Reporting pages: report list, reviewer inbox, report page (narrative, values, workflow,
history), the timeliness table and the structured export.

Thin views: a form parses input, one selector or service does the work, errors become
messages, form errors or 404 (CONVENTIONS §4–5).
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.core.export import XLSX_CONTENT_TYPE, Column
from tinhso.core.views import FilteredListView

from . import selectors, services
from .exports import export_filename, report_export_xlsx
from .forms import (
    DueDateForm,
    InboxFilterForm,
    NarrativeForm,
    ReportFilterForm,
    TimelinessFilterForm,
    TransitionForm,
    VersionForm,
)
from .models import Report, ReportState
from .workflow import ReportAction, allowed_steps, edit_refusal

REPORT_COLUMNS: list[Column] = [
    Column(gettext_lazy("Unit code"), "obligation.unit.code"),
    Column(gettext_lazy("Reporting unit"), "obligation.unit.name"),
    Column(gettext_lazy("Round"), "obligation.round.title"),
    Column(pgettext_lazy("time", "Period"), "obligation.round.period.code"),
    Column(gettext_lazy("Due on"), "obligation.due_on"),
    Column(gettext_lazy("State"), "get_state_display"),
    Column(gettext_lazy("Revision"), "revision"),
    Column(gettext_lazy("Approved by the unit at"), "submitted_at"),
    Column(gettext_lazy("Accepted at"), "accepted_at"),
]


class ReportListView(FilteredListView):
    """Reports of my units (and those my agency reviews), with state and deadline."""

    template_name = "reporting/report_list.html"
    filter_form_class = ReportFilterForm
    export_basename = "reports"
    export_columns: ClassVar[list[Column]] = REPORT_COLUMNS
    inbox: ClassVar[bool] = False

    def get_filter_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.report_list(user=self.request.user, filters=filters)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["inbox"] = self.inbox
        return context


class ReportInboxView(ReportListView):
    """Reports approved by their unit, awaiting review by my standing agency."""

    filter_form_class = InboxFilterForm
    export_basename = "reports-inbox"
    inbox = True

    def get_rows(self, filters: dict[str, Any]) -> Any:
        return selectors.report_inbox(user=self.request.user, filters=filters)


class TimelinessView(FilteredListView):
    """Expected, received, on time, late, missing per unit and round, with totals."""

    template_name = "reporting/timeliness.html"
    filter_form_class = TimelinessFilterForm
    export_basename = "report-timeliness"
    paginate_by = 100
    export_columns: ClassVar[list[Column]] = [
        Column(gettext_lazy("Round"), "round_title"),
        Column(pgettext_lazy("time", "Period"), "period_code"),
        Column(gettext_lazy("Unit code"), "unit_code"),
        Column(gettext_lazy("Reporting unit"), "unit_name"),
        Column(pgettext_lazy("unit", "Level"), "unit_level"),
        Column(gettext_lazy("Due on"), "due_on"),
        Column(gettext_lazy("State"), "state_label"),
        Column(gettext_lazy("Approved by the unit on"), "submitted_on"),
        Column(gettext_lazy("Timeliness"), "status_label"),
    ]

    def get_filter_form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}

    def get_rows(self, filters: dict[str, Any]) -> Any:
        data = {k: v for k, v in filters.items() if k != "as_of"}
        self.result = selectors.timeliness(
            user=self.request.user, filters=data, as_of=filters.get("as_of")
        )
        return self.result.rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["result"] = self.result
        return context


def _page_context(request: HttpRequest, report: Report, **extra: Any) -> dict[str, Any]:
    user = request.user
    unit = report.obligation.unit
    can_edit = edit_refusal(report.state) is None and can(user, Action.EDIT, unit)
    context: dict[str, Any] = {
        "report": report,
        "obligation": report.obligation,
        "round": report.obligation.round,
        "period": report.obligation.round.period,
        "unit": unit,
        "can_edit": can_edit,
        "can_enter_values": can_edit,
        "steps": allowed_steps(user, report),
        "values": selectors.report_values(report=report),
        "events": selectors.report_events(report=report),
        "locked_message": edit_refusal(report.state),
        "form": NarrativeForm(
            initial={
                "results": report.results,
                "difficulties": report.difficulties,
                "next_tasks": report.next_tasks,
                "version": report.version,
            }
        ),
        "accepted": report.state == ReportState.ACCEPTED,
        "can_set_due": can(user, Action.MANAGE, report.obligation.round.schedule.reviewer_unit_id),
        "due_form": DueDateForm(initial={"due_on": report.obligation.due_on}),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def report_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The report page: header, narrative (editable when allowed), values, steps, history."""
    report = selectors.report_get(user=request.user, pk=pk)
    return render(request, "reporting/report_detail.html", _page_context(request, report))


@login_required
@require_POST
def report_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the narrative (HTMX: re-render the form partial, with a conflict notice)."""
    report = selectors.report_get(user=request.user, pk=pk)
    form = NarrativeForm(request.POST)
    saved = False
    conflict = False
    if form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.NARRATIVE_FIELDS}
        try:
            report = services.report_update(
                actor=request.user,
                report=report,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
            saved = True
        except ConcurrentEditError as exc:
            form.add_error(None, exc.message)
            conflict = True
        except DomainError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
    if saved:
        # A fresh form carries the new version, so the next save does not conflict.
        form = NarrativeForm(
            initial={
                "results": report.results,
                "difficulties": report.difficulties,
                "next_tasks": report.next_tasks,
                "version": report.version,
            }
        )
    if getattr(request, "htmx", False):
        report = selectors.report_get(user=request.user, pk=pk)
        context = _page_context(request, report, form=form, saved=saved, conflict=conflict)
        return render(request, "reporting/report_detail.html#narrative", context)
    if saved:
        messages.success(request, _("The report was saved."))
    else:
        messages.error(
            request, " ".join(str(e) for e in form.non_field_errors()) or _("Not saved.")
        )
    return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))


@login_required
@require_POST
def report_prefill_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Fill the empty narrative sections from the unit's task progress in the period."""
    report = selectors.report_get(user=request.user, pk=pk)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page is out of date; reload it."))
        return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))
    try:
        services.report_prefill_apply(
            actor=request.user, report=report, expected_version=form.cleaned_data["version"]
        )
        messages.success(request, _("Empty sections were filled from the task progress updates."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))


@login_required
@require_POST
def report_transition_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Fire one workflow step from the report page."""
    report = selectors.report_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The page is out of date; reload it."))
        return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))
    action = form.cleaned_data["action"]
    try:
        services.report_transition(
            actor=request.user,
            report=report,
            action=action,
            note=form.cleaned_data["note"],
            expected_version=form.cleaned_data["version"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Done: %(action)s.") % {"action": ReportAction(action).label},
        )
    return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))


@login_required
@require_GET
def report_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the accepted report (`?format=json` or `xlsx`) for the national system."""
    report = selectors.report_get(user=request.user, pk=pk)
    try:
        data = selectors.report_export_data(report=report)
    except DomainError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(report_export_xlsx(data), content_type=XLSX_CONTENT_TYPE)
        ext = "xlsx"
    else:
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
        )
        ext = "json"
    response["Content-Disposition"] = f'attachment; filename="{export_filename(data, ext)}"'
    return response


@login_required
@require_POST
def obligation_set_due_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the report's unit its own deadline (MANAGE on the reviewing agency)."""
    report = selectors.report_get(user=request.user, pk=pk)
    form = DueDateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))
    try:
        services.report_obligation_set_due(
            actor=request.user,
            obligation=report.obligation,
            due_on=form.cleaned_data["due_on"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The unit's deadline was changed."))
    return HttpResponseRedirect(reverse("reporting:detail", args=[pk]))
