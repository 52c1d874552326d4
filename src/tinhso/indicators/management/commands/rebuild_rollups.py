"""`manage.py rebuild_rollups [--indicator CODE]`: recompute indicator rollups from the values.

Run after a bulk load of values or after a unit reform recorded new lineage links: values
of closed units are re-pointed to their current successor, then every rollup is rewritten
set-based (see `indicators.rollups`).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from tinhso.indicators import selectors, services


class Command(BaseCommand):
    help = "Recompute indicator rollups (all indicators, or one) from the stored values."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", help="Only this indicator code.")

    def handle(self, *args: Any, **options: Any) -> None:
        indicator = None
        if code := options.get("indicator"):
            try:
                indicator = selectors.indicator_get(user=None, code=code)
            except Http404 as exc:
                raise CommandError(f"Unknown indicator {code}") from exc
        result = services.indicator_rollups_rebuild(indicator=indicator)
        self.stdout.write(
            f"{result.rollups} rollups written, {result.repointed} values re-pointed"
            f" in {result.seconds:.1f} s"
        )
