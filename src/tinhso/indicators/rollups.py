"""Rollup arithmetic: one SQL aggregate shared by the incremental refresh and the full rebuild.

Rule per aggregation (only submitted and confirmed values count; drafts never do):

* SUM     Σ value
* AVERAGE Σ value / count of values
* RATIO   Σ numerator / Σ denominator × scale (never an average of percentages)
* MAX     max value
* LAST    the value with the latest `as_of` (ties: the most recently created row)

A rollup row exists for every (indicator, unit, period, breakdown) where at least one
counted value lies in the unit's subtree, the unit itself included. "In the subtree" means
`value.rollup_path` starts with the unit's path; `rollup_path` already points closed units
to their successor, so lineage is handled once, at save time (see `services.value_rollup_path`).

Both paths run the same aggregate expressions in the database, so an incremental refresh
and a rebuild give identical numbers on SQLite and PostgreSQL. The SQL is portable (`||`,
`LIKE`, `CASE`, correlated `LIMIT 1`); `* 1.0` forces non-integer division on SQLite.
"""

# Only table names and "%s" placeholders are interpolated into the SQL below; every value
# travels as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import Aggregation, IndicatorRollup, IndicatorValue, ValueStatus

VALUE = IndicatorValue._meta.db_table
ROLLUP = IndicatorRollup._meta.db_table
INDICATOR = "indicators_indicator"
UNIT = "units_unit"

_COLUMNS = (
    "indicator_id, unit_id, period_id, breakdown, value, value_sum, numerator_sum,"
    " denominator_sum, contributors, confirmed, latest_as_of, updated_at"
)
_AGGREGATES = f"""
    CASE i.aggregation
        WHEN '{Aggregation.SUM.value}' THEN SUM(v.value)
        WHEN '{Aggregation.AVERAGE.value}' THEN
            CASE WHEN COUNT(v.value) > 0 THEN SUM(v.value) * 1.0 / COUNT(v.value) END
        WHEN '{Aggregation.RATIO.value}' THEN
            CASE WHEN SUM(v.denominator) > 0
                THEN SUM(v.numerator) * i.scale * 1.0 / SUM(v.denominator) END
        WHEN '{Aggregation.MAX.value}' THEN MAX(v.value)
        ELSE NULL
    END,
    SUM(v.value), SUM(v.numerator), SUM(v.denominator), COUNT(*),
    SUM(CASE WHEN v.status = '{ValueStatus.CONFIRMED.value}' THEN 1 ELSE 0 END),
    MAX(v.as_of), %s
"""
_GROUP = "GROUP BY i.id, i.aggregation, i.scale, {unit_col}, v.period_id, v.breakdown"
# LAST cannot be a portable GROUP BY aggregate: a second statement picks the latest value.
_LAST = f"""
    UPDATE {ROLLUP} SET value = (
        SELECT v.value FROM {VALUE} v
        WHERE v.indicator_id = {ROLLUP}.indicator_id
          AND v.period_id = {ROLLUP}.period_id
          AND v.breakdown = {ROLLUP}.breakdown
          AND v.status <> '{ValueStatus.DRAFT.value}'
          AND v.rollup_path LIKE (
              (SELECT u.path FROM {UNIT} u WHERE u.id = {ROLLUP}.unit_id) || '%%')
        ORDER BY v.as_of DESC, v.id DESC
        LIMIT 1
    )
    WHERE indicator_id IN (
        SELECT id FROM {INDICATOR} WHERE aggregation = '{Aggregation.LAST.value}')
"""


def _in(column: str, ids: Iterable[int]) -> tuple[str, list[int]]:
    values = sorted(set(ids))
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


def ancestor_ids(path: str) -> list[int]:
    """The ids of the units on a materialised path ("/1/45/" → [1, 45]), root first."""
    return [int(part) for part in path.strip("/").split("/") if part]


def refresh(
    *, indicator_ids: Iterable[int], period_ids: Iterable[int], unit_ids: Iterable[int]
) -> None:
    """Recompute the rollups of every (indicator, period, unit) in the given cross product.

    Callers pass the ancestors of the rollup units of the values they wrote; breakdowns are
    all recomputed (cheap, and it covers a value that moved between breakdowns). Runs
    inside the caller's transaction. Side effects: deletes and re-inserts rollup rows.
    """
    ind_sql, ind_params = _in("indicator_id", indicator_ids)
    per_sql, per_params = _in("period_id", period_ids)
    unit_sql, unit_params = _in("unit_id", unit_ids)
    if not ind_params or not per_params or not unit_params:
        return
    key_params = ind_params + per_params + unit_params
    anc_sql = unit_sql.replace("unit_id", "id")
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {ROLLUP} WHERE {ind_sql} AND {per_sql} AND {unit_sql}", key_params
        )
        cursor.execute(
            f"""INSERT INTO {ROLLUP} ({_COLUMNS})
            SELECT i.id, a.id, v.period_id, v.breakdown, {_AGGREGATES}
            FROM {VALUE} v
            JOIN {INDICATOR} i ON i.id = v.indicator_id
            JOIN {UNIT} a ON v.rollup_path LIKE (a.path || '%%')
            WHERE v.status <> %s AND v.{ind_sql} AND v.{per_sql} AND a.{anc_sql}
            {_GROUP.format(unit_col="a.id")}""",
            [timezone.now(), ValueStatus.DRAFT.value, *key_params],
        )
        cursor.execute(f"{_LAST} AND {ind_sql} AND {per_sql} AND {unit_sql}", key_params)


@dataclass(frozen=True)
class RebuildResult:
    """What a rebuild did: rollup rows written, values re-pointed, seconds taken."""

    rollups: int
    repointed: int
    seconds: float


def rebuild(*, indicator_id: int | None, path_by_unit: dict[int, str]) -> RebuildResult:
    """Rebuild all rollups (of one indicator, or every one) set-based, in three statements.

    `path_by_unit` maps each unit that has values to the path its values count under (its
    own, or its successor's). Values whose stored `rollup_path` differs are re-pointed
    first (a lineage change), then an ancestor map (rollup path → each unit on it) is
    loaded into a temporary table and one `INSERT … SELECT … GROUP BY` writes every rollup.
    """
    started = timezone.now()
    ind_filter = "" if indicator_id is None else " AND indicator_id = %s"
    ind_params: list[int] = [] if indicator_id is None else [indicator_id]
    repointed = 0
    with connection.cursor() as cursor:
        for unit_id, path in sorted(path_by_unit.items()):
            cursor.execute(
                f"UPDATE {VALUE} SET rollup_path = %s"
                f" WHERE unit_id = %s AND rollup_path <> %s{ind_filter}",
                [path, unit_id, path, *ind_params],
            )
            repointed += max(cursor.rowcount, 0)
        cursor.execute(f"DELETE FROM {ROLLUP} WHERE 1 = 1{ind_filter}", ind_params)
        cursor.execute("DROP TABLE IF EXISTS tmp_rollup_ancestor")
        cursor.execute(
            "CREATE TEMPORARY TABLE tmp_rollup_ancestor"
            " (rollup_path varchar(255) NOT NULL, ancestor_id bigint NOT NULL)"
        )
        pairs = [
            (path, ancestor)
            for path in sorted(set(path_by_unit.values()))
            for ancestor in ancestor_ids(path)
        ]
        if pairs:
            cursor.executemany("INSERT INTO tmp_rollup_ancestor VALUES (%s, %s)", pairs)
        cursor.execute(
            f"""INSERT INTO {ROLLUP} ({_COLUMNS})
            SELECT i.id, m.ancestor_id, v.period_id, v.breakdown, {_AGGREGATES}
            FROM {VALUE} v
            JOIN {INDICATOR} i ON i.id = v.indicator_id
            JOIN tmp_rollup_ancestor m ON m.rollup_path = v.rollup_path
            WHERE v.status <> %s{ind_filter.replace("indicator_id", "v.indicator_id")}
            {_GROUP.format(unit_col="m.ancestor_id")}""",
            [timezone.now(), ValueStatus.DRAFT.value, *ind_params],
        )
        rollups = max(cursor.rowcount, 0)
        cursor.execute(f"{_LAST}{ind_filter}", ind_params)
        cursor.execute("DROP TABLE tmp_rollup_ancestor")
    seconds = (timezone.now() - started) / dt.timedelta(seconds=1)
    return RebuildResult(rollups=rollups, repointed=repointed, seconds=seconds)
