"""API shapes of the 766 index."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema


class CalculateIn(Schema):
    """Counts by key (see `GET`-able keys in the explanation inputs); null or absent = no
    data. `version`: an indicator-set code (default: the latest)."""

    counts: dict[str, Any] = Field(default_factory=dict)
    is_commune: bool = False
    version: str | None = None


class IndicatorOut(Schema):
    code: str
    name: str
    group: int
    panel: str
    max_points: str
    points: str
    rate: str | None
    status: str
    formula: str
    inputs: list[dict[str, Any]]
    note: str = ""


class SubtotalOut(Schema):
    key: str
    name: str
    points: str
    max_points: str


class ResultOut(Schema):
    version: str
    indicators: list[IndicatorOut]
    groups: list[SubtotalOut]
    panels: list[SubtotalOut]
    total: str
    max_total: str
    band: str
    band_code: str


class ScoreOut(Schema):
    unit_code: str
    unit_name: str
    period: str
    period_kind: str
    total: Decimal
    band: str
    groups: dict[str, str]
    counts: dict[str, Any]
    points: dict[str, Any]
    computed_at: dt.datetime
    data_version: int


class RankOut(Schema):
    rank: int
    unit_code: str
    unit_name: str
    total: Decimal
    group2: Decimal
    group4: Decimal
    band: str


class ManualInputIn(Schema):
    unit: str
    period: str
    indicator: str
    numerator: Decimal
    denominator: Decimal
    source: str
    version: int | None = None


class ManualInputOut(Schema):
    unit_code: str
    period: str
    indicator: str
    numerator: Decimal
    denominator: Decimal
    source: str
    version: int
    updated_at: dt.datetime
