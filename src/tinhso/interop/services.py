"""Writes of the interop app: an operator's "retry now" of an outgoing message."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import DomainError
from tinhso.dossiers.models import OutboxMessage, OutboxStatus

RETRYABLE = frozenset({OutboxStatus.FAILED, OutboxStatus.DEAD})
AUDITED_FIELDS = ["status", "attempts", "next_attempt_at", "last_error"]


def outbox_retry(*, actor: Any, message: OutboxMessage) -> OutboxMessage:
    """Put a failed or given-up message back in the queue, due now, with its attempts reset
    (the next delivery run sends it; nothing is sent here).

    Rule: EDIT on the dossier's resolving unit; the message is failed or dead (a pending or
    sent message is left alone). Side effects: the message row, one audit entry (the values
    before keep the last error). Errors: `AccessDenied` (404), `DomainError` (wrong status).
    """
    require(actor, Action.EDIT, message.dossier.resolving_unit_id)
    with transaction.atomic():
        locked = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if locked.status not in RETRYABLE:
            raise DomainError(
                _("Only a failed or given-up message can be retried."), code="not_retryable"
            )
        before = audit_snapshot(locked, AUDITED_FIELDS)
        locked.status = OutboxStatus.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.last_error = ""
        locked.full_clean()
        locked.save(update_fields=AUDITED_FIELDS)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            unit=message.dossier.resolving_unit_id,
            before=before,
            after=audit_snapshot(locked, AUDITED_FIELDS),
            message="outbox retry",
        )
    return locked
