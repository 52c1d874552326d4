"""Shared form widgets: dates typed and shown as dd/mm/yyyy, whatever the browser's language.

A native `<input type=date>` follows the browser's locale, so an official on an English
system sees mm/dd/yyyy and "03/04" means two different days to two officials. These
text inputs always show dd/mm/yyyy; ISO dates (yyyy-mm-dd) are accepted too, for links.
"""

from __future__ import annotations

from typing import Any

from django import forms

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M",
]


class DateInput(forms.DateInput):
    """A date as dd/mm/yyyy (placeholder, numeric keyboard on phones)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "placeholder": "dd/mm/yyyy",
            "inputmode": "numeric",
            "autocomplete": "off",
            "class": "date-input",
            "pattern": r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class DateTimeInput(forms.DateTimeInput):
    """A moment as dd/mm/yyyy hh:mm (24-hour clock, local time)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {
            "placeholder": "dd/mm/yyyy hh:mm",
            "autocomplete": "off",
            "class": "datetime-input",
        }
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y %H:%M")
