"""`manage.py seed_demo`: demo accounts (and, as apps arrive, their demo data) for Đồng Nai."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tinhso.demo.accounts import DEMO_PASSWORD, seed_demo_accounts
from tinhso.demo.dossiers import seed_dossiers
from tinhso.demo.finance import seed_finance
from tinhso.demo.literacy import seed_literacy
from tinhso.demo.projects import seed_projects
from tinhso.demo.serviceindex import seed_serviceindex_inputs
from tinhso.demo.steering import seed_steering
from tinhso.units.models import Unit


class Command(BaseCommand):
    help = "Seed the Đồng Nai demo (run load_units first). Idempotent."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--accounts-only",
            action="store_true",
            help="Seed the demo accounts only (no plans, tasks, indicators or reports).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not Unit.objects.filter(province_code="75", level__code="commune").exists():
            raise CommandError("No units yet: run `manage.py load_units` first.")
        accounts = seed_demo_accounts()
        title = f"Demo accounts (password for all: {DEMO_PASSWORD})"
        self.stdout.write(self.style.SUCCESS(title))
        for a in accounts:
            self.stdout.write(f"  {a.username:<20} {a.full_name:<24} {a.purpose}")
        self.stdout.write("  cb<commune code>.1-3  staff of every Đồng Nai commune (same password)")
        if options["accounts_only"]:
            return
        # The 25 national procedure records (sourced, see procedures/data/README.md).
        call_command("load_procedures", stdout=self.stdout)
        summary = seed_steering()
        self.stdout.write(
            self.style.SUCCESS("Steering demo (illustrative items are marked 'Minh họa')")
        )
        self.stdout.write(
            f"  {summary.documents} documents, {summary.plans} plans, {summary.targets} targets,"
            f" {summary.tasks} tasks, {summary.values} indicator values, {summary.reports} reports"
        )
        # Flagship projects first: the investment budget lines link to DA-01…DA-12.
        seed_projects(stdout=self.stdout)
        seed_finance(stdout=self.stdout)
        seed_literacy(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Dossier demo (history generated, queues live)"))
        seed_dossiers(stdout=self.stdout)
        # The 766 scores and their NQ 57 indicator values, from the dossiers just seeded
        # and the few figures a province enters by hand.
        seed_serviceindex_inputs(stdout=self.stdout)
        call_command("serviceindex_refresh", "--full", stdout=self.stdout)
        self.stdout.write("Open http://127.0.0.1:8000/ and sign in.")
