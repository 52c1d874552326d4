"""The Decision 766 scoring engine: counts + indicator definitions → explained points.

Pure: no ORM, no I/O. The same function serves the stored scores (`services`), the what-if
calculator (UI) and `POST /api/v1/serviceindex/calculate`, so the three can never disagree.

Rules (spec §1.3–1.4; every threshold and weight comes from the definitions, i.e. data):

* rate = Σ numerator counts ÷ (Σ or max of the denominator counts), clamped to 0..1;
  `complement` indicators use 1 − that share (5.4: 100 % − late − dissatisfied);
  a `factor_code` multiplies the rate by another indicator's rate (3.3 × sync rate 1.4).
* `linear`: points = max × rate; `capped`: points = max × min(1, rate ÷ threshold)
  ("full marks from X % upwards"; 3.5b's min(2, 2.5·rate) is capped at 80 %).
* A zero or missing denominator follows the indicator's `zero_policy`: `full` (max
  points, e.g. no petitions), `zero` (0), `na` (0 points, rate shown as N/A). Missing
  inputs are explained as "no data yet".
* For a commune, an indicator that does not apply to communes gets full marks when the
  version says so (spec Q-6), otherwise it is computed like any other.
* Full precision is carried throughout (Decimal); only the display rounds to 2 places.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)

RULE_LINEAR = "linear"
RULE_CAPPED = "capped"
RULES = (RULE_LINEAR, RULE_CAPPED)

ZERO_FULL = "full"
ZERO_ZERO = "zero"
ZERO_NA = "na"
ZERO_POLICIES = (ZERO_FULL, ZERO_ZERO, ZERO_NA)

DEN_SUM = "sum"
DEN_MAX = "max"

# Outcome of one indicator, for styling and for tests.
STATUS_COMPUTED = "computed"
STATUS_ZERO_DENOMINATOR = "zero_denominator"
STATUS_NO_DATA = "no_data"
STATUS_NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator of a version, as the engine needs it (built from `ServiceIndicator`)."""

    code: str
    group: int
    panel: str
    name: str
    max_points: Decimal
    rule: str = RULE_LINEAR
    threshold: Decimal | None = None
    zero_policy: str = ZERO_ZERO
    numerator_keys: tuple[str, ...] = ()
    denominator_keys: tuple[str, ...] = ()
    denominator_mode: str = DEN_SUM
    complement: bool = False
    factor_code: str = ""
    applies_to_communes: bool = True
    labels: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class BandDef:
    """A rating band: the lowest total that reaches it, and its name (data)."""

    name: str
    min_total: Decimal
    code: str = ""


@dataclass(frozen=True)
class VersionDef:
    """An indicator-set version: its indicators, bands and the commune N/A policy."""

    code: str
    indicators: tuple[IndicatorDef, ...]
    bands: tuple[BandDef, ...] = ()
    not_applicable_full: bool = False
    panel_names: Mapping[str, str] = field(default_factory=dict)
    group_names: Mapping[int, str] = field(default_factory=dict)


@dataclass
class IndicatorResult:
    """The explained points of one indicator."""

    code: str
    name: str
    group: int
    panel: str
    max_points: Decimal
    points: Decimal
    rate: Decimal | None
    status: str
    formula: str
    inputs: list[dict[str, Any]]
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "group": self.group,
            "panel": self.panel,
            "max_points": str(self.max_points),
            "points": str(self.points),
            "rate": None if self.rate is None else str(self.rate),
            "status": self.status,
            "formula": self.formula,
            "inputs": self.inputs,
            "note": self.note,
        }


@dataclass
class Subtotal:
    """Points of a group (1–5) or of a panel (group 3 splits into two)."""

    key: str
    name: str
    points: Decimal
    max_points: Decimal

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "points": str(self.points),
            "max_points": str(self.max_points),
        }


@dataclass
class ScoreResult:
    """Everything the engine computed: per indicator, per group and panel, total, band."""

    version: str
    indicators: list[IndicatorResult]
    groups: list[Subtotal]
    panels: list[Subtotal]
    total: Decimal
    max_total: Decimal
    band: str
    band_code: str

    def indicator(self, code: str) -> IndicatorResult:
        for item in self.indicators:
            if item.code == code:
                return item
        raise KeyError(code)

    def group(self, number: int) -> Subtotal:
        for item in self.groups:
            if item.key == str(number):
                return item
        raise KeyError(number)

    def as_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "indicators": [i.as_json() for i in self.indicators],
            "groups": [g.as_json() for g in self.groups],
            "panels": [p.as_json() for p in self.panels],
            "total": str(self.total),
            "max_total": str(self.max_total),
            "band": self.band,
            "band_code": self.band_code,
        }


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
