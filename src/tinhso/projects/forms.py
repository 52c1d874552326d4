"""Forms of the project pages: list filters, project create/edit, progress, milestone,
blocker, blocker resolution and photo. Rules live in `services.py`; forms only parse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput
from tinhso.programmes.models import Target
from tinhso.tasks.models import Task
from tinhso.units.models import Unit

from . import selectors
from .models import InvestorType, MilestoneKind, ProjectKind, ProjectStatus


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )


def _coordinate(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=False, max_digits=9, decimal_places=6)


class ProjectFilterForm(forms.Form):
    """Filters of the project list (all optional; `as_of` defaults to today)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Project or code")}),
    )
    as_of = _date(_("Figures as of"))
    status = forms.ChoiceField(
        label=pgettext_lazy("project", "Status"),
        required=False,
        choices=[("", _("All statuses")), *ProjectStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *ProjectKind.choices]
    )
    unit = forms.CharField(
        label=_("Managing unit code"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 75.SKHCN")}),
    )
    has_open_blockers = forms.BooleanField(label=_("With open blockers"), required=False)
    lagging = forms.BooleanField(label=_("Lagging behind plan"), required=False)


class BlockerFilterForm(forms.Form):
    """Filters of the open-blockers list."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    as_of = _date(_("Open on"))
    unit = forms.CharField(label=_("Managing unit code"), required=False, max_length=32)


class AsOfForm(forms.Form):
    as_of = _date(_("Figures as of"))


class ProjectForm(forms.Form):
    """Create or edit a project (the service checks the rules)."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Project name"), max_length=400)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    status = forms.ChoiceField(
        label=pgettext_lazy("project", "Status"), choices=ProjectStatus.choices
    )
    unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Managing unit"), queryset=None
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    investor_name = forms.CharField(label=_("Investor"), required=False, max_length=300)
    investor_type = forms.ChoiceField(label=_("Investor type"), choices=InvestorType.choices)
    location_text = forms.CharField(label=_("Location"), required=False, max_length=400)
    communes: forms.ModelMultipleChoiceField[Unit] = forms.ModelMultipleChoiceField(
        label=_("Communes and wards"),
        queryset=None,
        required=False,
    )
    area_ha = forms.DecimalField(
        label=_("Area (ha)"), required=False, max_digits=10, decimal_places=2
    )
    latitude = _coordinate(_("Latitude"))
    longitude = _coordinate(_("Longitude"))
    decision_number = forms.CharField(
        label=_("Decision number/symbol"), required=False, max_length=80
    )
    planned_start = _date(_("Planned start"))
    planned_end = _date(_("Planned completion"))
    total_investment = forms.IntegerField(
        label=_("Total investment (VND)"), required=False, min_value=0
    )
    tasks: forms.ModelMultipleChoiceField[Task] = forms.ModelMultipleChoiceField(
        label=_("Linked tasks"), queryset=None, required=False
    )
    targets: forms.ModelMultipleChoiceField[Target] = forms.ModelMultipleChoiceField(
        label=_("Targets served"), queryset=None, required=False
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=500)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_choices(user=user)  # type: ignore[attr-defined]
        self.fields["communes"].queryset = selectors.commune_choices()  # type: ignore[attr-defined]
        self.fields["tasks"].queryset = selectors.task_choices(user=user)  # type: ignore[attr-defined]
        self.fields["targets"].queryset = selectors.target_choices()  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    as_of = _date(_("As of"), required=True)
    physical_percent = forms.IntegerField(
        label=_("Physical progress (%)"), min_value=0, max_value=100
    )
    financial_percent = forms.IntegerField(
        label=_("Financial progress (%)"), min_value=0, max_value=100, required=False
    )
    disbursed_amount = forms.IntegerField(label=_("Disbursed (VND)"), min_value=0, required=False)
    narrative = forms.CharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 3}))
    blockers = forms.CharField(
        label=_("Difficulties and obstacles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MilestoneForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Milestone"), choices=MilestoneKind.choices)
    title = forms.CharField(label=_("Description"), required=False, max_length=300)
    planned_on = _date(_("Planned date"))
    actual_on = _date(_("Actual date"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class BlockerForm(forms.Form):
    description = forms.CharField(
        label=_("Difficulty or obstacle"), widget=forms.Textarea(attrs={"rows": 2})
    )
    raised_on = _date(_("Raised on"))
    owner_unit: forms.ModelChoiceField[Unit] = forms.ModelChoiceField(
        label=_("Unit in charge"), queryset=None, required=False
    )
    decision_from = forms.CharField(
        label=_("Needs a decision from"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = selectors.owner_unit_choices()  # type: ignore[attr-defined]


class ResolveForm(forms.Form):
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    resolved_on = _date(_("Resolved on"))
    resolution = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 2})
    )


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo (JPEG, PNG or WebP, at most 10 MB)"))
    caption = forms.CharField(label=_("Caption"), max_length=300)
    taken_on = _date(_("Taken on"))
    latitude = _coordinate(_("Latitude"))
    longitude = _coordinate(_("Longitude"))
