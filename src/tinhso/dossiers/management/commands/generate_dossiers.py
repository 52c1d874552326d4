"""`manage.py generate_dossiers --dossiers 1000000 [--years 5] [--seed 1] [--end 2026-10-31]`.

Scale data: realistic dossiers with their status events for the province (see
`dossiers/generator.py`), appended to the database. PostgreSQL gets COPY (indexes and
constraints dropped during the load and rebuilt after, then ANALYZE); other databases get
`bulk_create`. Never run it against a production database.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from tinhso.dossiers import generator
from tinhso.procedures.models import Procedure
from tinhso.workcalendar.deadlines import TZ


class Command(BaseCommand):
    help = "Generate realistic dossiers with their events (scale runs; never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dossiers", type=int, default=1_000_000)
        parser.add_argument("--years", type=float, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--end", type=dt.date.fromisoformat, default=None)
        parser.add_argument("--province", default="75")
        parser.add_argument(
            "--real-only",
            action="store_true",
            help="Only the sourced procedures (not the synthetic catalogue).",
        )
        parser.add_argument(
            "--keep-indexes",
            action="store_true",
            help="PostgreSQL: load with the indexes in place (slower; for appends).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dossiers"] < 1:
            raise CommandError("--dossiers must be at least 1.")
        end_day = options["end"] or timezone.localdate()
        end = dt.datetime.combine(end_day, dt.time(23, 59, 59), tzinfo=TZ)
        start = end_day - dt.timedelta(days=round(365.25 * options["years"]))
        procedures = Procedure.objects.filter(status="active")
        if options["real_only"]:
            procedures = procedures.filter(is_synthetic=False)
        try:
            profile = generator.profile_load(
                province_code=options["province"], procedures=procedures, seed=options["seed"]
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        started = time.perf_counter()

        def progress(stats: generator.LoadStats) -> None:
            if stats.dossiers % 500_000 < 20_000 and options["verbosity"] > 1:
                self.stdout.write(f"  {stats.dossiers:,} dossiers, {stats.events:,} events")

        if connection.vendor == "postgresql":
            stats = generator.copy_load(
                profile,
                dossiers=options["dossiers"],
                start=start,
                end=end,
                seed=options["seed"],
                rebuild_indexes=not options["keep_indexes"],
                progress=progress,
            )
        else:
            stats = generator.bulk_load(
                profile, dossiers=options["dossiers"], start=start, end=end, seed=options["seed"]
            )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{stats.dossiers:,} dossiers and {stats.events:,} events ({start} – {end_day}) "
            f"in {elapsed:.1f} s: load {stats.load_seconds:.1f} s "
            f"({stats.rows_per_second:,.0f} rows/s), indexes {stats.index_seconds:.1f} s, "
            f"analyze {stats.analyze_seconds:.1f} s"
        )
        for status, count in sorted(stats.status.items()):
            self.stdout.write(f"  {status:<18} {count:>10,}")
