"""Indicators and their values: province and commune trajectories, rollups rebuilt."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from tinhso.indicators.models import (
    Indicator,
    IndicatorValue,
    Period,
    PeriodKind,
    ValueStatus,
)
from tinhso.units.models import Unit, UnitLevel

from .context import Context, D

# --- indicators and values ------------------------------------------------------------------

# code, name, unit, aggregation, frequency, level, numerator, denominator, kind, min, max, change
INDICATORS: list[
    tuple[str, str, str, str, str, str, str, str, str, str | None, str | None, str | None]
] = [
    (
        "DVC_TT",
        "Tỷ lệ hồ sơ trực tuyến toàn trình trên tổng hồ sơ giải quyết TTHC",
        "%",
        "ratio",
        "month",
        "commune",
        "Số hồ sơ trực tuyến toàn trình",
        "Tổng số hồ sơ tiếp nhận",
        "strategic",
        "0",
        "100",
        "40",
    ),
    (
        "SO_HOA",
        "Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC",
        "%",
        "ratio",
        "month",
        "commune",
        "Số hồ sơ được số hóa hồ sơ, kết quả",
        "Tổng số hồ sơ đã giải quyết",
        "operational",
        "0",
        "100",
        "40",
    ),
    (
        "KQ_DT",
        "Tỷ lệ cấp kết quả giải quyết TTHC điện tử",
        "%",
        "ratio",
        "month",
        "commune",
        "Số kết quả điện tử được cấp",
        "Tổng số hồ sơ đã giải quyết",
        "operational",
        "0",
        "100",
        "40",
    ),
    (
        "TT_TT",
        "Tỷ lệ thanh toán trực tuyến trong giải quyết TTHC",
        "%",
        "ratio",
        "month",
        "commune",
        "Số giao dịch thanh toán trực tuyến",
        "Tổng số giao dịch có thu phí, lệ phí",
        "operational",
        "0",
        "100",
        "50",
    ),
    (
        "BDHVS_NGUOI",
        "Số người được phổ cập kỹ năng số (Bình dân học vụ số) trong kỳ",
        "người",
        "sum",
        "month",
        "commune",
        "",
        "",
        "operational",
        "0",
        "20000",
        "300",
    ),
    (
        "CBCC_AI",
        "Số cán bộ, công chức được bồi dưỡng ứng dụng AI trong kỳ",
        "người",
        "sum",
        "month",
        "commune",
        "",
        "",
        "operational",
        "0",
        "500",
        "300",
    ),
    (
        "PHU_SONG_5G",
        "Tỷ lệ phủ sóng 5G",
        "%",
        "last",
        "half",
        "province",
        "",
        "",
        "strategic",
        "0",
        "100",
        None,
    ),
    (
        "DN_KHCN",
        "Số doanh nghiệp khoa học và công nghệ",
        "doanh nghiệp",
        "last",
        "half",
        "province",
        "",
        "",
        "strategic",
        "0",
        None,
        None,
    ),
]


def _period(kind: str, year: int, number: int) -> Period:
    from tinhso.indicators import services as indicator_services

    return indicator_services.period_get_or_create(kind=kind, year=year, number=number)


def seed_indicators(ctx: Context) -> dict[str, Indicator]:
    levels = {lv.code: lv for lv in UnitLevel.objects.all()}
    made = {}
    for code, name, uom, agg, freq, level, num, den, kind, lo, hi, change in INDICATORS:
        ind, _ = Indicator.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": uom,
                "aggregation": agg,
                "frequency": freq,
                "entry_level": levels[level],
                "numerator_label": num,
                "denominator_label": den,
                "kind": kind,
                "owner_unit": ctx.skhcn,
                "data_source": "Hệ thống thông tin giải quyết TTHC tỉnh"
                if agg == "ratio"
                else "Báo cáo của đơn vị",
                "min_value": Decimal(lo) if lo else None,
                "max_value": Decimal(hi) if hi else None,
                "max_change_pct": Decimal(change) if change else None,
                "decimals": 1 if agg == "ratio" else 0,
                "is_illustrative": agg != "last",
            },
        )
        made[code] = ind
    return made


def _months(start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


# Province-wide share trajectories: (value Jan 2024, value Jun 2025, value Oct 2026).
# DVC_TT passes through 64.6 % at 30/06/2025, the figure of the June 2025 report.
TRAJECTORIES = {
    "DVC_TT": (0.35, 0.646, 0.86),
    "SO_HOA": (0.50, 0.78, 0.93),
    "KQ_DT": (0.55, 0.80, 0.95),
    "TT_TT": (0.18, 0.42, 0.63),
}
LAST_MONTH = (2026, 10)
REFORM = D(2025, 7, 1)


def _share(code: str, index: int) -> float:
    start, mid, end = TRAJECTORIES[code]
    if index <= 17:  # Jan 2024 … Jun 2025
        return start + (mid - start) * index / 17
    return mid + (end - mid) * (index - 17) / 16


def _rollup_paths(units: list[Unit]) -> dict[int, str]:
    """Where each unit's values count today: its own path, or its successor's (lineage)."""
    from tinhso.units.models import UnitLineage

    paths = {u.pk: u.path for u in units if u.valid_to is None}
    closed = [u.pk for u in units if u.valid_to is not None]
    links = (
        UnitLineage.objects.filter(predecessor_id__in=closed)
        .select_related("successor")
        .order_by("predecessor_id", "partial", "successor_id")
    )
    for link in links:
        paths.setdefault(link.predecessor_id, link.successor.path)
    return paths


def seed_indicator_values(ctx: Context, indicators: dict[str, Indicator]) -> int:
    """Monthly commune figures 2024-01 … 2026-10: former communes before the reform,
    the 95 new ones after; a few missing reports and outliers for the warnings."""
    if IndicatorValue.objects.exists():
        return 0
    rng = ctx.rng
    months = _months(D(2024, 1, 1), D(*LAST_MONTH, 1))
    periods = {(y, m): _period(PeriodKind.MONTH, y, m) for y, m in months}
    units = ctx.former_communes + ctx.communes
    paths = _rollup_paths(units)
    size = {u.pk: rng.randint(90, 380) if u.valid_to else rng.randint(320, 1500) for u in units}
    skill = {u.pk: rng.uniform(-0.08, 0.08) for u in units}
    demo_codes = {"26068", "26080", "26173"}
    silent = set(rng.sample([c.pk for c in ctx.communes if c.code not in demo_codes], k=4))
    values: list[IndicatorValue] = []
    for index, (y, m) in enumerate(months):
        period = periods[(y, m)]
        first = D(y, m, 1)
        reporters = ctx.former_communes if first < REFORM else ctx.communes
        for unit in reporters:
            if (y, m) == LAST_MONTH and unit.code in demo_codes:
                continue  # left for the demo officer to enter
            if (y, m) >= (2026, 9) and unit.pk in silent:
                continue  # missing reports
            status = (
                ValueStatus.DRAFT
                if (y, m) == LAST_MONTH
                else ValueStatus.SUBMITTED
                if (y, m) >= (2026, 7)
                else ValueStatus.CONFIRMED
            )
            as_of = period.end + dt.timedelta(days=5)
            total = max(20, int(size[unit.pk] * rng.uniform(0.85, 1.15)))
            for code in TRAJECTORIES:
                share = min(
                    0.99, max(0.02, _share(code, index) + skill[unit.pk] + rng.uniform(-0.03, 0.03))
                )
                values.append(
                    IndicatorValue(
                        indicator=indicators[code],
                        unit=unit,
                        period=period,
                        numerator=Decimal(int(total * share)),
                        denominator=Decimal(total),
                        value=(Decimal(int(total * share)) * 100 / Decimal(total)).quantize(
                            Decimal("0.0001")
                        ),
                        status=status,
                        source="Hệ thống thông tin giải quyết TTHC tỉnh",
                        as_of=as_of,
                        rollup_path=paths[unit.pk],
                        author=ctx.admin,
                    )
                )
            if first >= D(2025, 4, 1):
                trained = int(size[unit.pk] * rng.uniform(0.8, 1.6))
                values.append(
                    IndicatorValue(
                        indicator=indicators["BDHVS_NGUOI"],
                        unit=unit,
                        period=period,
                        value=Decimal(trained),
                        status=status,
                        as_of=as_of,
                        source="Nền tảng binhdanhocvuso.gov.vn (xuất theo xã)",
                        rollup_path=paths[unit.pk],
                        author=ctx.admin,
                    )
                )
            if first >= REFORM:
                values.append(
                    IndicatorValue(
                        indicator=indicators["CBCC_AI"],
                        unit=unit,
                        period=period,
                        value=Decimal(rng.randint(8, 40)),
                        status=status,
                        as_of=as_of,
                        source="Báo cáo của UBND xã",
                        rollup_path=paths[unit.pk],
                        author=ctx.admin,
                    )
                )
    # A few outliers, each explained, so the outlier list has something to show.
    for v in rng.sample([v for v in values if v.indicator.code == "BDHVS_NGUOI"], k=5):
        v.value = (v.value or Decimal(0)) * 6
        v.is_outlier = True
        v.comment = "Tổ chức đợt cao điểm phổ cập kỹ năng số cho hội viên các đoàn thể."
    IndicatorValue.objects.bulk_create(values, batch_size=2000)
    # Province-level figures as published (BC 198/BC-UBND, 20/06/2025) [C: S42].
    province_rows = [
        ("PHU_SONG_5G", 2025, 1, "13.8", D(2025, 6, 20), "BC 198/BC-UBND ngày 20/6/2025"),
        ("DN_KHCN", 2025, 1, "8", D(2025, 6, 20), "BC 198/BC-UBND ngày 20/6/2025"),
    ]
    for code, year, half, value, as_of, source in province_rows:
        IndicatorValue.objects.create(
            indicator=indicators[code],
            unit=ctx.province,
            period=_period(PeriodKind.HALF, year, half),
            value=Decimal(value),
            status=ValueStatus.CONFIRMED,
            as_of=as_of,
            source=source,
            rollup_path=ctx.province.path,
            author=ctx.admin,
        )
    return len(values) + len(province_rows)


def rebuild_rollups() -> None:
    from tinhso.indicators import services as indicator_services

    indicator_services.indicator_rollups_rebuild()
