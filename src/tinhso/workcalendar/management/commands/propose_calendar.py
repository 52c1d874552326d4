"""`manage.py propose_calendar YEAR`: draft proposed days off for YEAR from `holidays`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tinhso.core.exceptions import DomainError
from tinhso.workcalendar.proposals import holiday_proposals
from tinhso.workcalendar.services import calendar_days_propose


class Command(BaseCommand):
    help = (
        "Draft 'proposed' days off for YEAR from the holidays package (country VN, civil "
        "service). Confirmed rows and existing drafts are never touched. Make-up working "
        "Saturdays and swapped days must be entered by hand from the official announcement."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="Calendar year, e.g. 2027.")

    def handle(self, *args: Any, **options: Any) -> None:
        year: int = options["year"]
        if not 1900 <= year <= 2300:
            raise CommandError(f"Year {year} is out of range.")
        proposals = holiday_proposals(year)
        try:
            outcomes = calendar_days_propose(actor=None, year=year, proposals=proposals)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        created = 0
        for item in outcomes:
            p = item.proposal
            label = f"{p.date:%d/%m/%Y} ({p.date:%a}) {p.reason}"
            if item.outcome == "created":
                created += 1
                self.stdout.write(f"  proposed  {label}")
            elif item.outcome == "exists":
                self.stdout.write(f"  kept      {label}: a {item.existing_status} row exists")
            else:
                self.stdout.write(f"  skipped   {label}: weekend, already a day off")
            if p.is_swap:
                self.stdout.write(
                    self.style.WARNING(
                        "            swapped day: enter its make-up Saturday by hand"
                    )
                )
        self.stdout.write(self.style.SUCCESS(f"{created} day(s) proposed for {year}."))
        self.stdout.write(
            self.style.WARNING(
                "Check every proposal against the official announcement, then confirm it. "
                "The holidays package knows no make-up working Saturdays and misses some "
                "swaps: enter those by hand."
            )
        )
