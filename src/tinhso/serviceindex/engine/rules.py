"""Rule functions of the 766 scoring engine: inputs, rates, points (pure, no ORM)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .defs import (
    DEN_MAX,
    DEN_SUM,
    ONE,
    RULE_CAPPED,
    STATUS_COMPUTED,
    STATUS_NO_DATA,
    STATUS_ZERO_DENOMINATOR,
    ZERO,
    ZERO_FULL,
    ZERO_NA,
    IndicatorDef,
)
from .explain import fmt, fmt_max, pct


def _number(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number if number.is_finite() else None


def _values(counts: Mapping[str, Any], keys: Iterable[str]) -> list[Decimal | None]:
    return [_number(counts.get(key)) for key in keys]


def _combine(values: list[Decimal | None], mode: str) -> Decimal | None:
    present = [v for v in values if v is not None]
    if not present:
        return None
    return max(present) if mode == DEN_MAX else sum(present, ZERO)


def _clamp(rate: Decimal) -> Decimal:
    return min(ONE, max(ZERO, rate))


def _inputs(defn: IndicatorDef, counts: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key in (*defn.numerator_keys, *defn.denominator_keys):
        value = _number(counts.get(key))
        rows.append(
            {
                "key": key,
                "label": defn.labels.get(key, key),
                "value": None if value is None else str(value),
            }
        )
    return rows


def _raw_rate(defn: IndicatorDef, counts: Mapping[str, Any]) -> tuple[Decimal | None, str]:
    """(rate before any factor, status) — None when there is no usable denominator."""
    numerator = _combine(_values(counts, defn.numerator_keys), DEN_SUM)
    denominator = _combine(_values(counts, defn.denominator_keys), defn.denominator_mode)
    if numerator is None or denominator is None:
        return None, STATUS_NO_DATA
    if denominator <= 0:
        return None, STATUS_ZERO_DENOMINATOR
    share = _clamp(numerator / denominator)
    return (ONE - share if defn.complement else share), STATUS_COMPUTED


def _rate_text(defn: IndicatorDef, counts: Mapping[str, Any], rate: Decimal) -> str:
    nums = [fmt(v, 0) for v in _values(counts, defn.numerator_keys) if v is not None]
    dens = [fmt(v, 0) for v in _values(counts, defn.denominator_keys) if v is not None]
    num_text = " + ".join(nums)
    den_text = (
        _("max(%(values)s)") % {"values": ", ".join(dens)}
        if defn.denominator_mode == DEN_MAX and len(dens) > 1
        else " + ".join(dens)
    )
    if defn.complement:
        return _("100 %% − (%(num)s) / %(den)s = %(rate)s") % {
            "num": num_text,
            "den": den_text,
            "rate": pct(rate),
        }
    return _("%(num)s / %(den)s = %(rate)s") % {"num": num_text, "den": den_text, "rate": pct(rate)}


def _zero_outcome(defn: IndicatorDef, status: str) -> tuple[Decimal, Decimal | None, str]:
    """Points, shown rate and explanation when there is no usable denominator."""
    reason = _("No data yet") if status == STATUS_NO_DATA else _("Denominator is 0")
    if defn.zero_policy == ZERO_FULL:
        text = _("%(reason)s: full marks (%(max)s) under this indicator's rule") % {
            "reason": reason,
            "max": fmt_max(defn.max_points),
        }
        return defn.max_points, None, text
    if defn.zero_policy == ZERO_NA:
        text = _("%(reason)s: not assessed (N/A), 0 points") % {"reason": reason}
        return ZERO, None, text
    text = _("%(reason)s: 0 points under this indicator's rule") % {"reason": reason}
    return ZERO, ZERO, text


def _points(defn: IndicatorDef, rate: Decimal) -> tuple[Decimal, str]:
    if defn.rule == RULE_CAPPED and defn.threshold:
        threshold = defn.threshold
        if rate >= threshold:
            return defn.max_points, _("%(rate)s ≥ %(threshold)s → full marks %(max)s") % {
                "rate": pct(rate),
                "threshold": pct(threshold),
                "max": fmt_max(defn.max_points),
            }
        points = defn.max_points * rate / threshold
        return points, _("%(max)s × %(rate)s / %(threshold)s = %(points)s") % {
            "max": fmt_max(defn.max_points),
            "rate": pct(rate),
            "threshold": pct(threshold),
            "points": fmt(points),
        }
    points = defn.max_points * rate
    return points, _("%(max)s × %(rate)s = %(points)s") % {
        "max": fmt_max(defn.max_points),
        "rate": pct(rate),
        "points": fmt(points),
    }
