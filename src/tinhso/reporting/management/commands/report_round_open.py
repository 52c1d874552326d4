"""Open a reporting round: `manage.py report_round_open nq57-quy 2025-Q3` (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.indicators.models import Period
from tinhso.reporting import services
from tinhso.reporting.models import ReportSchedule


class Command(BaseCommand):
    help = "Open (or complete) the round of a reporting regime for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("schedule", help="Regime code, e.g. nq57-quy.")
        parser.add_argument("period", help="Period code, e.g. 2025-Q3.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            schedule = ReportSchedule.objects.get(code=options["schedule"])
            period = Period.objects.get(code=options["period"])
        except (ReportSchedule.DoesNotExist, Period.DoesNotExist) as exc:
            raise CommandError(str(exc)) from exc
        round_ = services.report_round_open(actor=None, schedule=schedule, period=period)
        count = round_.obligations.count()
        self.stdout.write(f"{round_.title}: due {round_.due_on:%d/%m/%Y}, {count} reporting units")
