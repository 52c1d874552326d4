"""`manage.py outbox_deliver [--loop]`: deliver the due outbox messages once, or keep going."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tinhso.interop.delivery import OutboxConfig, deliver_due


class Command(BaseCommand):
    help = "Deliver the due outgoing messages (portal sync, notices to applicants)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--loop", action="store_true", help="Keep delivering until stopped.")
        parser.add_argument(
            "--interval", type=float, default=10.0, help="Seconds between runs with --loop."
        )
        parser.add_argument("--limit", type=int, default=None, help="Messages per run.")
        parser.add_argument(
            "--runs", type=int, default=0, help="With --loop: stop after this many runs (0: never)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        runs = 0
        while True:
            report = deliver_due(limit=options["limit"])
            counts = report.as_dict()
            summary = ", ".join(f"{k} {v}" for k, v in counts.items()) or "nothing due"
            self.stdout.write(summary)
            runs += 1
            if not options["loop"] or (options["runs"] and runs >= options["runs"]):
                return
            try:
                # A full batch means more is waiting: go on at once.
                if sum(counts.values()) < (options["limit"] or OutboxConfig.from_settings().batch):
                    time.sleep(options["interval"])
            except KeyboardInterrupt:  # pragma: no cover  # an operator's Ctrl-C
                return
