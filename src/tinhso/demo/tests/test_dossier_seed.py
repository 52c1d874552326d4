"""The dossier demo: realistic counts and rates computed from the rows, the demo officers'
queues have work in them, re-use is possible, and a second run creates nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import F

from tinhso.accounts.models import User
from tinhso.demo.dossiers import seed_dossiers
from tinhso.dossiers import selectors
from tinhso.dossiers.models import (
    ComponentSource,
    Dossier,
    DossierCodeCounter,
    DossierComponent,
    DossierEvent,
    DossierResult,
    Evaluation,
    Status,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_units", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    call_command("load_procedures", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    call_command("seed_demo", "--accounts-only", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115, PTH123
    return seed_dossiers()


def test_dossier_demo(seeded):
    """One seed (about 20 s on SQLite), several checks."""
    _counts_are_plausible(seeded)
    _rates_come_out_of_the_rows()
    _queues_of_the_demo_officers_have_work()
    _boundary_free_and_reuse_exist()
    _second_run_creates_nothing()


def _counts_are_plausible(summary):
    n = Dossier.objects.count()
    assert 15_000 <= n <= 25_000
    assert summary.dossiers == n
    assert 4 * n <= DossierEvent.objects.count() <= 6 * n
    assert not Dossier.objects.filter(procedure__is_synthetic=True).exists()
    assert Dossier.objects.filter(status=Status.RETURNED).count() > 0.8 * n
    finished = Dossier.objects.filter(status__in=[Status.DONE, Status.RETURNED]).count()
    assert DossierResult.objects.count() == finished
    evaluated = Evaluation.objects.count() / finished
    assert 0.22 <= evaluated <= 0.38
    assert DossierCodeCounter.objects.exists()


def _rates_come_out_of_the_rows():
    all_ = Dossier.objects.all()
    n = all_.count()
    digitised = all_.filter(is_digitised=True).count() / n
    doc = all_.filter(procedure__returns_document=True)
    e_result = doc.filter(has_e_result=True).count() / doc.count()
    online = all_.filter(channel="online").count() / n
    assert 0.78 <= digitised <= 0.87  # published figure about 82.3 %
    assert 0.79 <= e_result <= 0.89  # published figure about 84.4 %
    assert 0.45 <= online <= 0.72
    # The flags agree with the components (as `refresh_flags` derives them).
    no_file = all_.filter(is_digitised=True).exclude(components__digitised=True)
    assert not no_file.exists()
    late = all_.filter(timeliness="late").count() / all_.exclude(timeliness="").count()
    assert 0.02 <= late <= 0.09


def _queues_of_the_demo_officers_have_work():
    for username in ("phuly.canbo", "bienhoa.canbo"):
        queue = selectors.dossier_queue(user=User.objects.get(username=username))
        assert sum(len(rows) for rows in queue.values()) >= 3, (username, queue.keys())
        assert queue["overdue"] and queue["soon"]
    phuly = selectors.dossier_queue(user=User.objects.get(username="phuly.canbo"))
    assert phuly["supplement_returned"] and phuly["to_receive"]


def _boundary_free_and_reuse_exist():
    bf = Dossier.objects.exclude(receiving_unit=F("resolving_unit"))
    assert bf.filter(receiving_unit__code="26068", resolving_unit__code="26173").exists()
    share = bf.count() / Dossier.objects.count()
    assert 0.03 <= share <= 0.12
    reused = DossierComponent.objects.filter(source=ComponentSource.REUSED)
    assert reused.count() >= 20
    one = reused.select_related("reused_result", "dossier").first()
    assert one.reused_result.applicant_key == one.dossier.applicant_key
    assert one.reused_result.issued_at < one.dossier.registered_at
    assert (
        not Dossier.objects.filter(has_reused=True)
        .exclude(components__source=ComponentSource.REUSED)
        .exists()
    )


def _second_run_creates_nothing():
    before = Dossier.objects.count()
    again = seed_dossiers()
    assert again.dossiers == 0
    assert Dossier.objects.count() == before
