"""Two delivery workers at once never send the same message (SKIP LOCKED, PostgreSQL).

SQLite has no row locks (`select_for_update` is a no-op and writers are serialised), so the
two-thread test runs only on PostgreSQL, as in CI's second pass.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import connection

from tinhso.dossiers.models import OutboxMessage
from tinhso.dossiers.tests.factories import received
from tinhso.interop.channels import Result
from tinhso.interop.delivery import deliver_due
from tinhso.interop.tests.helpers import CONFIG, later


class Slow:
    """Counts sends per message and takes its time, so the workers overlap."""

    wait_when_unconfigured = False

    def __init__(self, channel: str, sends: Counter, lock: threading.Lock) -> None:
        self.channel = channel
        self.sends = sends
        self.lock = lock

    def is_configured(self) -> bool:
        return True

    def send(self, message):
        with self.lock:
            self.sends[message.pk] += 1
        time.sleep(0.05)
        return Result.sent()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_never_send_the_same_message(tree):
    for _ in range(6):
        received(tree["A"])
    total = OutboxMessage.objects.count()
    sends: Counter = Counter()
    lock = threading.Lock()
    adapters = {c: Slow(c, sends, lock) for c in ("portal", "email", "sms", "zalo")}
    barrier = threading.Barrier(2)
    reports = []
    errors = []

    def worker() -> None:
        try:
            barrier.wait()
            reports.append(deliver_due(later(1), adapters=adapters, config=CONFIG))
        except Exception as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert errors == []
    assert len(sends) == total and set(sends.values()) == {1}
    assert sum(r.counts["sent"] for r in reports) == total
    assert all(r.counts["sent"] > 0 for r in reports)  # both really worked
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
