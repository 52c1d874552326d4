"""Forms of plans and targets: list filters, the as-of picker, assessment and revision.

Rules shared with the API live in `services.py`; these forms only parse input.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput
from tinhso.indicators.models import Direction

from .models import Achievement, MeasurementStatus, PlanStatus


class PlanFilterForm(forms.Form):
    """Filters of the plan list."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("e.g. 469-KH/TU")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("All")), *PlanStatus.choices]


class AsOfForm(forms.Form):
    """The date the statuses are computed on (and, for comparisons, another version)."""

    as_of = forms.DateField(
        label=_("As of date"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    target_set = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    compare = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)


class AssessmentForm(forms.Form):
    """A dated measurement of a target: value and/or achievement, with its source."""

    as_of = forms.DateField(label=_("As of"), input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    value = forms.DecimalField(
        label=_("Measured value"), required=False, max_digits=20, decimal_places=4
    )
    measurement = forms.ChoiceField(label=_("Measurement"), choices=MeasurementStatus.choices)
    achievement = forms.ChoiceField(
        label=_("Achievement (only to override the computed one)"), required=False
    )
    source = forms.CharField(label=_("Source"), required=False, max_length=300)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["achievement"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("Computed from the value")), *Achievement.choices]


class ReviseForm(forms.Form):
    """Start a new version of a target set."""

    label = forms.CharField(label=_("Label of the new version"), max_length=200)
    valid_from = forms.DateField(
        label=_("Valid from"), input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    document_number = forms.CharField(
        label=_("Revising document (number/symbol)"), required=False, max_length=80
    )


class TargetForm(forms.Form):
    """Create or edit a target with its milestones ("2025: 50; 2026: 60")."""

    key = forms.SlugField(
        label=_("Stable key"),
        max_length=60,
        help_text=_("Stays the same in every version of the target set, e.g. 5g-coverage."),
    )
    code = forms.CharField(label=_("Number"), max_length=20)
    text = forms.CharField(label=_("Target"), widget=forms.Textarea(attrs={"rows": 3}))
    group = forms.TypedChoiceField(
        label=_("Plan group"), required=False, coerce=int, empty_value=None
    )
    indicator_code = forms.CharField(
        label=_("Indicator (code)"),
        required=False,
        max_length=40,
        help_text=_("Measured from the province rollup of this indicator, if given."),
    )
    unit_of_measure = forms.CharField(label=_("Unit of measure"), required=False, max_length=40)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    baseline_value = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=20, decimal_places=4
    )
    baseline_year = forms.IntegerField(
        label=_("Baseline year"), required=False, min_value=1990, max_value=2100
    )
    target_value = forms.DecimalField(
        label=_("Target value"), required=False, max_digits=20, decimal_places=4
    )
    target_year = forms.IntegerField(label=_("Target year"), min_value=1990, max_value=2100)
    value_text = forms.CharField(label=_("Target as published"), required=False, max_length=200)
    milestones = forms.CharField(
        label=_("Yearly milestones"),
        required=False,
        help_text=_("Year: value, separated by semicolons, e.g. 2025: 50; 2026: 60."),
    )
    vision_text = forms.CharField(label=_("2045 vision"), required=False, max_length=300)
    source_note = forms.CharField(label=_("Source and confidence"), required=False, max_length=500)
    is_illustrative = forms.BooleanField(label=_("Illustrative (minh họa)"), required=False)
    sort_order = forms.IntegerField(label=_("Order"), initial=100, min_value=0, max_value=32000)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, groups: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", "—"), *groups]

    def clean_milestones(self) -> dict[int, Decimal]:
        raw = (self.cleaned_data.get("milestones") or "").strip()
        result: dict[int, Decimal] = {}
        for part in filter(None, (p.strip() for p in raw.split(";"))):
            year, sep, value = part.partition(":")
            try:
                if not sep:
                    raise ValueError(part)
                result[int(year.strip())] = Decimal(value.strip().replace(",", "."))
            except (ValueError, InvalidOperation) as exc:
                raise forms.ValidationError(
                    gettext("Write each milestone as year: value, e.g. 2025: 50.")
                ) from exc
        return result


class PlanForm(forms.Form):
    """Create or edit a plan: the issuing document, what it implements, its unit and groups."""

    unit = forms.TypedChoiceField(label=_("Owner unit"), coerce=int)
    document_number = forms.CharField(
        label=_("Plan document (number/symbol)"),
        max_length=80,
        help_text=_("Register the document in the registry first, e.g. 469-KH/TU."),
    )
    title = forms.CharField(label=_("Title"), max_length=400)
    implements_number = forms.CharField(
        label=_("Implements (number/symbol)"), required=False, max_length=80
    )
    parent = forms.TypedChoiceField(
        label=_("Parent plan"), required=False, coerce=int, empty_value=None
    )
    catalogue = forms.TypedChoiceField(
        label=_("Group catalogue"), required=False, coerce=int, empty_value=None
    )
    period_start = forms.DateField(
        label=_("From"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    period_end = forms.DateField(
        label=_("To"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    status = forms.ChoiceField(label=_("Status"), choices=PlanStatus.choices)
    is_illustrative = forms.BooleanField(label=_("Illustrative (minh họa)"), required=False)
    source_note = forms.CharField(label=_("Source and confidence"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(
        self,
        *args: Any,
        units: list[tuple[int, str]],
        plans: list[tuple[int, str]],
        catalogues: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, choices in (("unit", units), ("parent", plans), ("catalogue", catalogues)):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            empty: list[tuple[Any, str]] = [] if name == "unit" else [("", "—")]
            field.choices = [*empty, *choices]
