"""Display helpers of the 766 pages."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from tinhso.serviceindex.engine import fmt

register = template.Library()


@register.filter
def pct(rate: Any) -> str:
    """A share 0..1 (number or text) as a percentage with two decimals: 0.955 → 95,50 %."""
    if rate is None or rate == "":
        return "—"
    try:
        value = Decimal(str(rate)) * 100
    except (InvalidOperation, ValueError):
        return "—"
    return f"{fmt(value)} %"


@register.filter
def percent(value: Any) -> str:
    """A percentage already in 0..100 with two decimals; None → —."""
    if value is None or value == "":
        return "—"
    return f"{fmt(Decimal(str(value)))} %"
