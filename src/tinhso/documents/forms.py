"""Forms of the document registry: list filters, the create/edit form, the relation form.

Rules shared with the API (editable fields, file types and size, relation rules) live in
`services.py`; these forms only parse input.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tinhso.core.forms import DATE_INPUT_FORMATS, DateInput

from .models import DocumentType, RelationKind


class DocumentFilterForm(forms.Form):
    """Filters of the registry list (all optional)."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number or title, e.g. 57-NQ/TW")}
        ),
    )
    doc_type = forms.ChoiceField(label=_("Document type"), required=False)
    issuer = forms.CharField(label=_("Issuing body"), required=False, max_length=100)
    year = forms.IntegerField(
        label=pgettext_lazy("document", "Year issued"), required=False, min_value=1945
    )
    in_force_on = forms.DateField(
        label=_("In force on"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["doc_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", gettext("All types")), *DocumentType.choices]


class DocumentForm(forms.Form):
    """Create or edit a document; `version` guards against overwriting someone's edit."""

    owner_unit = forms.TypedChoiceField(label=_("Registry owner"), coerce=int)
    number = forms.CharField(
        label=_("Number/symbol"),
        max_length=80,
        help_text=_("As printed on the document, e.g. 57-NQ/TW or 469-KH/TU."),
    )
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    issued_on = forms.DateField(
        label=_("Date issued"), input_formats=DATE_INPUT_FORMATS, widget=DateInput()
    )
    title = forms.CharField(label=_("Title (excerpt)"), max_length=500)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea)
    effective_from = forms.DateField(
        label=_("In force from"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
    )
    effective_to = forms.DateField(
        label=_("In force until"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=DateInput(),
        help_text=_("The first day it no longer applies; empty = still in force."),
    )
    source_url = forms.URLField(
        label=_("Source address"), required=False, max_length=500, assume_scheme="https"
    )
    source_note = forms.CharField(label=_("Source and confidence"), required=False, max_length=500)
    is_illustrative = forms.BooleanField(
        label=_("Illustrative (minh họa)"),
        required=False,
        help_text=_("Demo content standing in for a text that is not public."),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOC, DOCX, ODT or XLSX, at most 20 MB."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner_unit"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = units


class RelationForm(forms.Form):
    """This document <kind> another one, chosen by number/symbol."""

    kind = forms.ChoiceField(label=_("Relation"), choices=RelationKind.choices)
    target_number = forms.CharField(label=_("Related document (number/symbol)"), max_length=80)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
