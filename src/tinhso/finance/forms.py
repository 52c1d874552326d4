"""Forms of the finance pages: list and summary filters, the snapshot form.

Rules live in `services.py`; these forms only parse input (dates as dd/mm/yyyy, amounts as
whole đồng).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from .models import MAX_YEAR, MIN_YEAR, ExpenditureType, FundingSource
from .schemas import MAX_AMOUNT


def _date(label: Any, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        **kwargs,
    )


def _amount(label: Any, required: bool = False) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )


class RateOptionsForm(forms.Form):
    """The two explicit options of every rate (unchecked by default)."""

    include_supplementary = forms.BooleanField(
        label=_("Include supplementary capital"), required=False
    )
    include_carried_over = forms.BooleanField(
        label=_("Include capital carried over"), required=False
    )


class LineFilterForm(RateOptionsForm):
    """Filters of the budget line list (all optional; `as_of` defaults to today)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Line or decision")}),
    )
    year = forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    as_of = _date(_("Figures as of"))
    expenditure_type = forms.ChoiceField(
        label=_("Expenditure type"),
        required=False,
        choices=[("", _("All types")), *ExpenditureType.choices],
    )
    source = forms.ChoiceField(
        label=_("Funding source"),
        required=False,
        choices=[("", _("All sources")), *FundingSource.choices],
    )
    unit = forms.CharField(
        label=_("Managing unit code"),
        required=False,
        max_length=32,
        help_text=_("Includes the units under it."),
    )
    lagging = forms.BooleanField(label=_("Lagging lines only"), required=False)
    field_order = [
        "q",
        "year",
        "as_of",
        "expenditure_type",
        "source",
        "unit",
        "lagging",
        "include_supplementary",
        "include_carried_over",
    ]


class SummaryFilterForm(RateOptionsForm):
    """Filters of the disbursement summary page."""

    year = forms.IntegerField(
        label=_("Fiscal year"), required=False, min_value=MIN_YEAR, max_value=MAX_YEAR
    )
    as_of = _date(_("Figures as of"))
    unit = forms.CharField(
        label=_("Managing unit code"),
        required=False,
        max_length=32,
        help_text=_("Includes the units under it."),
    )
    field_order = ["year", "as_of", "unit", "include_supplementary", "include_carried_over"]


class SnapshotForm(forms.Form):
    """A line's figures as of a date (cumulative for the fiscal year, whole đồng)."""

    as_of = _date(_("As of"), required=True)
    allocated = _amount(_("Allocated (VND)"), required=True)
    supplementary = _amount(_("Supplementary (VND)"))
    carried_over = _amount(_("Carried over from previous years (VND)"))
    disbursed = _amount(_("Disbursed, cumulative (VND)"), required=True)
    returned = _amount(_("Returned or cancelled (VND)"))
    committed = _amount(_("Committed (VND)"))
    source = forms.CharField(label=_("Source"), required=False, max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
