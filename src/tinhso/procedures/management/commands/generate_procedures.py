"""`manage.py generate_procedures --count 2200 --seed 1`: synthetic catalogue for scale runs."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tinhso.procedures import selectors, services
from tinhso.units.selectors import unit_get


class Command(BaseCommand):
    help = "Fill the catalogue with synthetic procedures (marked synthetic) up to --count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=2200)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--owner", help="Code of the owner unit (default: the province).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        owner = unit_get(code=options["owner"]) if options["owner"] else None
        deleted, created = services.procedures_generate(
            count=options["count"],
            seed=options["seed"],
            owner_unit=owner or selectors.default_owner_unit(),
        )
        self.stdout.write(
            f"synthetic procedures: {deleted} replaced, {created} created "
            f"in {time.perf_counter() - started:.2f}s"
        )
