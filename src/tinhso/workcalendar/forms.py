"""Forms of the calendar pages: a calendar day, the deadline calculator, the list filter."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.core.forms import (
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    DateInput,
    DateTimeInput,
)

from .deadlines import TZ
from .models import OfficialCalendarDay

UNIT_CHOICES = [
    ("working_days", _("working days")),
    ("calendar_days", _("calendar days")),
    ("working_hours", _("working hours")),
    ("months", _("months")),
]
POLICY_CHOICES = [
    ("day_count", _("Count days (Civil Code, due at 17:00)")),
    ("hour_count", _("Count working hours from receipt")),
]


class CalendarDayForm(forms.Form):
    """Add or edit one official day; the service decides whether that is allowed."""

    date = forms.DateField(label=_("Date"), input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=OfficialCalendarDay.Kind.choices)
    applies_to = forms.ChoiceField(
        label=_("Applies to"),
        choices=OfficialCalendarDay.AppliesTo.choices,
        initial=OfficialCalendarDay.AppliesTo.CIVIL_SERVICE,
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)
    legal_ref = forms.CharField(label=_("Legal reference"), max_length=300, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class DueForm(forms.Form):
    """The deadline calculator: a receipt moment (local time) and a time limit."""

    start = forms.DateTimeField(
        label=_("Received at"),
        input_formats=DATETIME_INPUT_FORMATS,
        widget=DateTimeInput(),
    )
    amount = forms.IntegerField(label=_("Time limit"), min_value=1, max_value=8000)
    unit = forms.ChoiceField(label=pgettext_lazy("time", "Unit"), choices=UNIT_CHOICES)
    policy = forms.ChoiceField(label=_("Counting"), choices=POLICY_CHOICES)

    def clean_start(self) -> dt.datetime:
        """The receipt moment as local Asia/Ho_Chi_Minh time (the form sends no offset)."""
        value: dt.datetime = self.cleaned_data["start"]
        return value.replace(tzinfo=TZ)


class CalendarDayFilterForm(forms.Form):
    """Filters of the calendar list page."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=1900, max_value=2300)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *OfficialCalendarDay.Kind.choices],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *OfficialCalendarDay.Status.choices],
    )
    applies_to = forms.ChoiceField(
        label=_("Applies to"),
        required=False,
        choices=[("", _("Everyone")), *OfficialCalendarDay.AppliesTo.choices],
    )
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search"})
    )
