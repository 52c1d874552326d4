"""Template filters of the task pages: status badges and clarity labels."""

from __future__ import annotations

from typing import Any

from django import template

from tinhso.tasks import clarities
from tinhso.tasks.status import STATUS_CSS, status_label

register = template.Library()


@register.filter
def task_status_label(code: Any) -> str:
    return status_label(str(code)) if code else ""


@register.filter
def task_status_css(code: Any) -> str:
    return STATUS_CSS.get(str(code), "")


@register.filter
def clarity_labels(value: str) -> list[tuple[str, str]]:
    return clarities.labels_of(value or "")


@register.filter
def clarity_missing(value: str, code: str) -> bool:
    return code in clarities.decode(value or "")
