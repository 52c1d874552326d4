"""Forms of the literacy pages: the overview and course filters, the import upload.

Rules live in the services and selectors; these forms only parse input (dates dd/mm/yyyy).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from . import selectors


def _date(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )


BASIS_CHOICES = [
    ("learners", _("unique learners")),
    ("completers", _("persons who completed a course")),
]


class ProgressFilterForm(forms.Form):
    """Filters of the overview: year of targets, as-of date, unit code, group, basis."""

    year = forms.IntegerField(label=_("Year"), required=False, min_value=2024, max_value=2035)
    as_of = _date(_("Counted up to"))
    unit = forms.CharField(
        label=_("Unit code"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 26173")}),
    )
    group = forms.ChoiceField(label=_("Target group"), required=False)
    basis = forms.ChoiceField(label=_("Coverage counts"), required=False, choices=BASIS_CHOICES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101  # declared above
        field.choices = [("", _("All groups"))] + [
            (g.code, str(g)) for g in selectors.target_group_list()
        ]


class CourseFilterForm(forms.Form):
    """Filters of the course list."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Course or code")}),
    )
    as_of = _date(_("Counted up to"))
    ai_only = forms.BooleanField(label=_("AI training only"), required=False)


class ImportForm(forms.Form):
    """A course export to import, and the course of rows that do not name one."""

    file = forms.FileField(
        label=_("Course export (.xlsx or .csv)"),
        help_text=_("Columns as the platform exports them; see the template."),
    )
    course = forms.ModelChoiceField(
        label=_("Course (when the file has no course column)"),
        required=False,
        queryset=selectors.course_choices(user=None),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = selectors.course_choices(user=user)  # type: ignore[attr-defined]  # ModelChoiceField


def default_year() -> int:
    return timezone.localdate().year
