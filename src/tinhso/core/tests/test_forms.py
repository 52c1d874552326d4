"""Dates are shown and typed as dd/mm/yyyy whatever the browser's language."""

from __future__ import annotations

import datetime as dt

from django import forms

from tinhso.core.forms import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, DateInput, DateTimeInput


class _Form(forms.Form):
    day = forms.DateField(input_formats=DATE_INPUT_FORMATS, widget=DateInput())
    at = forms.DateTimeField(
        input_formats=DATETIME_INPUT_FORMATS, widget=DateTimeInput(), required=False
    )


def test_dates_render_day_first_as_text_inputs():
    html = str(_Form(initial={"day": dt.date(2026, 4, 3)})["day"])
    assert 'type="text"' in html and 'value="03/04/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html


def test_day_first_and_iso_both_parse_and_month_first_is_refused():
    assert _Form({"day": "03/04/2026"}).is_valid()
    form = _Form({"day": "03/04/2026", "at": "24/01/2025 15:01"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == dt.date(2026, 4, 3)
    assert form.cleaned_data["at"].replace(tzinfo=None) == dt.datetime(2025, 1, 24, 15, 1)  # noqa: DTZ001
    assert _Form({"day": "2026-04-03"}).is_valid()
    assert not _Form({"day": "04/13/2026"}).is_valid()  # month 13: a US-style date
