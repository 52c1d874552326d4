"""Forms of the indicator pages: list filters, the catalogue form, one entry-grid row.

The entry rules (ranges, numerator ≤ denominator, outliers) live in
`services.indicator_value_save`; the row form only parses input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from .models import Aggregation, Frequency, Indicator, IndicatorKind, ValueStatus


def _with_all(choices: Any, label: str) -> list[tuple[str, str]]:
    return [("", label), *[(str(k), str(v)) for k, v in choices]]


class IndicatorFilterForm(forms.Form):
    """Filters of the catalogue list."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code or name")}),
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    frequency = forms.ChoiceField(label=_("Frequency"), required=False)
    aggregation = forms.ChoiceField(label=_("Aggregation rule"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _with_all(IndicatorKind.choices, gettext("All"))  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["frequency"].choices = _with_all(Frequency.choices, gettext("All"))  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["aggregation"].choices = _with_all(Aggregation.choices, gettext("All"))  # type: ignore[attr-defined]  # a ChoiceField


class ValueFilterForm(forms.Form):
    """Filters of the values list; units, periods and indicators by code."""

    unit = forms.CharField(
        label=pgettext_lazy("organisation", "Unit code"), required=False, max_length=32
    )
    period = forms.CharField(
        label=pgettext_lazy("time", "Period"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"placeholder": "2025-M09"}),
    )
    indicator = forms.CharField(label=_("Indicator code"), required=False, max_length=40)
    status = forms.ChoiceField(label=_("Status"), required=False)
    outlier = forms.BooleanField(label=_("Outliers only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _with_all(ValueStatus.choices, gettext("All"))  # type: ignore[attr-defined]  # a ChoiceField


class EntryChoiceForm(forms.Form):
    """Which unit and period the entry grid shows."""

    unit = forms.CharField(
        label=pgettext_lazy("organisation", "Unit code"), max_length=32, required=False
    )
    period = forms.CharField(
        label=pgettext_lazy("time", "Period"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "2025-M09"}),
    )


class EntryRowForm(forms.Form):
    """One row posted by the grid (figures stay text: the service parses and checks them)."""

    unit = forms.CharField(max_length=32)
    period = forms.CharField(max_length=24)
    indicator = forms.CharField(max_length=40)
    breakdown = forms.CharField(max_length=81, required=False)
    value = forms.CharField(max_length=40, required=False)
    numerator = forms.CharField(max_length=40, required=False)
    denominator = forms.CharField(max_length=40, required=False)
    source = forms.CharField(max_length=300, required=False)
    as_of = forms.DateField(input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    comment = forms.CharField(max_length=2000, required=False)
    version = forms.IntegerField(min_value=0, required=False)


INDICATOR_FORM_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "description",
    "unit_of_measure",
    "aggregation",
    "numerator_label",
    "denominator_label",
    "scale",
    "frequency",
    "direction",
    "kind",
    "data_source",
    "min_value",
    "max_value",
    "max_change_pct",
    "decimals",
    "is_active",
)
"""Scalar fields of the catalogue form, built from the model (labels, lengths, choices)."""


class UnitChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # generic over Unit
    """A unit shown by its name."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class IndicatorForm(forms.Form):
    """Create or edit a catalogue entry. Parses input only: the rules (unique code, positive
    ratio scale, minimum ≤ maximum…) are checked by `services.indicator_create/update`, whose
    field errors are put back on this form. `version` guards against overwriting an edit.

    `units` are the owners the user may choose (units they may manage), `levels` and
    `dimensions` the catalogue's reference lists (querysets from selectors).
    """

    def __init__(self, *args: Any, units: Any, levels: Any, dimensions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_fields = forms.fields_for_model(
            Indicator,
            fields=list(INDICATOR_FORM_FIELDS),
            widgets={"description": forms.Textarea(attrs={"rows": 3})},
        )
        self.fields.update(model_fields)
        self.fields["entry_level"] = forms.ModelChoiceField(
            label=_("Entered at level"),
            queryset=levels,
            help_text=Indicator._meta.get_field("entry_level").help_text,
        )
        self.fields["dimensions"] = forms.ModelMultipleChoiceField(
            label=_("Breakdowns"),
            queryset=dimensions,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["owner_unit"] = UnitChoiceField(label=_("Owner unit"), queryset=units)
        self.fields["version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=1
        )
        order = [*INDICATOR_FORM_FIELDS[:11], "entry_level", "dimensions", "owner_unit"]
        self.order_fields([*order, *INDICATOR_FORM_FIELDS[11:], "version"])

    def service_data(self) -> dict[str, Any]:
        """The cleaned fields as `services.indicator_create/update` take them."""
        names = [*INDICATOR_FORM_FIELDS, "entry_level", "dimensions"]
        data = {name: self.cleaned_data[name] for name in names}
        data["dimensions"] = list(data["dimensions"])
        return data
