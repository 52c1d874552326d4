"""Forms of the unit directory: the list filter and the contact-details edit form.

Validation rules shared with the API (which fields are editable, phone format) live in
`services.unit_update`; these forms only parse input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from . import selectors


class UnitFilterForm(forms.Form):
    """Filters of the unit directory (all optional)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name or code, e.g. bien hoa")}
        ),
    )
    province = forms.ChoiceField(label=_("Province"), required=False)
    level = forms.ChoiceField(label=pgettext_lazy("unit", "Level"), required=False)
    as_of = forms.DateField(
        label=_("As of date"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("Show the units as they were on this date."),
    )
    include_closed = forms.BooleanField(label=_("Include closed units"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province_choices: list[tuple[str, str]] = [("", gettext("All provinces"))]
        seen: set[str] = set()
        for unit in selectors.unit_province_list(include_closed=True):
            if unit.code in seen:
                continue
            seen.add(unit.code)
            label = f"{unit.code} · {unit.name}"
            if not unit.is_current:
                label = gettext("%(name)s (closed)") % {"name": label}
            province_choices.append((unit.code, label))
        province_field = self.fields["province"]
        assert isinstance(province_field, forms.ChoiceField)
        province_field.choices = province_choices
        level_field = self.fields["level"]
        assert isinstance(level_field, forms.ChoiceField)
        level_field.choices = [("", gettext("All levels"))] + [
            (lvl.code, lvl.name) for lvl in selectors.unit_level_list()
        ]


class AsOfForm(forms.Form):
    """Just the era of a tree branch loaded by HTMX (`?as_of=YYYY-MM-DD`)."""

    as_of = forms.DateField(required=False, input_formats=DATE_INPUT_FORMATS)


class UnitContactForm(forms.Form):
    """The contact details an administrator may edit, and the version they started from."""

    short_name = forms.CharField(label=_("Short name"), required=False, max_length=100)
    address = forms.CharField(label=_("Address"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.EmailField(label=_("E-mail"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
