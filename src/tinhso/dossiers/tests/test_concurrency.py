"""Two officers acting on the same dossier at the same moment (PostgreSQL: real row locks).

SQLite serialises whole transactions, so these run on PostgreSQL only (CI runs the suite on
both)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from tinhso.accounts.tests.factories import member
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.dossiers import services
from tinhso.dossiers.models import Dossier, DossierEvent, Status
from tinhso.dossiers.tests.factories import received
from tinhso.units.tests.factories import UnitFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001  # the outcome is what the test checks
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_two_transitions_on_one_dossier_one_wins_the_other_gets_a_conflict():
    dossier = received(at=timezone.now() - dt.timedelta(hours=2))
    dossier = services.dossier_transition(
        actor=member(dossier.resolving_unit, "leader"), dossier=dossier, action="start"
    )
    officer = member(dossier.resolving_unit, "officer")
    leader = member(dossier.resolving_unit, "leader")
    version = dossier.version
    outcomes = _race(
        lambda: services.dossier_transition(
            actor=officer, dossier=dossier, action="finish", expected_version=version
        ),
        lambda: services.dossier_transition(
            actor=leader,
            dossier=dossier,
            action="stop",
            note="Không đủ điều kiện",
            expected_version=version,
        ),
    )
    wins = [o for o in outcomes if isinstance(o, Dossier)]
    conflicts = [o for o in outcomes if isinstance(o, ConcurrentEditError)]
    assert len(wins) == 1 and len(conflicts) == 1, outcomes
    fresh = Dossier.objects.get(pk=dossier.pk)
    assert fresh.version == version + 1
    assert fresh.status == wins[0].status
    assert DossierEvent.objects.filter(dossier=dossier).count() == 3  # receive, start, winner


def test_without_a_version_the_loser_is_refused_by_the_state_machine():
    dossier = received(at=timezone.now() - dt.timedelta(hours=2))
    officer = member(dossier.resolving_unit, "officer")
    outcomes = _race(
        lambda: services.dossier_transition(actor=officer, dossier=dossier, action="start"),
        lambda: services.dossier_transition(actor=officer, dossier=dossier, action="start"),
    )
    assert sum(isinstance(o, Dossier) for o in outcomes) == 1
    refused = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(refused) == 1 and refused[0].code == "invalid_transition"
    assert Dossier.objects.get(pk=dossier.pk).status == Status.IN_PROCESS


def test_simultaneous_receptions_get_distinct_codes():
    unit = UnitFactory(code="26068")
    officer = member(unit, "officer")
    moment = timezone.now() - dt.timedelta(minutes=5)
    outcomes = _race(*[lambda: received(unit, actor=officer, at=moment) for _ in range(4)])
    assert all(isinstance(o, Dossier) for o in outcomes), outcomes
    codes = sorted(o.code for o in outcomes)
    day = timezone.localdate(moment).strftime("%y%m%d")
    assert codes == [f"26068-{day}-{n:04d}" for n in range(1, 5)]
