"""Shared key guard for the programme read selectors."""

from __future__ import annotations

# ---------------------------------------------------------------------------------------
# Catalogues


MAX_PK = 2**63 - 1


def _missing_pk(pk: int) -> bool:
    """Ids outside the database integer range are simply missing (never a 500)."""
    return not 0 < pk <= MAX_PK
