"""Shared helpers of the project services: row lock, version check, unit lookup, today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.exceptions import ConcurrentEditError
from tinhso.projects.models import Project
from tinhso.units.models import Unit


def _today() -> dt.date:
    return timezone.localdate()


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _conflict() -> ConcurrentEditError:
    return ConcurrentEditError(
        _(
            "Someone else saved this project after you opened it. Reload the page, check "
            "their changes and enter yours again."
        )
    )


def _lock(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


def _check_version(project: Project, expected: int | None) -> None:
    if expected is not None and project.version != expected:
        raise _conflict()


def _unit(value: Any, field: str = "unit") -> Unit:
    if isinstance(value, Unit):
        return value
    unit = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        unit = Unit.objects.filter(pk=int(value)).first()
    if unit is None:
        raise ValidationError({field: _("Choose an existing unit.")})
    return unit
