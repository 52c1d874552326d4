"""Constants and definition/result types of the 766 scoring engine (pure, no ORM)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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
