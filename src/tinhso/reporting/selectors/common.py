"""Shared helpers for the reporting read selectors."""

from __future__ import annotations

from typing import Any

_REPORT_RELATED = (
    "obligation__unit__level",
    "obligation__round__schedule__reviewer_unit",
    "obligation__round__period",
)


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))
