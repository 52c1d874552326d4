"""Display filters of the finance pages: amounts in billion đồng and percentages, written
the Vietnamese way (dot for thousands, comma for decimals)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template

register = template.Library()

BILLION = Decimal(10**9)


def _vn(text: str) -> str:
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


@register.filter
def bn(value: Any) -> str:
    """Đồng → billion đồng with one decimal (1018000000000 → "1.018,0")."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / BILLION).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return _vn(f"{amount:,.1f}")


@register.filter
def vnd(value: Any) -> str:
    """Whole đồng with thousands separators (1234567 → "1.234.567")."""
    if value is None or value == "":
        return "—"
    return _vn(f"{int(value):,}")


@register.filter
def pct(value: Any, places: int = 1) -> str:
    """A percentage (Decimal) with `places` decimals and a decimal comma, or "—"."""
    if value is None or value == "":
        return "—"
    quantum = Decimal(1).scaleb(-int(places))
    number = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    return _vn(f"{number:,.{int(places)}f}")


@register.filter
def by_type(mapping: Any, key: str) -> Any:
    """`mapping[key]` (the per-type aggregates of a unit row)."""
    return mapping.get(key)
