"""Forms of the task pages: list filter, task create/edit, progress, workflow, extension.

Rules live in `services.py`; these forms only parse input (dates as dd/mm/yyyy).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from . import clarities, selectors
from .models import AttachmentKind, DeadlineKind, ProductType, Recurrence, TaskKind
from .status import TaskStatus


def _date(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        **kwargs,
    )


class GroupChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # untyped in stubs
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.plan.document.number} · {obj.code} {obj.title}"


class TaskFilterForm(forms.Form):
    """Filters of the task list (all optional; `as_of` defaults to today)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Task or number")}),
    )
    as_of = _date(_("Status as of"))
    status = forms.ChoiceField(
        label=pgettext_lazy("task", "Status"),
        required=False,
        choices=[("", _("All statuses")), *TaskStatus.choices],
    )
    plan = forms.CharField(
        label=_("Plan"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 469-KH/TU")}),
    )
    unit = forms.CharField(
        label=_("Lead unit code"),
        required=False,
        max_length=32,
        help_text=_("Includes the units under it."),
    )
    group = GroupChoiceField(label=_("Group"), required=False, queryset=selectors.group_choices())
    deadline_from = _date(_("Deadline from"))
    deadline_to = _date(_("Deadline to"))
    missing = forms.ChoiceField(
        label=_("Missing clarity"),
        required=False,
        choices=[("", "—"), ("any", _("any clarity")), *clarities.CLARITIES],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *TaskKind.choices]
    )
    at_risk = forms.BooleanField(label=_("At risk of delay only"), required=False)


class TargetChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]  # untyped
    def label_from_instance(self, obj: Any) -> str:
        text = obj.text if len(obj.text) <= 90 else f"{obj.text[:89]}…"
        return f"{obj.target_set.plan.document.number} · {obj.code}. {text}"


class TaskForm(forms.Form):
    """Create or edit a task: the six clarities."""

    plan = forms.ModelChoiceField(label=_("Plan"), queryset=selectors.plan_choices())
    group = forms.ModelChoiceField(
        label=_("Group"), required=False, queryset=selectors.group_choices()
    )
    code = forms.CharField(label=_("Number"), required=False, max_length=40)
    title = forms.CharField(label=_("Task"), max_length=500)
    description = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea)
    source_clause = forms.CharField(label=_("Clause"), required=False, max_length=100)
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=selectors.unit_choices())
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-ordinating units"), required=False, queryset=selectors.unit_choices()
    )
    responsible_title = forms.CharField(
        label=_("Responsible leader (position)"), required=False, max_length=200
    )
    deadline_kind = forms.ChoiceField(label=_("Deadline type"), choices=DeadlineKind.choices)
    start_date = _date(_("Start"))
    deadline = _date(_("Deadline"))
    recurrence = forms.ChoiceField(
        label=_("Recurrence"), required=False, choices=[("", "—"), *Recurrence.choices]
    )
    recurrence_until = _date(_("Recurs until"))
    product_type = forms.ChoiceField(
        label=_("Product type"), required=False, choices=[("", "—"), *ProductType.choices]
    )
    expected_product = forms.CharField(
        label=_("Expected product"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    acceptance_criterion = forms.CharField(
        label=_("Acceptance criterion"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    assigning_authority = forms.CharField(label=_("Assigned by"), required=False, max_length=200)
    approving_unit = forms.ModelChoiceField(
        label=_("Approving authority"), required=False, queryset=selectors.unit_choices()
    )
    targets = TargetChoiceField(
        label=_("Targets served"),
        required=False,
        queryset=selectors.target_choices(),
        help_text=_("Targets of the plan's current target set."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, task: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead_unit"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = selectors.unit_choices(user=user, action="edit")
        targets = self.fields["targets"]
        assert isinstance(targets, forms.ModelMultipleChoiceField)
        targets.queryset = selectors.target_choices(task=task)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plan = data.get("plan")
        chosen = data.get("targets") or []
        if plan is not None and any(t.target_set.plan_id != plan.pk for t in chosen):
            self.add_error("targets", _("Choose targets of the task's plan."))
        return data


class ProgressForm(forms.Form):
    """A progress update with an optional attachment (file or link); on a task with
    milestones it may name the milestone reached (choices from the loaded milestones)."""

    reported_on = _date(_("As of"))
    percent = forms.IntegerField(
        label=_("Progress (%)"), required=False, min_value=0, max_value=100
    )
    milestone = forms.TypedChoiceField(
        label=_("Milestone reached"), required=False, coerce=int, empty_value=None
    )
    narrative = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}))
    difficulties = forms.CharField(
        label=_("Difficulties and obstacles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment_kind = forms.ChoiceField(
        label=_("Attachment type"), choices=AttachmentKind.choices, required=False
    )
    attachment_title = forms.CharField(label=_("Attachment title"), required=False, max_length=300)
    attachment_file = forms.FileField(label=_("File"), required=False)
    attachment_url = forms.URLField(
        label=_("Link"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, milestones: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = list(milestones)
        if not items:
            del self.fields["milestone"]
            return
        field = self.fields["milestone"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *((m.pk, _milestone_label(m)) for m in items)]

    def attachments(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not (data.get("attachment_file") or data.get("attachment_url")):
            return []
        upload = data.get("attachment_file")
        return [
            {
                "kind": data.get("attachment_kind") or AttachmentKind.ATTACHMENT,
                "title": data.get("attachment_title") or getattr(upload, "name", "") or "",
                "file": upload,
                "url": data.get("attachment_url") or "",
            }
        ]


def _milestone_label(milestone: Any) -> str:
    label = f"{milestone.due_on:%d/%m/%Y} — {milestone.title}"
    if milestone.done_on is not None:
        reached = _("reached %(day)s") % {"day": f"{milestone.done_on:%d/%m/%Y}"}
        label = f"{label} ({reached})"
    return label


class MilestoneRowForm(forms.Form):
    """One row of the milestones form: keeps (id), adds (no id) or removes (DELETE) one."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(label=_("Milestone"), max_length=300, required=False)
    due_on = _date(_("Due on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_changed() and not data.get("DELETE"):
            if not (data.get("title") or "").strip():
                self.add_error("title", _("Enter a title."))
            if not data.get("due_on") and "due_on" not in self.errors:
                self.add_error("due_on", _("Enter a due date."))
        return data


MilestoneFormSet = forms.formset_factory(
    MilestoneRowForm, extra=0, can_delete=True, max_num=50, validate_max=True
)


def milestone_formset(
    milestones: Any = (), *, data: Any = None, add_row: bool = False, version: int | None = None
) -> Any:
    """The milestones formset: bound to `data`, or filled from `milestones` with one blank
    row (two when none); `add_row` re-renders posted rows plus a blank one."""
    if data is not None:
        if add_row:
            data = data.copy()
            key = "milestones-TOTAL_FORMS"
            data[key] = str(int(data.get(key) or 0) + 1)
        return MilestoneFormSet(data, prefix="milestones")
    initial = [{"id": m.pk, "title": m.title, "due_on": m.due_on} for m in milestones]
    formset = MilestoneFormSet(initial=initial, prefix="milestones")
    formset.extra = 1 if initial else 2
    return formset


class MilestonesVersionForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TransitionForm(forms.Form):
    action = forms.CharField(max_length=20, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note, reason or decision reference"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    on_date = _date(_("Date"))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ExtensionForm(forms.Form):
    new_deadline = _date(_("New deadline"), required=True)
    decision_number = forms.CharField(label=_("Decision number/symbol"), max_length=80)
    decision_date = _date(_("Decision date"), required=True)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=AttachmentKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class SummaryFilterForm(forms.Form):
    as_of = _date(_("Status as of"))
    plan = forms.CharField(label=_("Plan"), required=False, max_length=80)


class DelegateForm(forms.Form):
    """Delegate part of a task to a unit below its lead unit."""

    unit = forms.ModelChoiceField(
        label=pgettext_lazy("organisation", "Unit"), queryset=selectors.unit_choices()
    )
    title = forms.CharField(label=_("Sub-task"), required=False, max_length=500)
    deadline = _date(_("Deadline"))

    def __init__(self, *args: Any, lead: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if lead is not None:
            field = self.fields["unit"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = selectors.unit_choices_below(unit=lead)


class InstancesForm(forms.Form):
    offset_days = forms.IntegerField(
        label=_("Days after the period end"), required=False, min_value=0, max_value=366
    )
