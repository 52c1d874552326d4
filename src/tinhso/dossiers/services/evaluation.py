"""Applicant evaluations (spec §2.13) and the audited reading of personal data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.dossiers.models import (
    END_STATES,
    Dossier,
    Evaluation,
    SatisfactionLevel,
    SatisfactionQuestion,
)
from tinhso.procedures.models import Channel

from .common import now


def questions_on(day: dt.date) -> list[SatisfactionQuestion]:
    """The questionnaire in force on `day` (public data, no Action)."""
    return list(
        SatisfactionQuestion.objects.filter(valid_from__lte=day)
        .exclude(valid_to__lt=day)
        .order_by("position", "pk")
    )


def level_for(total: int, max_total: int) -> str:
    """Not satisfied below half the points, very satisfied from 90 %, else satisfied."""
    if max_total <= 0 or total * 2 < max_total:
        return SatisfactionLevel.NOT_SATISFIED
    if total * 10 >= max_total * 9:
        return SatisfactionLevel.VERY_SATISFIED
    return SatisfactionLevel.SATISFIED


def evaluation_submit(
    *,
    actor: Any,
    dossier: Dossier,
    scores: Mapping[str, Any],
    channel: str = Channel.IN_PERSON,
    comment: str = "",
    level: str | None = None,
) -> Evaluation:
    """Record the applicant's evaluation of a finished dossier (one per dossier).

    Rule: EDIT on the receiving or return unit (the counter enters the paper form or the
    kiosk posts it); the dossier ended processing; a score 0..max for every question of the
    questionnaire in force on the evaluation day, nothing else; the level is derived from
    the points unless the applicant chose it. Side effects: the evaluation, one audit entry.
    Errors: `AccessDenied`, `ValidationError` (per question, `dossier` if already
    evaluated or not finished).
    """
    units = {dossier.receiving_unit_id, dossier.return_unit_id, dossier.resolving_unit_id}
    if not any(_can_edit(actor, u) for u in units):
        require(actor, Action.EDIT, dossier.return_unit_id)
    if dossier.status not in END_STATES:
        raise ValidationError({"dossier": _("A dossier can be evaluated once it is finished.")})
    moment = now()
    questions = questions_on(timezone.localdate(moment))
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for q in questions:
        raw: Any = scores.get(q.code)
        try:
            value = int(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            value = None
        if value is None or not 0 <= value <= q.max_score:
            errors[q.code] = _("Give a score from 0 to %(max)d.") % {"max": q.max_score}
        else:
            clean[q.code] = value
    unknown = set(scores) - {q.code for q in questions}
    if unknown:
        errors["scores"] = _("Unknown question: %(codes)s") % {"codes": ", ".join(sorted(unknown))}
    if level not in (None, "") and level not in SatisfactionLevel.values:
        errors["level"] = _("Choose a satisfaction level.")
    if channel not in Channel.values:
        errors["channel"] = _("Choose a channel.")
    if errors:
        raise ValidationError(errors)
    total = sum(clean.values())
    max_total = sum(q.max_score for q in questions)
    evaluation = Evaluation(
        dossier=dossier,
        channel=channel,
        scores=clean,
        total=total,
        max_total=max_total,
        level=level or level_for(total, max_total),
        comment=comment.strip()[:2000],
        created_at=moment,
    )
    try:
        with transaction.atomic():
            evaluation.save()
            audit_record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                obj=evaluation,
                unit=dossier.resolving_unit_id,
                after=audit_snapshot(evaluation),
            )
    except IntegrityError as exc:
        raise ValidationError({"dossier": _("This dossier has already been evaluated.")}) from exc
    return evaluation


def _can_edit(actor: Any, unit_id: int) -> bool:
    from tinhso.accounts.access import can

    return can(actor, Action.EDIT, unit_id)


def dossier_reveal_identity(*, actor: Any, dossier: Dossier) -> str:
    """The applicant's full identity number, for an officer who needs it.

    Rule: VIEW on the dossier (the caller got it through the scoped selector) plus EDIT on
    one of its units (readers such as inspectors see it masked). Side effects: an audit
    entry "read" naming the dossier — every disclosure is traceable. Errors: `AccessDenied`.
    """
    units = (dossier.resolving_unit_id, dossier.receiving_unit_id, dossier.return_unit_id)
    if not any(_can_edit(actor, u) for u in units):
        require(actor, Action.EDIT, dossier.resolving_unit_id)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.READ,
        obj=dossier,
        unit=dossier.resolving_unit_id,
        message="applicant_id_number",
    )
    return dossier.applicant_id_number
