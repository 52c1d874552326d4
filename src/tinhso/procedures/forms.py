"""Forms of the procedure pages: list filters, basic-field edit, import upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import LEVEL_FIELDS, OnlineLevel, Procedure, ProcedureStatus
from .selectors import procedure_sector_choices

LEVEL_CHOICES = [
    ("at_ministry", _("Ministry level")),
    ("at_province", _("Province level")),
    ("at_commune", _("Commune level")),
    ("at_other", _("Other agency")),
]


class ProcedureFilterForm(forms.Form):
    """Filters of the catalogue list."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Code or name")}),
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    level = forms.ChoiceField(label=_("Implementing level"), required=False)
    online_level = forms.ChoiceField(label=_("Online-service level"), required=False)
    boundary_free = forms.NullBooleanField(
        label=_("Regardless of boundaries"),
        required=False,
        widget=forms.Select(choices=[("", "—"), ("true", _("Yes")), ("false", _("No"))]),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *ProcedureStatus.choices]
    )
    origin = forms.ChoiceField(
        label=_("Origin"),
        required=False,
        choices=[("", _("All")), ("real", _("National records")), ("synthetic", _("Synthetic"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        all_ = [("", gettext("All"))]
        self.fields["sector"].choices = all_ + [(s, s) for s in procedure_sector_choices()]  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["level"].choices = all_ + LEVEL_CHOICES  # type: ignore[attr-defined]  # a ChoiceField
        self.fields["online_level"].choices = all_ + list(OnlineLevel.choices)  # type: ignore[attr-defined]  # a ChoiceField


class ProcedureForm(forms.ModelForm):  # type: ignore[type-arg]  # not subscriptable at runtime
    """The basic fields; the service checks and saves."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Procedure
        fields = [
            "name",
            "sector",
            "agency",
            "result",
            *LEVEL_FIELDS,
            "competent_level",
            "online_level",
            "boundary_free",
            "status",
            "version_note",
        ]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "agency": forms.Textarea(attrs={"rows": 2}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "version_note": forms.Textarea(attrs={"rows": 3}),
            "status": forms.Select(choices=ProcedureStatus.choices),
        }

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class ImportForm(forms.Form):
    """A JSON (procedures.json shape) or Excel (this app's export) file."""

    file = forms.FileField(label=_("File (.json or .xlsx)"))
