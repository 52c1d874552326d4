"""Number formatting for the engine's explanation texts (pure, no ORM)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

from .defs import HUNDRED


def fmt(value: Decimal | None, places: int = 2) -> str:
    """A number for an explanation, in the active locale (Vietnamese: 5,70)."""
    if value is None:
        return "—"
    # Django's number_format truncates: round half up first (81.818 → 81,82).
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, decimal_pos=places)


def fmt_max(value: Decimal) -> str:
    """Maximum points: 6 rather than 6,00; 2,50 stays."""
    return fmt(value, 0 if value == value.to_integral_value() else 2)


def pct(rate: Decimal | None) -> str:
    return "N/A" if rate is None else f"{fmt(rate * HUNDRED)} %"
