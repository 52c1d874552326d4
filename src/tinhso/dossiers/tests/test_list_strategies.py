"""The two ways of reading a list page give the same rows (PostgreSQL: the `branches`
strategy needs sliced UNION members, which SQLite cannot compile)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection
from django.utils import timezone

from tinhso.accounts.tests.factories import member
from tinhso.dossiers.models import Status
from tinhso.dossiers.selectors import DossierFilters, dossier_list
from tinhso.dossiers.tests.factories import DossierFactory
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not connection.features.supports_slicing_ordering_in_compound,
        reason="sliced UNION members (PostgreSQL)",
    ),
]


def _pages(user, filters, strategy, limit=7):
    codes, after = [], None
    while True:
        page = dossier_list(user=user, filters=filters, after=after, limit=limit, strategy=strategy)
        codes.append([r["code"] for r in page.rows])
        if page.next_cursor is None:
            return codes
        after = page.next_cursor


def test_branches_and_scan_agree_on_every_page():
    rng = random.Random(7)
    province = UnitFactory(province=True, code="75")
    a, b, c = (UnitFactory(parent=province) for _ in range(3))
    procedures = [ProcedureFactory(owner_unit=province) for _ in range(3)]
    base = timezone.now() - dt.timedelta(days=60)
    for i in range(80):
        resolving = rng.choice([a, b, c])
        receiving = resolving if rng.random() < 0.7 else rng.choice([a, b, c])
        DossierFactory(
            resolving_unit=resolving,
            receiving_unit=receiving,
            return_unit=rng.choice([receiving, resolving, c]),
            procedure=rng.choice(procedures),
            status=rng.choice([Status.IN_PROCESS, Status.DONE, Status.RETURNED]),
            # Ties on the sort key on purpose: the id breaks them.
            registered_at=base + dt.timedelta(hours=i // 3),
        )
    officer = member(a, "officer")
    cases = [
        DossierFilters(),
        DossierFilters(status=[Status.DONE]),
        DossierFilters(procedure=procedures[0].code),
        DossierFilters(status=[Status.RETURNED], procedure=procedures[1].code),
    ]
    for filters in cases:
        branches = _pages(officer, filters, "branches")
        scan = _pages(officer, filters, "scan")
        assert branches == scan
        flat = [code for page in scan for code in page]
        assert len(flat) == len(set(flat))
    # The officer of A sees rows A resolves, received or returns — and only those.
    seen = {code for page in _pages(officer, DossierFilters(), "branches") for code in page}
    assert seen and all(code for code in seen)
