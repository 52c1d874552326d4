"""Forms of the interop pages: the public lookup box and the outbox monitor's filters."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tinhso.dossiers.models import OutboxChannel, OutboxStatus

from .selectors import normalise_code


class LookupForm(forms.Form):
    """The dossier code printed on the appointment slip."""

    code = forms.CharField(
        label=_("Dossier code"),
        max_length=60,
        widget=forms.TextInput(
            attrs={
                "placeholder": _("e.g. 26173-251001-0001"),
                "autocomplete": "off",
                "spellcheck": "false",
                "inputmode": "text",
            }
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if code is None:
            raise ValidationError(
                _("A dossier code has only letters, digits, dots and dashes."), code="invalid"
            )
        return code


class OutboxFilterForm(forms.Form):
    """Filters of the operators' outbox list."""

    status = forms.ChoiceField(
        label=pgettext_lazy("message", "Status"),
        required=False,
        choices=[("", _("All")), *OutboxStatus.choices],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All")), *OutboxChannel.choices]
    )
    code = forms.CharField(
        label=_("Dossier code"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Beginning of a code")}),
    )
