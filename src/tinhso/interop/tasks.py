"""Celery tasks of the interop app: the outbox delivery run (beat: every minute)."""

from __future__ import annotations

from celery import shared_task

from .delivery import deliver_due


@shared_task(name="interop.outbox_deliver", ignore_result=True)  # type: ignore[untyped-decorator]  # celery ships no type hints
def outbox_deliver_task(limit: int | None = None) -> dict[str, int]:
    """Deliver the due outbox messages (see `delivery.deliver_due`). Runs that overlap are
    safe: each message is locked (SKIP LOCKED on PostgreSQL) while it is sent."""
    return deliver_due(limit=limit).as_dict()
