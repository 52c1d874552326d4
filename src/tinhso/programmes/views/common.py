"""Shared helpers for the programme pages: as-of date, task links, form errors, redirects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tinhso.programmes.forms import AsOfForm


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date]:
    form = AsOfForm(request.GET or None)
    day = form.cleaned_data.get("as_of") if form.is_valid() else None
    if not form.is_bound or form.is_valid():
        # Re-shown as dd/mm/yyyy whatever was typed (ISO dates come from links).
        initial = dict(form.cleaned_data) if form.is_bound else {}
        initial["as_of"] = day or timezone.localdate()
        shown = AsOfForm(initial=initial)
        shown.cleaned_data = initial
        form = shown
    return form, day or timezone.localdate()


def _task_url_pattern() -> str | None:
    """The task page URL with a placeholder, if the tasks app has one (no import of it)."""
    try:
        return reverse("tasks:detail", args=[999999999]).replace("999999999", "{id}")
    except NoReverseMatch:
        return None


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)
