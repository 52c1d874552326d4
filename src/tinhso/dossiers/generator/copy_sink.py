"""`copy_load`: the PostgreSQL COPY sink of the dossier generator."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import psycopg
from django.db import connection

from tinhso.dossiers.models import (
    Dossier,
    DossierCodeCounter,
    DossierEvent,
)
from tinhso.workcalendar.deadlines import TZ
from tinhso.workcalendar.selectors import calendar_load

from .batches import generate
from .profile import LoadStats, Mix, Profile
from .rows import _D, DAY, DOSSIER_COLUMNS, EVENT_COLUMNS, UTC_OFFSET


class _Formatter:
    """COPY text lines from row tuples: times from two lookup tables, no datetime objects."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._sods = [
            f"{h:02d}:{m:02d}:{sec:02d}+07"
            for h in range(24)
            for m in range(60)
            for sec in range(60)
        ]

    def ts(self, t: int | None) -> str:
        if t is None:
            return "\\N"
        local = t + UTC_OFFSET
        d, sod = divmod(local, DAY)
        day = self._days.get(d)
        if day is None:
            day = (dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoformat() + " "
            self._days[d] = day
        return day + self._sods[sod]

    def dossier(self, r: tuple[Any, ...]) -> str:
        ts = self.ts
        return (
            f"{r[0]}\t{r[1]}\t{r[2]}\t{_n(r[3])}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{r[8]}\t"
            f"{r[9]}\t{r[10]}\t{r[11]}\t{r[12]}\t{r[13]}\t{_b(r[14])}\t{r[15]}\t{r[16]}\t"
            f"{r[17]}\t{_n(r[18])}\t{_n(r[19])}\t{r[20]}\t{ts(r[21])}\t{ts(r[22])}\t"
            f"{_n(r[23])}\t{r[24]}\t{r[25]}\t{ts(r[26])}\t{ts(r[27])}\t{ts(r[28])}\t{r[29]}\t"
            f"{ts(r[30])}\t{ts(r[31])}\t{r[32]}\t{r[33]}\t{ts(r[34])}\t{r[35]}\t{r[36]}\t"
            f"{_b(r[37])}\t{_b(r[38])}\t{_b(r[39])}\t{_b(r[40])}\t{_b(r[41])}\t{r[42]}\t"
            f"{_b(r[43])}\t{ts(r[44])}\t{r[45]}\t{ts(r[46])}\t{ts(r[47])}\n"
        )

    def event(self, r: tuple[Any, ...]) -> str:
        ts = self.ts
        actor = "\\N" if r[7] is None else r[7]
        due = "\\N" if r[10] is None else ts(r[10])
        return (
            f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{ts(r[6])}\t{actor}\t"
            f"{r[8]}\t{r[9]}\t{due}\n"
        )


def _n(v: Any) -> Any:
    return "\\N" if v is None else v


def _b(v: Any) -> str:
    return "t" if v else "f"


def _table_ddl(cursor: Any, table: str) -> tuple[list[str], list[str]]:
    """(drop statements, create statements) of the table's secondary indexes, unique and
    foreign-key constraints: dropped before a bulk COPY, recreated after (much faster)."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS ("
        " SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [table],
    )
    indexes = cursor.fetchall()
    drops = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for name, _d in constraints]
    drops += [f"DROP INDEX {name}" for name, _d in indexes]
    creates = [ddl for _n, ddl in indexes]
    creates += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {d}' for name, d in constraints]
    return drops, creates


def _next_ids() -> tuple[int, int]:
    last_d = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_e = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last_d + 1, last_e + 1


def _existing_counters() -> dict[tuple[int, dt.date], int]:
    return {
        (u, d): n for u, d, n in DossierCodeCounter.objects.values_list("unit_id", "day", "last")
    }


def copy_load(
    profile: Profile,
    *,
    dossiers: int,
    start: dt.date,
    end: dt.datetime,
    seed: int = 1,
    mix: Mix | None = None,
    rebuild_indexes: bool = True,
    chunk: int = 20000,
    progress: Callable[[LoadStats], None] | None = None,
) -> LoadStats:
    """Generate and COPY dossiers, events and code counters into PostgreSQL (appends).

    With `rebuild_indexes` the secondary indexes, unique and foreign-key constraints of the
    two big tables are dropped first and recreated after the load (one sort each instead of
    millions of index inserts and per-row foreign-key checks), then ANALYZE.
    """
    if connection.vendor != "postgresql":
        raise ValueError("copy_load needs PostgreSQL; use bulk_load.")
    stats = LoadStats()
    fmt = _Formatter()
    first_id, first_event = _next_ids()
    counters_from = _existing_counters()
    # Every query before the COPYs start: the connection is busy until they end.
    calendar = calendar_load(range(start.year - 1, end.astimezone(TZ).year + 3))
    tables = (Dossier._meta.db_table, DossierEvent._meta.db_table)
    t_all = time.perf_counter()
    with connection.cursor() as cursor:
        creates: list[str] = []
        if rebuild_indexes:
            # The event table first: its foreign key points at the dossier table.
            for table in reversed(tables):
                drops, more = _table_ddl(cursor, table)
                for sql in drops:
                    cursor.execute(sql)
                creates = more + creates if table == tables[1] else creates + more
            # Dossier indexes first, then the event table's (its FK needs dossier's PK only).
        d_cols = ", ".join(DOSSIER_COLUMNS)
        e_cols = ", ".join(EVENT_COLUMNS)
        batches = generate(
            profile,
            dossiers=dossiers,
            start=start,
            end=end,
            seed=seed,
            mix=mix,
            first_id=first_id,
            first_event_id=first_event,
            chunk=chunk,
            counters_from=counters_from,
            calendar=calendar,
        )
        counters: list[tuple[int, dt.date, int]] = []
        t_gen = 0.0

        def feed(write_d: Callable[[str], None], write_e: Callable[[str], None]) -> None:
            nonlocal counters, t_gen
            while True:
                t0 = time.perf_counter()
                batch = next(batches, None)
                if batch is None:
                    return
                d_text = "".join(map(fmt.dossier, batch.dossiers))
                e_text = "".join(map(fmt.event, batch.events))
                t_gen += time.perf_counter() - t0
                write_d(d_text)
                write_e(e_text)
                stats.dossiers += len(batch.dossiers)
                stats.events += len(batch.events)
                stats.status.update(r[_D["status"]] for r in batch.dossiers)
                counters = batch.counters or counters
                if progress:
                    stats.load_seconds = time.perf_counter() - t_all
                    progress(stats)

        d_sql = f"COPY {tables[0]} ({d_cols}) FROM STDIN"
        e_sql = f"COPY {tables[1]} ({e_cols}) FROM STDIN"
        if rebuild_indexes:
            # No foreign keys during the load: two connections, one long COPY each, so the
            # server parses one chunk while Python generates the next (both cores busy).
            with (
                psycopg.connect(**_psycopg_params(), autocommit=True) as events_conn,
                cursor.cursor.copy(d_sql) as d_copy,
                events_conn.cursor() as e_cursor,
                e_cursor.copy(e_sql) as e_copy,
            ):
                feed(d_copy.write, e_copy.write)
        else:

            def write_d(text: str) -> None:
                with cursor.cursor.copy(d_sql) as copy:
                    copy.write(text)

            def write_e(text: str) -> None:
                with cursor.cursor.copy(e_sql) as copy:
                    copy.write(text)

            feed(write_d, write_e)
        _write_counters(cursor, counters)
        stats.counters = len(counters)
        stats.generate_seconds = t_gen
        stats.load_seconds = time.perf_counter() - t_all
        t0 = time.perf_counter()
        for sql in creates:
            cursor.execute(sql)
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # model table names
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        stats.index_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        for table in (*tables, DossierCodeCounter._meta.db_table):
            cursor.execute(f"ANALYZE {table}")
        stats.analyze_seconds = time.perf_counter() - t0
    return stats


def _psycopg_params() -> dict[str, Any]:
    """Connection parameters of Django's default database, for a second connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return {k: v for k, v in params.items() if v is not None and k != "options" or v}


def _write_counters(cursor: Any, counters: list[tuple[int, dt.date, int]]) -> None:
    """Upsert the code counters: the next reception continues the numbering."""
    table = DossierCodeCounter._meta.db_table
    cursor.execute("CREATE TEMP TABLE _gen_counter (unit_id int, day date, last int)")
    with cursor.cursor.copy("COPY _gen_counter (unit_id, day, last) FROM STDIN") as copy:
        copy.write("".join(f"{u}\t{d.isoformat()}\t{n}\n" for u, d, n in counters))
    cursor.execute(
        f"INSERT INTO {table} (unit_id, day, last) SELECT unit_id, day, last FROM _gen_counter "  # noqa: S608  # model table name
        "ON CONFLICT (unit_id, day) DO UPDATE SET last = GREATEST("
        f"{table}.last, EXCLUDED.last)"
    )
    cursor.execute("DROP TABLE _gen_counter")
