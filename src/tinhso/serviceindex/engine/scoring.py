"""Evaluating one version against counts: totals, subtotals, bands (pure, no ORM)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .defs import (
    STATUS_COMPUTED,
    STATUS_NO_DATA,
    STATUS_NOT_APPLICABLE,
    ZERO,
    BandDef,
    IndicatorResult,
    ScoreResult,
    Subtotal,
    VersionDef,
)
from .explain import fmt_max, pct
from .rules import _inputs, _points, _rate_text, _raw_rate, _zero_outcome


def evaluate(
    counts: Mapping[str, Any], version: VersionDef, *, is_commune: bool = False
) -> ScoreResult:
    """Score `counts` (count key → number; a missing key = no data) under `version`.

    `is_commune` applies the version's "not applicable to communes" policy.
    """
    raw: dict[str, tuple[Decimal | None, str]] = {
        d.code: _raw_rate(d, counts) for d in version.indicators
    }
    results: list[IndicatorResult] = []
    for defn in version.indicators:
        inputs = _inputs(defn, counts)
        if is_commune and not defn.applies_to_communes and version.not_applicable_full:
            results.append(
                IndicatorResult(
                    code=defn.code,
                    name=defn.name,
                    group=defn.group,
                    panel=defn.panel,
                    max_points=defn.max_points,
                    points=defn.max_points,
                    rate=None,
                    status=STATUS_NOT_APPLICABLE,
                    formula=_("Not applicable to communes: full marks (%(max)s)")
                    % {"max": fmt_max(defn.max_points)},
                    inputs=inputs,
                )
            )
            continue
        rate, status = raw[defn.code]
        if rate is None:
            points, shown, text = _zero_outcome(defn, status)
            results.append(
                IndicatorResult(
                    code=defn.code,
                    name=defn.name,
                    group=defn.group,
                    panel=defn.panel,
                    max_points=defn.max_points,
                    points=points,
                    rate=shown,
                    status=status,
                    formula=text,
                    inputs=inputs,
                )
            )
            continue
        parts = [_rate_text(defn, counts, rate)]
        note = ""
        if defn.factor_code:
            factor = raw.get(defn.factor_code, (None, STATUS_NO_DATA))[0]
            if factor is None:
                note = _("Factor %(code)s has no data: not applied") % {"code": defn.factor_code}
            else:
                rate = rate * factor
                parts.append(
                    _("× rate of %(code)s (%(factor)s) = %(rate)s")
                    % {"code": defn.factor_code, "factor": pct(factor), "rate": pct(rate)}
                )
        points, text = _points(defn, rate)
        parts.append(text)
        results.append(
            IndicatorResult(
                code=defn.code,
                name=defn.name,
                group=defn.group,
                panel=defn.panel,
                max_points=defn.max_points,
                points=points,
                rate=rate,
                status=STATUS_COMPUTED,
                formula="; ".join(parts),
                inputs=inputs,
                note=note,
            )
        )
    groups = _subtotals(
        results, lambda r: str(r.group), {str(k): v for k, v in version.group_names.items()}
    )
    panels = _subtotals(results, lambda r: r.panel, dict(version.panel_names))
    total = sum((r.points for r in results), ZERO)
    max_total = sum((r.max_points for r in results), ZERO)
    band, band_code = band_for(total, version.bands)
    return ScoreResult(
        version=version.code,
        indicators=results,
        groups=groups,
        panels=panels,
        total=total,
        max_total=max_total,
        band=band,
        band_code=band_code,
    )


def _subtotals(
    results: list[IndicatorResult], key: Any, names: Mapping[str, str]
) -> list[Subtotal]:
    out: dict[str, Subtotal] = {}
    for r in results:
        k = key(r)
        if k not in out:
            out[k] = Subtotal(key=k, name=names.get(k, k), points=ZERO, max_points=ZERO)
        out[k].points += r.points
        out[k].max_points += r.max_points
    return list(out.values())


def band_for(total: Decimal, bands: Iterable[BandDef]) -> tuple[str, str]:
    """The name and code of the highest band whose minimum `total` reaches ("" if none)."""
    for band in sorted(bands, key=lambda b: b.min_total, reverse=True):
        if total >= band.min_total:
            return band.name, band.code
    return "", ""


def count_keys(version: VersionDef) -> list[str]:
    """Every count key the version reads, in indicator order, without repeats."""
    seen: dict[str, None] = {}
    for defn in version.indicators:
        for key in (*defn.numerator_keys, *defn.denominator_keys):
            seen.setdefault(key, None)
    return list(seen)
