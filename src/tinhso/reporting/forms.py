"""Forms of the reporting pages: list and timeliness filters, the narrative, workflow steps.

Rules (editable states, reasons, versions) live in `services`; forms only parse input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput
from tinhso.units import selectors as unit_selectors

from . import selectors
from .models import ReportState
from .workflow import ReportAction


def _schedule_choices(user: Any) -> list[tuple[str, str]]:
    return [("", gettext("All regimes"))] + [
        (s.code, s.name) for s in selectors.schedule_list(user=user)
    ]


class ReportFilterForm(forms.Form):
    """Filters of the report list and the reviewer inbox (all optional)."""

    state = forms.ChoiceField(label=_("State"), required=False)
    schedule = forms.ChoiceField(label=_("Reporting regime"), required=False)
    period = forms.CharField(
        label=pgettext_lazy("time", "Period"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"placeholder": "2025-Q3"}),
    )
    unit = forms.CharField(label=_("Unit code"), required=False, max_length=32)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)
        state.choices = [("", gettext("All states")), *ReportState.choices]
        schedule = self.fields["schedule"]
        assert isinstance(schedule, forms.ChoiceField)
        schedule.choices = _schedule_choices(user)


class InboxFilterForm(ReportFilterForm):
    """Filters of the reviewer inbox: every report there awaits review, so no state."""

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        del self.fields["state"]


class TimelinessFilterForm(forms.Form):
    """Filters of the timeliness table (all optional)."""

    round = forms.TypedChoiceField(label=_("Round"), required=False, coerce=int, empty_value=None)
    schedule = forms.ChoiceField(label=_("Reporting regime"), required=False)
    period = forms.CharField(
        label=pgettext_lazy("time", "Period"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"placeholder": "2025-Q3"}),
    )
    level = forms.ChoiceField(label=pgettext_lazy("unit", "Level"), required=False)
    status = forms.ChoiceField(label=_("Timeliness"), required=False)
    as_of = forms.DateField(
        label=_("As of date"), required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        round_field = self.fields["round"]
        assert isinstance(round_field, forms.ChoiceField)
        round_field.choices = [("", gettext("All rounds"))] + [
            (str(r.pk), r.title) for r in selectors.round_list(user=user)[:200]
        ]
        schedule = self.fields["schedule"]
        assert isinstance(schedule, forms.ChoiceField)
        schedule.choices = _schedule_choices(user)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)
        level.choices = [("", gettext("All levels"))] + [
            (lvl.code, lvl.name) for lvl in unit_selectors.unit_level_list()
        ]
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", gettext("All")), *selectors.timeliness_status_choices()]


class NarrativeForm(forms.Form):
    """The three narrative sections of a report and the version they were loaded at."""

    results = forms.CharField(
        label=_("Results achieved"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    difficulties = forms.CharField(
        label=_("Difficulties and recommendations"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    next_tasks = forms.CharField(
        label=_("Tasks for the next period"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(forms.Form):
    """One workflow step: the action, an optional (or required) note, the version read."""

    action = forms.ChoiceField(choices=ReportAction.choices)
    note = forms.CharField(required=False, max_length=5000)
    version = forms.IntegerField(min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class DueDateForm(forms.Form):
    """A per-unit deadline (the standing agency's override) and why."""

    due_on = forms.DateField(
        label=_("New deadline for this unit"), input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
