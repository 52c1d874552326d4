"""Shared helpers of the dossier views: labels, form errors, list-row decoration."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import (
    HttpRequest,
)
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from tinhso.core.exceptions import DomainError
from tinhso.dossiers import workflow
from tinhso.dossiers.models import NATIONAL_CODE, NATIONAL_LABEL, OPEN_STATES, Status, Timeliness
from tinhso.procedures.models import Channel

# Steps of the history that are not in the transition table.
EXTRA_ACTION_LABELS: dict[str, Any] = {
    "submit": pgettext_lazy("dossier action", "Submitted online"),
}
STATUS_LABELS = dict(Status.choices)
CHANNEL_LABELS = dict(Channel.choices)
TIMELINESS_LABELS = dict(Timeliness.choices)


def _htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _apply_errors(form: Form, exc: Exception) -> None:
    """Service errors onto the form: known fields in place, the rest on top."""
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    elif isinstance(exc, ValidationError):
        form.add_error(None, exc.messages)
    elif isinstance(exc, DomainError):
        form.add_error(None, exc.message)


def action_label(action: str) -> Any:
    step = workflow.get(action)
    return step.label if step is not None else EXTRA_ACTION_LABELS.get(action, action)


def decorate(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Display fields of list rows (labels, overdue, appointment), no queries."""
    now = timezone.now()
    for row in rows:
        status = row["status"]
        national = NATIONAL_CODE.get(status)
        appointment = row.get("rescheduled_due_at") or row.get("due_at")
        row["status_label"] = STATUS_LABELS.get(status, status)
        row["national"] = national
        row["national_label"] = NATIONAL_LABEL.get(national, "") if national else ""
        row["channel_label"] = CHANNEL_LABELS.get(row.get("channel", ""), "")
        row["timeliness_label"] = TIMELINESS_LABELS.get(row.get("timeliness") or "", "")
        row["appointment"] = appointment
        row["overdue"] = bool(status in OPEN_STATES and row.get("due_at") and row["due_at"] < now)
        row["boundary_free"] = row.get("receiving_unit__code") != row.get("resolving_unit__code")
    return rows
