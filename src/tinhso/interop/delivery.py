"""Delivery of the dossier outbox (`dossiers.OutboxMessage`) through the channel adapters.

`deliver_due` is run by the Celery beat task and the `outbox_deliver` command, never inside
an officer's transaction: the dossier services only write the rows (a durable outbox), so a
slow or absent portal never blocks a counter.

Rules:

* Due = pending or failed with `next_attempt_at <= now`, oldest first. Each message is
  handled in its own short transaction that locks its row; on PostgreSQL the lock is taken
  with `SKIP LOCKED`, so two workers never send the same message (the other one skips it).
* Portal messages of one dossier go in order: a message waits while an earlier portal message
  of its dossier is not sent (pending, failing or given up), so the portal never sees event
  N+1 before N. Notices to the applicant are independent.
* Sent: `sent_at`, and for the portal the dossier's `portal_synced_at`, written with a queryset
  update so the dossier's `version` (the officers' edit check) does not move.
* Failed: `attempts + 1`, `last_error`, and the next attempt after an exponential backoff
  (`backoff_seconds × 2^(attempts−1)`, at most `backoff_cap_seconds`, at least the receiver's
  `Retry-After`); after `max_attempts` attempts, or at once when the receiver refused the data
  itself, the message is given up (`dead`) until an operator retries it.
* A channel that is not configured: portal messages wait (untouched, shown on the operators'
  page); notices are given up at once with the reason "channel not configured".

No personal data is logged: log lines carry the message id and outcome only.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from tinhso.dossiers.models import Dossier, OutboxChannel, OutboxMessage, OutboxStatus

from .channels import Adapter, Result, default_adapters

logger = logging.getLogger(__name__)

DUE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)
UNSENT_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED, OutboxStatus.DEAD)
MAX_ERROR_LENGTH = 1000
SKIPPED = "skipped"


@dataclass(frozen=True)
class OutboxConfig:
    max_attempts: int = 8
    backoff_seconds: int = 60
    backoff_cap_seconds: int = 6 * 3600
    batch: int = 200

    @classmethod
    def from_settings(cls) -> OutboxConfig:
        raw: dict[str, Any] = dict(getattr(settings, "TINHSO_OUTBOX", {}) or {})
        return cls(**{k: int(v) for k, v in raw.items() if k in cls.__dataclass_fields__ and v})


def backoff(attempts: int, config: OutboxConfig) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt: 1 min, 2 min, 4 min… capped."""
    exponent = max(attempts - 1, 0)
    seconds = config.backoff_seconds * 2 ** min(exponent, 30)
    return dt.timedelta(seconds=min(seconds, config.backoff_cap_seconds))


def earlier_unsent_portal(outer: str = "") -> Exists:
    """An earlier portal message of the same dossier that is not sent yet. `outer` prefixes
    the outer reference (empty for a queryset of messages)."""
    created = OuterRef(f"{outer}created_at")
    return Exists(
        OutboxMessage.objects.filter(
            dossier_id=OuterRef(f"{outer}dossier_id"),
            channel=OutboxChannel.PORTAL,
            status__in=UNSENT_STATUSES,
        ).filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=OuterRef(f"{outer}id")))
    )


def due_messages(now: dt.datetime, adapters: Mapping[str, Adapter]) -> QuerySet[OutboxMessage]:
    """Messages to try now, oldest first: due, of a channel not waiting for configuration,
    and (portal) with no earlier unsent portal message of the same dossier."""
    waiting = [
        channel
        for channel, adapter in adapters.items()
        if adapter.wait_when_unconfigured and not adapter.is_configured()
    ]
    return (
        OutboxMessage.objects.filter(status__in=DUE_STATUSES, next_attempt_at__lte=now)
        .exclude(channel__in=waiting)
        .filter(~Q(channel=OutboxChannel.PORTAL) | ~earlier_unsent_portal())
        .order_by("next_attempt_at", "id")
    )


@dataclass
class DeliveryReport:
    counts: Counter[str]

    @property
    def sent(self) -> int:
        return self.counts["sent"]

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.counts.items()))


def deliver_due(
    now: dt.datetime | None = None,
    limit: int | None = None,
    *,
    adapters: Mapping[str, Adapter] | None = None,
    config: OutboxConfig | None = None,
) -> DeliveryReport:
    """Try every due message (at most `limit`, default `TINHSO_OUTBOX["batch"]`, 200).

    Returns how many were sent, failed (will retry), given up (dead) and skipped (taken by
    another worker meanwhile, or now behind an earlier portal message).
    """
    now = now or timezone.now()
    config = config or OutboxConfig.from_settings()
    adapters = adapters if adapters is not None else default_adapters()
    limit = limit if limit is not None else config.batch
    queue = deque(due_messages(now, adapters).values_list("pk", flat=True)[:limit])
    counts: Counter[str] = Counter()
    done = 0
    while queue and done < limit:
        pk = queue.popleft()
        outcome, message = _deliver(pk, now=now, adapters=adapters, config=config)
        counts[outcome] += 1
        done += 1
        # The dossier's next portal message was held back by this one: send it in this run.
        if outcome == OutboxStatus.SENT and message and message.channel == OutboxChannel.PORTAL:
            following = _next_portal(message, now)
            if following is not None and following not in queue:
                queue.appendleft(following)
    if done:
        logger.info("outbox delivered", extra={"outbox": dict(counts)})
    return DeliveryReport(counts)


def _next_portal(message: OutboxMessage, now: dt.datetime) -> int | None:
    return (
        OutboxMessage.objects.filter(
            dossier_id=message.dossier_id,
            channel=OutboxChannel.PORTAL,
            status__in=DUE_STATUSES,
            next_attempt_at__lte=now,
        )
        .filter(
            Q(created_at__gt=message.created_at)
            | Q(created_at=message.created_at, id__gt=message.pk)
        )
        .order_by("created_at", "id")
        .values_list("pk", flat=True)
        .first()
    )


def _locked(pk: int, now: dt.datetime) -> OutboxMessage | None:
    qs = OutboxMessage.objects.filter(pk=pk, status__in=DUE_STATUSES, next_attempt_at__lte=now)
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    else:  # SQLite: one writer at a time anyway; the status re-check above still holds
        qs = qs.select_for_update()
    return qs.first()


def _blocked(message: OutboxMessage) -> bool:
    return (
        OutboxMessage.objects.filter(
            dossier_id=message.dossier_id,
            channel=OutboxChannel.PORTAL,
            status__in=UNSENT_STATUSES,
        )
        .filter(
            Q(created_at__lt=message.created_at)
            | Q(created_at=message.created_at, id__lt=message.pk)
        )
        .exists()
    )


def deliver_message(
    pk: int,
    *,
    now: dt.datetime,
    adapters: Mapping[str, Adapter],
    config: OutboxConfig,
) -> str:
    """Lock message `pk`, send it, record the outcome: "sent", "failed", "dead" or
    "skipped" (gone, taken by another worker, or behind an earlier portal message)."""
    return _deliver(pk, now=now, adapters=adapters, config=config)[0]


def _deliver(
    pk: int,
    *,
    now: dt.datetime,
    adapters: Mapping[str, Adapter],
    config: OutboxConfig,
) -> tuple[str, OutboxMessage | None]:
    with transaction.atomic():
        message = _locked(pk, now)
        if message is None:
            return SKIPPED, None
        if message.channel == OutboxChannel.PORTAL and _blocked(message):
            return SKIPPED, message
        adapter = adapters.get(message.channel)
        if adapter is None or not adapter.is_configured():
            if adapter is not None and adapter.wait_when_unconfigured:
                return SKIPPED, message
            with translation.override(settings.LANGUAGE_CODE):
                reason = gettext("Channel not configured")
            return _record(message, Result.rejected(reason), now, config, count=False), message
        try:
            result = adapter.send(message)
        except Exception as exc:  # an adapter bug must not stop the batch
            logger.exception("outbox adapter error", extra={"outbox_id": message.pk})
            result = Result.failed(f"{type(exc).__name__}")
        return _record(message, result, now, config), message


def _record(
    message: OutboxMessage,
    result: Result,
    now: dt.datetime,
    config: OutboxConfig,
    *,
    count: bool = True,
) -> str:
    if count:
        message.attempts += 1
    fields = ["status", "attempts", "last_error", "next_attempt_at", "sent_at"]
    if result.ok:
        message.status = OutboxStatus.SENT
        message.sent_at = now
        message.last_error = ""
        if message.channel == OutboxChannel.PORTAL:
            # A queryset update: the dossier's version (the officers' edit check) stays.
            Dossier.objects.filter(pk=message.dossier_id).update(portal_synced_at=now)
    elif not result.retryable or message.attempts >= config.max_attempts:
        message.status = OutboxStatus.DEAD
        message.last_error = result.error[:MAX_ERROR_LENGTH]
    else:
        message.status = OutboxStatus.FAILED
        message.last_error = result.error[:MAX_ERROR_LENGTH]
        wait = backoff(message.attempts, config)
        if result.retry_after is not None:
            wait = max(wait, dt.timedelta(seconds=result.retry_after))
        message.next_attempt_at = now + wait
    message.save(update_fields=fields)
    return str(message.status)
