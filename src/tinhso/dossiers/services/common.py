"""Helpers shared by the dossier services: locking, version checks, the event log, flags,
the applicant key, the dossier code and the outbox."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.core.exceptions import ConcurrentEditError
from tinhso.dossiers.models import (
    NATIONAL_CODE,
    ComponentSource,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierEvent,
    OutboxChannel,
    OutboxMessage,
)
from tinhso.dossiers.sync import applicant_notice, portal_payload
from tinhso.units.models import Unit


def now() -> dt.datetime:
    return timezone.now()


def lock(dossier: Dossier) -> Dossier:
    """The dossier row, locked until the end of the transaction (no outer joins)."""
    return Dossier.objects.select_for_update().get(pk=dossier.pk)


def check_version(dossier: Dossier, expected: int | None) -> None:
    if expected is not None and dossier.version != expected:
        raise ConcurrentEditError(
            _("Someone else changed this dossier meanwhile. Reload the page and try again.")
        )


def applicant_key(id_number: str) -> str:
    """A keyed hash of the identity number (digits only): equal for the same person."""
    digits = "".join(ch for ch in id_number if ch.isalnum()).upper()
    if not digits:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), digits.encode(), hashlib.sha256).hexdigest()


def next_code(unit: Unit, moment: dt.datetime) -> str:
    """`<unit code>-YYMMDD-XXXX` (Circular 01/2018 Art. 19) with a locked daily counter.

    The unit's administrative code stands for its national agency identifier, which the
    unit directory does not hold yet; more than 9,999 dossiers a day widen the suffix.
    """
    day = timezone.localdate(moment)
    with transaction.atomic():
        counter = DossierCodeCounter.objects.select_for_update().filter(unit=unit, day=day).first()
        if counter is None:
            try:
                with transaction.atomic():
                    counter = DossierCodeCounter.objects.create(unit=unit, day=day, last=0)
            except IntegrityError:  # created by a concurrent reception: lock that one
                counter = DossierCodeCounter.objects.select_for_update().get(unit=unit, day=day)
            counter = DossierCodeCounter.objects.select_for_update().get(pk=counter.pk)
        counter.last += 1
        counter.save(update_fields=["last"])
    return f"{unit.code}-{day:%y%m%d}-{counter.last:04d}"


def record_event(
    dossier: Dossier,
    *,
    action: str,
    from_status: str,
    actor: Any,
    unit_id: int | None,
    at: dt.datetime,
    note: str = "",
) -> DossierEvent:
    """One history row for the step just applied, and its outgoing messages."""
    event = DossierEvent.objects.create(
        dossier=dossier,
        action=action,
        from_status=from_status,
        to_status=dossier.status,
        national_code=NATIONAL_CODE[dossier.status],
        at=at,
        actor=actor if getattr(actor, "pk", None) else None,
        unit_id=unit_id,
        note=note,
        due_at=dossier.appointment_at,
    )
    enqueue(dossier, event)
    return event


def enqueue(dossier: Dossier, event: DossierEvent) -> None:
    """Write the portal sync message and the applicant's notices for `event` (same
    transaction: nothing is sent here, `tinhso.interop` delivers them)."""
    created = event.at
    OutboxMessage.objects.create(
        dossier=dossier,
        channel=OutboxChannel.PORTAL,
        kind="status",
        payload=portal_payload(dossier, event),
        idempotency_key=f"portal:{dossier.code}:{event.pk}",
        next_attempt_at=created,
        created_at=created,
    )
    notice = applicant_notice(dossier, event)
    if notice is None:
        return
    contacts = (
        (OutboxChannel.EMAIL, dossier.applicant_email),
        (OutboxChannel.SMS, dossier.applicant_phone),
        (OutboxChannel.ZALO, dossier.applicant_phone),
    )
    for channel, address in contacts:
        if not address:
            continue
        OutboxMessage.objects.create(
            dossier=dossier,
            channel=channel,
            kind=event.action,
            payload={**notice, "to": address},
            idempotency_key=f"{channel}:{dossier.code}:{event.pk}",
            next_attempt_at=created,
            created_at=created,
        )


def refresh_flags(dossier: Dossier) -> None:
    """Recompute the digitisation and re-use flags from the components and results
    (spec §2.12): digitised = ≥ 1 digitised component and, where the procedure returns a
    document, an electronic result."""
    components = list(
        DossierComponent.objects.filter(dossier=dossier).values_list("source", "digitised")
    )
    any_digitised = any(digitised for _source, digitised in components)
    dossier.has_reused = any(source == ComponentSource.REUSED for source, _d in components)
    dossier.from_data_store = any(source == ComponentSource.DATA_STORE for source, _d in components)
    needs_result = dossier.procedure.returns_document
    dossier.is_digitised = any_digitised and (not needs_result or dossier.has_e_result)
