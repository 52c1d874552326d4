"""`manage.py load_units`: levels, provinces, communes, Đồng Nai's agencies and 2025 lineage."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from tinhso.units.loading import units_load_all


class Command(BaseCommand):
    help = (
        "Load (or refresh) the unit directory: 34 provinces and 3,321 communes from "
        "vietnam-provinces, Đồng Nai's departments and service centres, and the 2025 "
        "lineage of Đồng Nai. Idempotent; never deletes units."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        report = units_load_all()
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"Units: {report.units_created} created, {report.units_updated} updated, "
            f"{report.units_unchanged} unchanged."
        )
        for label, count in report.by_level.items():
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(
            f"Lineage links: {report.lineage_created} created, {report.lineage_updated} "
            f"updated, {report.lineage_unchanged} unchanged."
        )
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
