"""Benchmark of indicator values and rollups at province scale (target: each read ≤ 50 ms).

Loads N values (default 5,000,000 = 95 communes × 60 months × 877 indicators) with COPY
into the database named by DATABASE_URL (PostgreSQL; never the dev database: the script
refuses SQLite and wipes the indicator tables), rebuilds the rollups set-based, then times
(p50/p95 over repeated calls, with query counts):

* the province series of one indicator over 60 months (selector, then the API endpoint),
* the entry grid of one commune for one month (selector, then the whole page),
* one value save with its incremental rollup refresh (service).

Run (throwaway PostgreSQL, see bench/README.md):
  DATABASE_URL=postgres://postgres@/tinhso_bench?host=/tmp\\&port=54404 \\
  PYTHONPATH=src .venv/bin/python bench/indicators.py [--values 1000000] [--repeat 50]

`--values` sets the number of indicators (values / (95 × 60)); `--months N` then loads only
the last N months of them (a quick run with the full catalogue).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from tinhso.accounts.models import Membership, Role, User  # noqa: E402
from tinhso.indicators import selectors, services  # noqa: E402
from tinhso.indicators.models import (  # noqa: E402
    Aggregation,
    Indicator,
    IndicatorRollup,
    IndicatorValue,
    Period,
)
from tinhso.units.models import Unit, UnitLevel  # noqa: E402

COMMUNES = 95
MONTHS = 60
FIRST_YEAR = 2021
PROVINCE_CODE = "99"  # a code no real province uses: the bench never touches real units
MIX = (
    [Aggregation.SUM] * 5
    + [Aggregation.RATIO] * 2
    + [
        Aggregation.AVERAGE,
        Aggregation.LAST,
        Aggregation.MAX,
    ]
)


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(label: str, fn: Callable[[], Any], repeat: int) -> None:
    fn()  # warm caches (plan cache, access cache, templates)
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        fn()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    print(
        f"{label:<58} p50 {statistics.median(samples):7.1f} ms   p95 {pct(samples, 0.95):7.1f} ms"
        f"   queries {len(queries)}"
    )


def level(code: str, name: str, order: int) -> UnitLevel:
    obj, _ = UnitLevel.objects.get_or_create(
        code=code, defaults={"name": name, "is_administrative": True, "sort_order": order}
    )
    return obj


def build_world(
    n_indicators: int, months: int
) -> tuple[Unit, list[Unit], list[Indicator], list[Period]]:
    province_level = level("province", "Tỉnh, thành phố", 10)
    commune_level = level("commune", "Xã, phường, đặc khu", 30)
    province = Unit.objects.filter(code=PROVINCE_CODE, level=province_level).first()
    if province is None:
        province = Unit(code=PROVINCE_CODE, name="Tỉnh Bench", level=province_level)
        province.save()
    communes = list(Unit.objects.filter(parent=province).order_by("code"))
    for i in range(len(communes), COMMUNES):
        unit = Unit(code=f"99{i:03d}", name=f"Xã Bench {i}", level=commune_level, parent=province)
        unit.save()
        communes.append(unit)
    Indicator.objects.filter(code__startswith="BENCH-").delete()
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                code=f"BENCH-{k:04d}",
                name=f"Chỉ tiêu bench {k}",
                unit_of_measure="%" if MIX[k % len(MIX)] == Aggregation.RATIO else "số",
                aggregation=MIX[k % len(MIX)],
                frequency="month",
                entry_level=commune_level,
                owner_unit=province,
                max_change_pct=Decimal(300),
                is_illustrative=True,
            )
            for k in range(n_indicators)
        ]
    )
    periods = [
        services.period_get_or_create("month", FIRST_YEAR + m // 12, m % 12 + 1)
        for m in range(MONTHS - months, MONTHS)
    ]
    return province, communes, indicators, periods


def load_values(communes: list[Unit], indicators: list[Indicator], periods: list[Period]) -> int:
    rng = random.Random(20251124)
    now = timezone.now()
    columns = (
        "indicator_id, unit_id, period_id, breakdown, value, numerator, denominator, status,"
        " source, as_of, comment, is_outlier, rollup_path, version, created_at, updated_at"
    )
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor: COPY is far faster than bulk_create
        with raw.copy(f"COPY {IndicatorValue._meta.db_table} ({columns}) FROM STDIN") as copy:
            for period in periods:
                for unit in communes:
                    for indicator in indicators:
                        status = "draft" if rng.random() < 0.02 else "confirmed"
                        if indicator.aggregation == Aggregation.RATIO:
                            den = rng.randint(50, 500)
                            num = rng.randint(0, den)
                            value: Any = round(num / den * 100, 4)
                        else:
                            num = den = None
                            value = rng.randint(0, 1000)
                        copy.write_row(
                            (
                                indicator.pk,
                                unit.pk,
                                period.pk,
                                "",
                                value,
                                num,
                                den,
                                status,
                                "bench",
                                period.end,
                                "",
                                False,
                                unit.path,
                                1,
                                now,
                                now,
                            )
                        )
                        count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--values", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--months", type=int, default=MONTHS, help="Months of data (≤ 60).")
    parser.add_argument("--skip-load", action="store_true", help="Reuse the loaded values.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a throwaway PostgreSQL database.", file=sys.stderr)
        return 2
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    call_command("migrate", verbosity=0)
    n_indicators = max(1, round(args.values / (COMMUNES * MONTHS)))
    months = min(args.months, MONTHS)

    if not args.skip_load:
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {IndicatorRollup._meta.db_table}")
            cursor.execute(f"TRUNCATE {IndicatorValue._meta.db_table}")
        t0 = time.perf_counter()
        with transaction.atomic():
            province, communes, indicators, periods = build_world(n_indicators, months)
            loaded = load_values(communes, indicators, periods)
        load_s = time.perf_counter() - t0
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndicatorValue._meta.db_table}")
        print(f"values loaded: {loaded:,} ({n_indicators} indicators) in {load_s:.1f} s")
        t0 = time.perf_counter()
        result = services.indicator_rollups_rebuild()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {IndicatorRollup._meta.db_table}")
        print(
            f"rollups rebuilt: {result.rollups:,} rows in {time.perf_counter() - t0:.1f} s"
            f" (re-pointed {result.repointed})"
        )
    province = Unit.objects.get(code=PROVINCE_CODE, level__code="province")
    communes = list(Unit.objects.filter(parent=province).order_by("code"))
    indicators = list(Indicator.objects.filter(code__startswith="BENCH-").order_by("code"))
    print(
        f"rows: {IndicatorValue.objects.count():,} values,"
        f" {IndicatorRollup.objects.count():,} rollups"
    )

    role, _ = Role.objects.get_or_create(
        code="admin",
        defaults={
            "name": "Quản trị đơn vị",
            "actions": ["view", "edit", "approve", "manage", "audit"],
            "scope": "subtree",
        },
    )
    user = User.objects.filter(username="bench-admin").first()
    if user is None:
        user = User.objects.create_user(username="bench-admin", password="bench-Pass-2025")  # noqa: S106  # throwaway bench account
        Membership.objects.create(user=user, unit=province, role=role)

    ratio = next(i for i in indicators if i.aggregation == Aggregation.RATIO)
    start, end = dt.date(FIRST_YEAR, 1, 1), dt.date(FIRST_YEAR + 4, 12, 31)
    series = selectors.indicator_series(
        user=user, indicator=ratio, unit=province, start=start, end=end
    )
    print(f"series points: {len(series)} (first {series[0].value:.2f} %, of 95 communes)")

    client = Client()
    client.force_login(user)
    url = f"/api/v1/indicators/{ratio.code}/series?unit={PROVINCE_CODE}&from={start}&to={end}"
    assert client.get(url).status_code == 200
    commune = communes[0]
    last = Period.objects.get(code=f"{FIRST_YEAR + 4}-M12")
    grid_url = f"/indicators/entry/?unit={commune.code}&period={last.code}"
    assert client.get(grid_url).status_code == 200

    print(f"\nrepeat {args.repeat}, {connection.vendor}, {IndicatorValue.objects.count():,} values")
    timed(
        "province series, 1 indicator × 60 months (selector)",
        lambda: selectors.indicator_series(
            user=user, indicator=ratio, unit=province, start=start, end=end
        ),
        args.repeat,
    )
    timed(
        "province series (GET /api/v1/indicators/{code}/series)",
        lambda: client.get(url),
        args.repeat,
    )
    timed(
        f"entry grid, 1 commune × {len(indicators)} indicators (selector)",
        lambda: selectors.entry_grid(user=user, unit=commune, period=last),
        args.repeat,
    )
    timed(
        "entry grid page (GET /indicators/entry/)",
        lambda: client.get(grid_url),
        max(5, args.repeat // 5),
    )
    counter = iter(range(10**9))

    def save_one() -> None:
        n = next(counter)
        services.indicator_value_save(
            actor=user,
            indicator=ratio,
            unit=commune,
            period=last,
            numerator=100 + n % 50,
            denominator=400,
            as_of=last.end,
            comment="bench",
        )

    IndicatorValue.objects.filter(indicator=ratio, unit=commune, period=last).update(
        status="submitted"
    )
    timed("save 1 value + incremental rollup (service)", save_one, args.repeat)

    # The whole commune-month at once: the bulk API and "confirm all" with their refresh.
    IndicatorValue.objects.filter(unit=commune, period=last).update(status="submitted")
    ratio_ids = {i.pk for i in indicators if i.aggregation == Aggregation.RATIO}

    def batch_body(n: int) -> str:
        rows = []
        for i in indicators:
            row: dict[str, Any] = {
                "indicator": i.code,
                "unit": commune.code,
                "period": last.code,
                "as_of": str(last.end),
                "comment": "bench",
            }
            if i.pk in ratio_ids:
                row.update(numerator=100 + n % 7, denominator=400)
            else:
                row["value"] = 500 + n % 7
            rows.append(row)
        return json.dumps({"rows": rows})

    bodies = iter(batch_body(n) for n in range(10**6))

    def post_batch() -> None:
        r = client.post(
            "/api/v1/indicators/values/batch", next(bodies), content_type="application/json"
        )
        assert r.status_code == 200, r.content[:300]

    timed(
        f"batch of {len(indicators)} values (POST /api/v1/indicators/values/batch)",
        post_batch,
        max(3, args.repeat // 10),
    )
    samples = []
    for _ in range(max(3, args.repeat // 10)):
        t0 = time.perf_counter()
        moved = services.indicator_values_set_status(
            actor=user, unit=commune, period=last, status="confirmed"
        )
        samples.append((time.perf_counter() - t0) * 1000)
        services.indicator_values_set_status(
            actor=user, unit=commune, period=last, status="submitted", reopen=True, reason="bench"
        )
    print(
        f"{'confirm ' + str(moved) + ' values of a commune-month (set_status)':<58}"
        f" p50 {statistics.median(samples):7.1f} ms   p95 {pct(samples, 0.95):7.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
