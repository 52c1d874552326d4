"""Dossiers at province scale: load, scoped list (in-process and under gunicorn), 766, deadlines.

Starts its own PostgreSQL 15 on loopback in a temp dir (port 54411 unless --port), migrates,
loads the units, the 25 sourced + synthetic procedures (~2,200), ~6,000 officials and N
dossiers with their events (COPY, `dossiers/generator.py`), then prints:

* load rate (rows/s) and peak memory of the loading process;
* the scoped dossier list of a commune officer (two filters, one keyset page of 100 rows as
  JSON, `GET /api/v1/dossiers?...` with a token): p50/p95 in-process (Django test client);
* the same URL served by gunicorn (`tinhso.settings.prod`, 2 workers × 4 threads) under wrk
  (closed loop) at 1 and 16 connections: requests/s, p50/p95, peak RSS of the workers;
* EXPLAIN (ANALYZE, BUFFERS) of the list queries, and the alternative plans of ADR notes
  (`--plans`): UNION ALL per scope column with keyset;
* the Decision 766 index for the whole province for one quarter, full and incremental;
* due moments for 1M dossiers with `WorkingCalendar.due_many`.

Run:  PYTHONPATH=src .venv/bin/python bench/dossiers.py [--dossiers 1000000] [--duration 20]
Needs root or the postgres user (initdb runs as `postgres`), /usr/lib/postgresql/15 and
/usr/bin/wrk. Every process it starts is stopped by pid and the temp dir removed
(`--keep` leaves the cluster running and prints how to stop it).
"""

from __future__ import annotations

# ruff: noqa: S603, S607, S608  # a bench: fixed local commands and model table names only
import argparse
import atexit
import datetime as dt
import os
import pwd
import re
import resource
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
WRK = "/usr/bin/wrk"
SECRET = "bench-only-" + secrets.token_hex(16)
STARTED: list[subprocess.Popen[bytes]] = []
CLEANUP: list[Any] = []


# --- PostgreSQL in a temp dir ----------------------------------------------------------------


def run_as_postgres(args: list[str], **kw: Any) -> subprocess.CompletedProcess[bytes]:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, **kw)


def start_postgres(port: int) -> tuple[str, Path]:
    base = Path(tempfile.mkdtemp(prefix="bench-dossiers-"))
    if os.geteuid() == 0:
        pw = pwd.getpwnam("postgres")
        os.chown(base, pw.pw_uid, pw.pw_gid)
    data = base / "data"
    run_as_postgres(
        [
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        ]
    )
    options = " ".join(
        [
            f"-p {port}",
            f"-k {base}",
            "-c listen_addresses=127.0.0.1",
            "-c shared_buffers=4GB",
            "-c effective_cache_size=16GB",
            "-c work_mem=32MB",
            "-c maintenance_work_mem=2GB",
            "-c max_parallel_maintenance_workers=2",
            "-c max_wal_size=8GB",
            "-c checkpoint_timeout=30min",
            "-c wal_level=minimal",
            "-c max_wal_senders=0",
            # Bench only: a crash loses the throwaway cluster, nothing else.
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            "-c random_page_cost=1.1",
            "-c max_connections=100",
        ]
    )
    run_as_postgres(
        [
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            options,
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ]
    )
    CLEANUP.append(lambda: stop_postgres(base))
    run_as_postgres(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-c",
            "CREATE DATABASE bench",
        ]
    )
    return f"postgres://postgres@127.0.0.1:{port}/bench", base


def stop_postgres(base: Path) -> None:
    data = base / "data"
    if data.exists():
        subprocess.run(
            (["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else [])
            + [str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
            capture_output=True,
            check=False,
        )
    shutil.rmtree(base, ignore_errors=True)


def cleanup() -> None:
    for proc in STARTED:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    while CLEANUP:
        CLEANUP.pop()()


# --- helpers ---------------------------------------------------------------------------------


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def line(label: str, value: str) -> None:
    print(f"  {label:<62} {value}", flush=True)


def timed(fn: Any, runs: int) -> tuple[float, float]:
    fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), pct(samples, 0.95)


def maxrss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_hwm_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    m = re.search(r"VmHWM:\s+(\d+) kB", text)
    return int(m.group(1)) / 1024 if m else 0.0


# --- the world -------------------------------------------------------------------------------


def load_world(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from tinhso.accounts.models import Membership, Role, User
    from tinhso.dossiers import generator
    from tinhso.procedures.models import Procedure
    from tinhso.procedures.services import procedures_generate
    from tinhso.units.models import Unit
    from tinhso.workcalendar.deadlines import TZ

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    line("migrate", f"{time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    call_command("load_units", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    call_command("load_procedures", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    province = Unit.objects.current().get(province_code="75", level__code="province")
    procedures_generate(count=2200, seed=1, owner_unit=province)
    line(
        "units + procedures",
        f"{Unit.objects.count():,} units, {Procedure.objects.count():,} procedures "
        f"in {time.perf_counter() - t0:.1f} s",
    )
    # ~6,000 officials: wards 75, communes 45, departments 60, the centre 40 (10 % leaders).
    t0 = time.perf_counter()
    roles = {r.code: r for r in Role.objects.all()}
    current = Unit.objects.current().filter(province_code="75")
    units = list(
        current.filter(level__code__in=["commune", "department", "service_centre"])
        .exclude(level__code="service_centre", code__regex=r"^\d")
        .order_by("code")
    )
    password = make_password("bench-Pass-2025")
    users, memberships = [], []
    for unit in units:
        size = {"department": 60, "service_centre": 40}.get(unit.level.code) or (
            75 if unit.division_type == "phường" else 45
        )
        for i in range(size):
            users.append(
                User(username=f"b{unit.code}.{i}", full_name=f"Cán bộ {i}", password=password)
            )
    User.objects.bulk_create(users, batch_size=2000)
    ids = dict(User.objects.filter(username__startswith="b").values_list("username", "pk"))
    for unit in units:
        for name in [u.username for u in users if u.username.startswith(f"b{unit.code}.")]:
            leader = name.endswith((".0", ".1", ".2"))
            memberships.append(
                Membership(
                    user_id=ids[name], unit=unit, role=roles["leader" if leader else "officer"]
                )
            )
    Membership.objects.bulk_create(memberships, batch_size=2000)
    line("officials", f"{len(users):,} users in {time.perf_counter() - t0:.1f} s")

    end_day = dt.date.fromisoformat(args.end)
    end = dt.datetime.combine(end_day, dt.time(23, 59, 59), tzinfo=TZ)
    start = end_day - dt.timedelta(days=round(365.25 * args.years))
    profile = generator.profile_load(procedures=Procedure.objects.all(), seed=args.seed)
    rss0 = maxrss_mb()
    last = [time.perf_counter()]

    def progress(stats: generator.LoadStats) -> None:
        if time.perf_counter() - last[0] > 60:
            last[0] = time.perf_counter()
            line(
                "  … loading",
                f"{stats.dossiers:,} dossiers, {stats.rows / stats.load_seconds:,.0f} rows/s",
            )

    stats = generator.copy_load(
        profile, dossiers=args.dossiers, start=start, end=end, seed=args.seed, progress=progress
    )
    line(
        "dossiers + events (COPY)",
        f"{stats.dossiers:,} + {stats.events:,} rows in {stats.load_seconds:.1f} s = "
        f"{stats.rows_per_second:,.0f} rows/s (Python generation {stats.generate_seconds:.0f} s)",
    )
    line("indexes + constraints rebuilt", f"{stats.index_seconds:.1f} s")
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) dossiers_dossier")
        cursor.execute("VACUUM (ANALYZE) dossiers_dossierevent")
        cursor.execute("SELECT pg_size_pretty(pg_database_size('bench'))")
        size = cursor.fetchone()[0]
    line("vacuum analyze", f"{time.perf_counter() - t0:.1f} s; database {size}")
    line("peak RSS of the loader", f"{maxrss_mb():,.0f} MB (before the load {rss0:,.0f} MB)")
    shares = stats.status
    line("statuses", ", ".join(f"{k} {v:,}" for k, v in sorted(shares.items())))
    return {"start": start, "end": end}


def bench_user() -> tuple[Any, str, Any]:
    from tinhso.accounts.models import ApiToken, Membership, Role, User
    from tinhso.units.models import Unit

    unit = Unit.objects.current().get(code="26068", level__code="commune")  # Phường Biên Hòa
    user = User.objects.create(username="bench.officer", full_name="Bench officer")
    Membership.objects.create(user=user, unit=unit, role=Role.objects.get(code="officer"))
    prefix = secrets.token_hex(4)
    raw = f"tsk_{prefix}_{secrets.token_urlsafe(24)}"
    ApiToken.objects.create(
        user=user,
        name="bench",
        prefix=prefix,
        token_hash=ApiToken.hash_secret(raw),
        scopes=["dossiers:read"],
    )
    return user, raw, unit


def list_urls(unit: Any, world: dict[str, Any]) -> list[tuple[str, str]]:
    from django.db.models import Count

    from tinhso.dossiers.models import Dossier

    top = (
        Dossier.objects.filter(resolving_unit=unit)
        .values("procedure__code")
        .annotate(n=Count("id"))
        .order_by("-n")[:1]
    )
    code = top[0]["procedure__code"]
    end = world["end"].date()
    q_from = dt.date(end.year, ((end.month - 1) // 3) * 3 + 1, 1) - dt.timedelta(days=92)
    q_to = q_from + dt.timedelta(days=91)
    return [
        (
            "status + procedure",
            f"/api/v1/dossiers?status=returned&procedure={code}",
            {"status": ["returned"], "procedure": code},
        ),
        (
            "status + registered window",
            f"/api/v1/dossiers?status=returned&registered_from={q_from}&registered_to={q_to}",
            {"status": ["returned"], "registered_from": q_from, "registered_to": q_to},
        ),
        (
            "open + overdue (rare rows)",
            "/api/v1/dossiers?status=in_process&overdue=true",
            {"status": ["in_process"], "overdue": True},
        ),
        ("no filter (scope only)", "/api/v1/dossiers", {}),
    ]


def bench_in_process(
    user: Any, token: str, urls: list[tuple[str, str, dict[str, Any]]], runs: int
) -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from tinhso.dossiers import selectors

    settings.DEBUG = False
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    for label, url, filters in urls:
        f = selectors.DossierFilters(**filters)
        s50, s95 = timed(lambda f=f: selectors.dossier_list(user=user, filters=f), runs)
        line(f"selector dossier_list: {label}", f"p50 {s50:6.1f} ms  p95 {s95:6.1f} ms")
        r = client.get(url)
        assert r.status_code == 200, (url, r.status_code, r.content[:300])
        body = r.json()
        queries: list[str] = []

        def count(
            execute: Any, sql: str, params: Any, many: bool, context: Any, queries: Any = queries
        ) -> Any:
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        p50, p95 = timed(lambda url=url: client.get(url), runs)
        line(
            f"API in-process: {label}",
            f"p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  rows {len(body['items'])}  "
            f"{len(r.content) / 1024:.0f} KB  queries {len(queries)}",
        )


WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %.3f %.3f %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.errors.status, summary.errors.timeout + summary.errors.connect))
end
"""


def bench_gunicorn(
    token: str, urls: list[tuple[str, str, dict[str, Any]]], args: argparse.Namespace
) -> None:
    port = args.port + 100
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tinhso.settings.prod",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "src"),
    }
    cmd = [
        str(ROOT / ".venv/bin/gunicorn"),
        "tinhso.wsgi",
        "-w",
        str(args.workers),
        "--threads",
        str(args.threads),
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    STARTED.append(proc)
    import httpx

    headers = {"Authorization": f"Bearer {token}"}
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(base + urls[0][1], headers=headers, timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    else:
        raise RuntimeError("gunicorn did not answer")
    line("gunicorn", f"{args.workers} workers × {args.threads} threads, settings.prod, token auth")
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    script.write_text(WRK_SCRIPT)
    CLEANUP.append(lambda: script.unlink(missing_ok=True))
    for label, url, _f in urls[:2]:
        # Warm every worker and connection.
        for _ in range(20):
            httpx.get(base + url, headers=headers, timeout=10)
        for conns in (1, 16):
            threads = min(conns, 2)
            out = subprocess.run(
                [
                    WRK,
                    f"-t{threads}",
                    f"-c{conns}",
                    f"-d{args.duration}s",
                    "--timeout",
                    "10s",
                    "-s",
                    str(script),
                    "-H",
                    f"Authorization: Bearer {token}",
                    base + url,
                ],
                capture_output=True,
                text=True,
                timeout=args.duration + 60,
                check=True,
            ).stdout
            m = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+) (\d+)", out)
            assert m, out
            n, micros, p50, p95, bad, err = m.groups()
            rps = int(n) / (int(micros) / 1e6)
            line(
                f"gunicorn+wrk {conns:>2} conn: {label}",
                f"{rps:7.1f} req/s  p50 {float(p50):6.1f} ms  p95 {float(p95):6.1f} ms"
                f"  non-2xx {bad}  errors {err}",
            )
    workers = subprocess.run(
        ["pgrep", "-P", str(proc.pid)], capture_output=True, text=True, check=False
    ).stdout.split()
    hwm = [proc_hwm_mb(int(pid)) for pid in workers]
    line("peak RSS of the gunicorn workers", ", ".join(f"{x:,.0f} MB" for x in hwm))
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)


def explain(user: Any, urls: list[tuple[str, str, dict[str, Any]]]) -> None:
    """EXPLAIN ANALYZE of the list queries the selector runs (captured SQL and params)."""
    from django.db import connection

    from tinhso.dossiers import selectors

    captured: list[tuple[str, Any]] = []

    def grab(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    for name, _url, kwargs in urls:
        f = selectors.DossierFilters(**kwargs)
        captured.clear()
        with connection.execute_wrapper(grab):
            selectors.dossier_list(user=user, filters=f)
        sql, params = captured[-1]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(r[0] for r in cursor.fetchall())
        print(f"\n-- EXPLAIN {name}\n{sql % tuple(repr(p) for p in params)}\n{plan}\n", flush=True)


LIST_COLS = (
    "d.id, d.code, d.status, d.channel, d.applicant_name, d.registered_at, d.received_at,"
    " d.due_at, d.rescheduled_due_at, d.finished_at, d.timeliness, d.supplement_count,"
    " d.is_digitised, d.has_e_result, p.code, p.key, p.name, rc.code, rc.name, rs.code, rs.name"
)
LIST_JOINS = (
    "JOIN units_unit rs ON rs.id = d.resolving_unit_id"
    " JOIN units_unit rc ON rc.id = d.receiving_unit_id"
    " JOIN procedures_procedure p ON p.id = d.procedure_id"
)
ORDER = "ORDER BY registered_at DESC, id DESC LIMIT 101"
# The proposal: a stored generated flag for rows shared with other units, partial indexes on
# it, an index for the procedure filter; the list as UNION ALL of one index-ordered LATERAL
# scan per (scope column, unit id), each with its own LIMIT, merged by a top-N sort.
PROPOSAL_DDL = (
    "ALTER TABLE dossiers_dossier ADD COLUMN is_shared boolean GENERATED ALWAYS AS"
    " (receiving_unit_id <> resolving_unit_id OR return_unit_id <> resolving_unit_id) STORED",
    "CREATE INDEX dossier_shared_recv_idx ON dossiers_dossier"
    " (receiving_unit_id, registered_at DESC, id DESC) WHERE is_shared",
    "CREATE INDEX dossier_shared_ret_idx ON dossiers_dossier"
    " (return_unit_id, registered_at DESC, id DESC) WHERE is_shared",
    "CREATE INDEX dossier_res_proc_idx ON dossiers_dossier"
    " (resolving_unit_id, procedure_id, registered_at DESC, id DESC)",
    "ANALYZE dossiers_dossier",
)


def current_sql(filters: str) -> str:
    scope = (
        "(d.resolving_unit_id = ANY(%(ids)s) OR d.receiving_unit_id = ANY(%(ids)s)"
        " OR d.return_unit_id = ANY(%(ids)s))"
    )
    return (
        f"SELECT {LIST_COLS} FROM dossiers_dossier d {LIST_JOINS} WHERE {scope} {filters}"
        " ORDER BY d.registered_at DESC, d.id DESC LIMIT 101"
    )


def union_sql(filters: str) -> str:
    lateral = (
        "SELECT x.id, x.registered_at FROM unnest(%(ids)s::bigint[]) u(uid) CROSS JOIN LATERAL"
        " (SELECT id, registered_at FROM dossiers_dossier d WHERE {cond} {filters} {order}) x"
    )
    branches = [
        lateral.format(cond="resolving_unit_id = u.uid", filters=filters, order=ORDER),
        lateral.format(
            cond="is_shared AND receiving_unit_id = u.uid"
            " AND NOT (resolving_unit_id = ANY(%(ids)s))",
            filters=filters,
            order=ORDER,
        ),
        lateral.format(
            cond="is_shared AND return_unit_id = u.uid AND NOT (resolving_unit_id = ANY(%(ids)s))"
            " AND NOT (receiving_unit_id = ANY(%(ids)s))",
            filters=filters,
            order=ORDER,
        ),
    ]
    union = " UNION ALL ".join(f"({b})" for b in branches)
    return (
        f"WITH page AS (SELECT id, registered_at FROM ({union}) s {ORDER}) "
        f"SELECT {LIST_COLS} FROM page JOIN dossiers_dossier d ON d.id = page.id {LIST_JOINS}"
        " ORDER BY d.registered_at DESC, d.id DESC"
    )


def plan_alternatives(world: dict[str, Any]) -> None:
    """Current list SQL vs the proposal, measured with EXPLAIN ANALYZE (median of 7)."""
    from django.db import connection
    from django.db.models import Count

    from tinhso.accounts.access import Action, unit_ids_for
    from tinhso.accounts.models import Membership, Role, User
    from tinhso.dossiers.models import Dossier
    from tinhso.units.models import Unit

    end = world["end"]
    w_to = dt.datetime(end.year, ((end.month - 1) // 3) * 3 + 1, 1, tzinfo=end.tzinfo)
    w_from = (w_to - dt.timedelta(days=80)).replace(day=1)
    officers = []
    for code in ("26068", "26173"):  # a big ward and a small commune
        unit = Unit.objects.current().get(code=code, level__code="commune")
        user, _ = User.objects.get_or_create(username=f"plan.{code}", defaults={"full_name": code})
        Membership.objects.get_or_create(
            user=user, unit=unit, role=Role.objects.get(code="officer")
        )
        ids = sorted(unit_ids_for(user, Action.VIEW))
        procs = list(
            Dossier.objects.filter(resolving_unit=unit)
            .values_list("procedure_id", flat=True)
            .annotate(n=Count("id"))
            .order_by("-n")[:6]
        )
        officers.append((code, ids, procs[0], procs[-1]))
    cases = [
        ("status + procedure (top)", "AND {d}status = 'returned' AND {d}procedure_id = %(p)s"),
        ("status + procedure (6th)", "AND {d}status = 'returned' AND {d}procedure_id = %(q)s"),
        (
            "status + registered window",
            "AND {d}status = 'returned' AND {d}registered_at >= %(f)s AND {d}registered_at < %(t)s",
        ),
        ("open statuses", "AND {d}status IN ('received', 'in_process', 'supplement')"),
        ("scope only", ""),
    ]

    def median_ms(sql: str, params: dict[str, Any]) -> float:
        times = []
        with connection.cursor() as cursor:
            for _ in range(7):
                cursor.execute("EXPLAIN (ANALYZE) " + sql, params)
                last = cursor.fetchall()[-1][0]
                times.append(float(re.search(r"([\d.]+) ms", last).group(1)))  # type: ignore[union-attr]
        return statistics.median(times)

    results: dict[tuple[str, str], list[float]] = {}
    for label, filters in cases:
        for code, ids, top, sixth in officers:
            params = {"ids": ids, "p": top, "q": sixth, "f": w_from, "t": w_to}
            results[(code, label)] = [median_ms(current_sql(filters.format(d="d.")), params)]
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        for ddl in PROPOSAL_DDL:
            cursor.execute(ddl)
    line("proposal DDL (generated column, 3 indexes)", f"{time.perf_counter() - t0:.1f} s")
    for label, filters in cases:
        for code, ids, top, sixth in officers:
            params = {"ids": ids, "p": top, "q": sixth, "f": w_from, "t": w_to}
            results[(code, label)].append(median_ms(union_sql(filters.format(d="")), params))
    for (code, label), (before, after) in results.items():
        line(f"list SQL {code}: {label}", f"current {before:7.2f} ms  proposal {after:6.2f} ms")


def bench_766(world: dict[str, Any]) -> None:
    try:
        from tinhso.serviceindex import periods, services
    except ImportError as exc:  # pragma: no cover  # the hook while the app is missing
        line("766 index", f"HOOK: tinhso.serviceindex not importable ({exc})")
        return
    from django.db.models import F

    from tinhso.dossiers.models import Dossier

    end = world["end"].date()
    qnum = (end.month - 1) // 3 + 1
    q = periods.quarter(end.year, qnum - 1) if qnum > 1 else periods.quarter(end.year - 1, 4)
    t0 = time.perf_counter()
    result = services.serviceindex_refresh(period=q)
    line(
        f"766 quarter {q.code}, whole province, full",
        f"{time.perf_counter() - t0:6.2f} s ({result})",
    )
    for quarter_month in (q.months()[0],):
        since = dt.datetime.now(dt.UTC)
        time.sleep(0.01)
        ids = list(
            Dossier.objects.filter(
                resolving_unit__code="26173",
                received_at__gte=quarter_month.start_at,
                received_at__lt=quarter_month.end_at,
            ).values_list("pk", flat=True)[:50]
        )
        Dossier.objects.filter(pk__in=ids).update(
            version=F("version") + 1, updated_at=dt.datetime.now(dt.UTC)
        )
        t0 = time.perf_counter()
        result = services.serviceindex_refresh_changed(since=since)
        line(
            f"766 incremental ({len(ids)} dossiers of one commune changed)",
            f"{time.perf_counter() - t0:6.2f} s ({result})",
        )


def bench_due_many(n: int) -> None:
    from django.db import connection

    from tinhso.workcalendar.selectors import calendar_load

    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extract(epoch FROM received_at)::bigint, limit_amount, limit_unit,"
            " limit_policy FROM dossiers_dossier WHERE received_at IS NOT NULL"
            " AND limit_amount >= 1 AND limit_amount = trunc(limit_amount) LIMIT %s",
            [n],
        )
        rows = cursor.fetchall()
    fetch = time.perf_counter() - t0
    starts = [r[0] for r in rows]
    amounts = [int(r[1]) for r in rows]
    units = [r[2] for r in rows]
    policies = [r[3] or "day_count" for r in rows]
    years = [
        dt.datetime.fromtimestamp(min(starts), dt.UTC).year,
        dt.datetime.fromtimestamp(max(starts), dt.UTC).year,
    ]
    calendar = calendar_load(range(years[0] - 1, years[1] + 3))
    t0 = time.perf_counter()
    calendar.due_many(starts, amounts, units, policies)
    el = time.perf_counter() - t0
    line(
        f"due_many for {len(rows):,} dossiers",
        f"{el:6.2f} s ({len(rows) / el:,.0f}/s; fetch {fetch:.1f} s)",
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument("--end", default="2026-10-31")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=54411)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="Leave the cluster running.")
    parser.add_argument("--plans", action="store_true", help="Print EXPLAIN ANALYZE plans.")
    args = parser.parse_args()
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    url, base = start_postgres(args.port)
    if args.keep:
        CLEANUP.clear()
        print(f"cluster kept: {url}; stop with pg_ctl -D {base}/data stop; rm -rf {base}")
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tinhso.settings.dev")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    print(
        f"bench/dossiers.py: {args.dossiers:,} dossiers over {args.years} years to {args.end}, "
        f"PostgreSQL 15 on 127.0.0.1:{args.port} ({base})",
        flush=True,
    )
    world = load_world(args)
    user, token, unit = bench_user()
    urls = list_urls(unit, world)
    print("\nScoped list as a commune officer (Phường Biên Hòa), one page of 100 rows:", flush=True)
    bench_in_process(user, token, urls, args.runs)
    if args.plans:
        explain(user, urls)
    print("\nServed by gunicorn, closed loop with wrk:", flush=True)
    bench_gunicorn(token, urls, args)
    print("\nDecision 766 and deadlines:", flush=True)
    bench_766(world)
    bench_due_many(1_000_000)
    if args.plans:
        print("\nList SQL, current vs proposed (EXPLAIN ANALYZE, median of 7):", flush=True)
        plan_alternatives(world)
    if args.keep:
        print(f"\nDATABASE_URL={url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
