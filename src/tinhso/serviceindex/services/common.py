"""Shared pieces of the 766 index services: constants, indicator-set versions, unit rows."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tinhso.serviceindex import engine
from tinhso.serviceindex.models import (
    GROUP_NAMES,
    IndicatorSetVersion,
    Panel,
)
from tinhso.serviceindex.periods import ScorePeriod
from tinhso.units.models import Unit

SYSTEM_SOURCE = "Hệ thống một cửa (tự động)"
# NQ57 indicators fed by the index: code → (numerator key, denominator key, name, labels).
NQ57_FLOWS: dict[str, tuple[str, str, str, str, str]] = {
    "DVC_ONLINE_RATE": (
        "received_online",
        "received",
        "Tỷ lệ hồ sơ TTHC nộp trực tuyến (chỉ số 766 mục 3.3)",
        "Số hồ sơ tiếp nhận trực tuyến",
        "Tổng số hồ sơ tiếp nhận",
    ),
    "HS_SO_HOA_RATE": (
        "digitised",
        "received",
        "Tỷ lệ hồ sơ TTHC được số hóa (chỉ số 766 mục 4.2)",
        "Số hồ sơ được số hóa",
        "Tổng số hồ sơ tiếp nhận",
    ),
    "KQ_DIEN_TU_RATE": (
        "e_result",
        "doc_dossiers",
        "Tỷ lệ hồ sơ TTHC có kết quả điện tử (chỉ số 766 mục 4.1)",
        "Số hồ sơ có kết quả điện tử",
        "Số hồ sơ của TTHC có kết quả là giấy tờ",
    ),
}
_MAX_INPUT = Decimal(10) ** 12
SCORED_LEVELS = ("province", "commune")


# --- versions -------------------------------------------------------------------------------


def _pick_version(versions: list[IndicatorSetVersion], period: ScorePeriod) -> IndicatorSetVersion:
    day = period.last
    ordered = sorted(versions, key=lambda v: (v.valid_from, -v.pk), reverse=True)
    for version in ordered:
        if version.valid_from <= day and (version.valid_to is None or version.valid_to > day):
            return version
    if not ordered:
        raise ValidationError({"version": _("No 766 indicator set is defined.")})
    return ordered[0]


def _all_versions() -> list[IndicatorSetVersion]:
    return list(IndicatorSetVersion.objects.prefetch_related("indicators", "bands"))


def version_for(period: ScorePeriod) -> IndicatorSetVersion:
    """The indicator-set version valid on the period's last day (else the latest one).

    Errors: `ValidationError` when no version exists at all.
    """
    return _pick_version(_all_versions(), period)


def version_def(version: IndicatorSetVersion) -> engine.VersionDef:
    """The engine's view of a stored version (indicators in order, bands, names)."""
    return engine.VersionDef(
        code=version.code,
        indicators=tuple(i.as_def() for i in version.indicators.all()),
        bands=tuple(
            engine.BandDef(name=b.name, min_total=Decimal(b.min_total), code=b.code)
            for b in version.bands.all()
        ),
        not_applicable_full=version.not_applicable_full,
        panel_names={k: str(v) for k, v in Panel.choices},
        group_names={k: str(v) for k, v in GROUP_NAMES.items()},
    )


# --- computing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _UnitRow:
    pk: int
    path: str
    level: str


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _unit_rows(**filters: Any) -> dict[int, _UnitRow]:
    return {
        pk: _UnitRow(pk, path, level)
        for pk, path, level in Unit.objects.filter(**filters)
        .values_list("pk", "path", "level__code")
        .order_by("pk")
    }


def _plain(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value)
