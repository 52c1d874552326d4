"""`manage.py load_procedures [path]`: load the national seed records (idempotent)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.procedures import selectors, services
from tinhso.units.selectors import unit_get

SEED = Path(__file__).resolve().parents[2] / "data" / "procedures.json"


class Command(BaseCommand):
    help = "Load procedures from a JSON file in the shape of data/procedures.json (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(SEED))
        parser.add_argument("--owner", help="Code of the owner unit (default: the province).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        data = json.loads(Path(options["path"]).read_text(encoding="utf-8"))
        owner = unit_get(code=options["owner"]) if options["owner"] else None
        owner = owner or selectors.default_owner_unit()
        result = services.procedures_import_system(data=data, owner_unit=owner)
        if result.errors:
            lines = [f"{k}: {'; '.join(v)}" for k, v in sorted(result.errors.items())]
            raise CommandError("Nothing loaded:\n" + "\n".join(lines))
        self.stdout.write(
            f"created {len(result.created)}, updated {len(result.updated)}, unchanged "
            f"{len(result.unchanged)}, documents created {result.documents_created} "
            f"in {time.perf_counter() - started:.2f}s"
        )
