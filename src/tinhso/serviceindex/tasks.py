"""Celery tasks of the 766 index (eager in dev/test). Beat: `serviceindex.refresh` every
few minutes keeps the stored scores current incrementally."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from . import services


@shared_task(name="serviceindex.refresh")  # type: ignore[untyped-decorator]  # celery ships no type hints
def refresh(full: bool = False) -> dict[str, Any]:
    """Run `services.serviceindex_refresh` and return what it did."""
    result = services.serviceindex_refresh(full=full)
    return {
        "periods": result.periods,
        "scores": result.scores,
        "nq57_values": result.nq57_values,
        "seconds": round(result.seconds, 3),
    }
