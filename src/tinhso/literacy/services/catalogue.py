"""Courses, targets and denominators: one write each, audited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.literacy.models import Course, LiteracyTarget, Population, TargetGroup
from tinhso.units.models import Unit


def course_create(
    *,
    actor: Any,
    owner_unit: Unit,
    code: str,
    name: str,
    provider: str = "",
    mode: str = "online",
    is_ai_training: bool = False,
    starts_on: dt.date | None = None,
) -> Course:
    """Register a course (the import refers to it by code or name).

    Rule: the code is unique. Action: EDIT on `owner_unit`. Side effects: the course, one
    audit entry. Errors: `AccessDenied`, `ValidationError`.
    """
    require(actor, Action.EDIT, owner_unit)
    course = Course(
        owner_unit=owner_unit,
        code=(code or "").strip(),
        name=(name or "").strip(),
        provider=(provider or "").strip(),
        mode=mode,
        is_ai_training=is_ai_training,
        starts_on=starts_on,
    )
    course.full_clean()
    with transaction.atomic():
        course.save()
        audit_record(
            actor=actor, action=AuditEntry.Action.CREATE, obj=course, after=audit_snapshot(course)
        )
    return course


def _conflict() -> ConcurrentEditError:
    return ConcurrentEditError(
        _("Someone else saved this figure after you opened it. Reload and enter it again.")
    )


def target_set(
    *,
    actor: Any,
    unit: Unit,
    group: TargetGroup,
    year: int,
    target_rate: Decimal,
    measure: str = "coverage",
    target_count: int | None = None,
    source_document: str = "",
    note: str = "",
    version: int | None = None,
) -> LiteracyTarget:
    """Create or change a unit's target for a group, year and measure.

    Rule: rate 0–100 %; `version`, when given, must be the one read (else 409). Action:
    EDIT on `unit`. Side effects: the target (row-locked), one audit entry with the change.
    Errors: `AccessDenied`, `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, unit)
    with transaction.atomic():
        target = (
            LiteracyTarget.objects.select_for_update()
            .filter(unit=unit, group=group, year=year, measure=measure)
            .first()
        )
        before = audit_snapshot(target) if target is not None else None
        if target is None:
            target = LiteracyTarget(unit=unit, group=group, year=year, measure=measure)
        elif version is not None and target.version != version:
            raise _conflict()
        else:
            target.version += 1
        target.target_rate = target_rate
        target.target_count = target_count
        target.source_document = (source_document or "").strip()
        target.note = (note or "").strip()
        target.full_clean()
        target.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=target,
            before=before,
            after=audit_snapshot(target),
        )
    return target


def population_set(
    *,
    actor: Any,
    unit: Unit,
    group: TargetGroup,
    year: int,
    count: int,
    source: str,
    as_of: dt.date,
    version: int | None = None,
) -> Population:
    """Create or change a denominator (persons of a group in a unit and year).

    Rule: a source is required; `as_of` not after the end of `year` + 1. Action: EDIT on
    `unit`. Side effects: the row (row-locked), one audit entry. Errors: `AccessDenied`,
    `ValidationError`, `ConcurrentEditError`.
    """
    require(actor, Action.EDIT, unit)
    if as_of > dt.date(year + 1, 12, 31):
        raise ValidationError({"as_of": _("The date is too late for this year.")})
    with transaction.atomic():
        row = (
            Population.objects.select_for_update().filter(unit=unit, group=group, year=year).first()
        )
        before = audit_snapshot(row) if row is not None else None
        if row is None:
            row = Population(unit=unit, group=group, year=year)
        elif version is not None and row.version != version:
            raise _conflict()
        else:
            row.version += 1
        row.count = count
        row.source = (source or "").strip()
        row.as_of = as_of
        row.full_clean()
        row.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before else AuditEntry.Action.CREATE,
            obj=row,
            before=before,
            after=audit_snapshot(row),
        )
    return row
