"""Recompute the stored 766 scores: what changed since the last run (default), one period
for every unit (`--period 2025-Q3`), or every period that has dossiers (`--full`)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.serviceindex import services
from tinhso.serviceindex.periods import parse


class Command(BaseCommand):
    help = "Recompute the stored Decision 766 scores (incrementally by default)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="Every period with dossiers.")
        parser.add_argument("--period", help="One period for every unit: 2025-M09, 2025-Q3, 2025.")

    def handle(self, *args: Any, **options: Any) -> None:
        period = None
        if options.get("period"):
            period = parse(options["period"])
            if period is None:
                raise CommandError(f"Unknown period code: {options['period']}")
        result = services.serviceindex_refresh(full=bool(options["full"]), period=period)
        self.stdout.write(
            f"{len(result.periods)} periods, {result.scores} scores,"
            f" {result.nq57_values} NQ57 values, {result.seconds:.2f} s"
        )
