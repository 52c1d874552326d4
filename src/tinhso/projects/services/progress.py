"""Progress updates of a project."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.projects.models import Project, ProjectProgress

from .common import _check_version, _lock, _today, _user


def project_progress_create(
    *,
    actor: Any,
    project: Project,
    as_of: dt.date | None = None,
    physical_percent: int,
    financial_percent: int | None = None,
    disbursed_amount: int | None = None,
    narrative: str,
    blockers: str = "",
    recommendations: str = "",
    version: int | None = None,
    source: str = "",
    is_illustrative: bool = False,
) -> ProjectProgress:
    """Record a progress update as of a date.

    Rule: `as_of` not in the future (default today) and not before the latest update;
    physical % 0–100 and not below the latest update's; financial % 0–100, or computed
    (rounded down) from `disbursed_amount` over the total investment when only the amount
    is given; one of the two is required; a narrative is required. Action: EDIT on the
    managing unit. Side effects: the update row; the project's latest figures,
    `progress_as_of` and `version + 1`; one audit entry. Errors: `AccessDenied`,
    `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, project.unit_id)
    day = as_of or _today()
    errors: dict[str, str] = {}
    if day > _today():
        errors["as_of"] = _("This date is in the future.")
    if not (narrative or "").strip():
        errors["narrative"] = _("Describe the results achieved.")
    if physical_percent is None or not 0 <= physical_percent <= 100:
        errors["physical_percent"] = _("Enter a percentage between 0 and 100.")
    if financial_percent is not None and not 0 <= financial_percent <= 100:
        errors["financial_percent"] = _("Enter a percentage between 0 and 100.")
    if disbursed_amount is not None and disbursed_amount < 0:
        errors["disbursed_amount"] = _("An amount cannot be negative.")
    if financial_percent is None and disbursed_amount is None:
        errors["financial_percent"] = _("Give the financial progress or the amount disbursed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(project)
        _check_version(locked, version)
        if financial_percent is None:
            total = locked.total_investment or 0
            if total <= 0:
                raise ValidationError(
                    {
                        "financial_percent": _(
                            "The total investment is not known: give the percentage."
                        )
                    }
                )
            financial_percent = min(100, 100 * int(disbursed_amount or 0) // total)
        if locked.progress_as_of is not None and day < locked.progress_as_of:
            raise ValidationError({"as_of": _("An update cannot be dated before the latest one.")})
        if locked.progress_as_of is not None and physical_percent < locked.physical_percent:
            raise ValidationError(
                {"physical_percent": _("Physical progress cannot go below the last update.")}
            )
        progress = ProjectProgress(
            project=locked,
            as_of=day,
            physical_percent=physical_percent,
            financial_percent=financial_percent,
            disbursed_amount=disbursed_amount,
            narrative=narrative.strip(),
            blockers=(blockers or "").strip(),
            recommendations=(recommendations or "").strip(),
            author=_user(actor),
            source=source,
            is_illustrative=is_illustrative,
        )
        progress.full_clean()
        progress.save()
        locked.physical_percent = physical_percent
        locked.financial_percent = financial_percent
        if disbursed_amount is not None:
            locked.disbursed_amount = disbursed_amount
        locked.progress_as_of = day
        locked.version += 1
        locked.save(
            update_fields=[
                "physical_percent",
                "financial_percent",
                "disbursed_amount",
                "progress_as_of",
                "version",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=progress,
            unit=locked.unit_id,
            after=audit_snapshot(progress),
        )
    return progress
