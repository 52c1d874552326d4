"""Forms of the indicator pages: list filters and the parsing of one entry-grid row.

The entry rules (ranges, numerator ≤ denominator, outliers) live in
`services.indicator_value_save`; the row form only parses input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from .models import Aggregation, Frequency, IndicatorKind, ValueStatus


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
