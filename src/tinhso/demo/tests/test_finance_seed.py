"""The budget demo: the published 2025 figures come out of the snapshots through
`finance.rates` (36 % overall, 45.6 % of VND 720 bn over 12 projects by 8 units)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from tinhso.accounts.models import User
from tinhso.demo.finance import LINES, seed_finance
from tinhso.finance import rates, selectors
from tinhso.finance.models import BudgetLine, BudgetSnapshot

pytestmark = pytest.mark.django_db

BN = 10**9


@pytest.fixture
def seeded():
    call_command("load_units", verbosity=0, stdout=io.StringIO())
    call_command("seed_demo", "--accounts-only", verbosity=0, stdout=io.StringIO())
    out = io.StringIO()
    summary = seed_finance(stdout=out)
    assert (summary.lines, summary.snapshots, summary.totals) == (20, 220, 1)
    assert "20 lines" in out.getvalue()


def _summary(user: User, **options: bool) -> selectors.DisbursementSummary:
    return selectors.disbursement_summary(
        user=user,
        year=2025,
        as_of=dt.date(2025, 8, 31),
        include_carried_over=options.get("carried", False),
        include_supplementary=options.get("supplementary", False),
    )


def test_published_figures_come_out_of_the_snapshots(seeded):
    leader = User.objects.get(username="bcd.lanhdao")
    result = _summary(leader)
    s = result.rates
    assert s.total.base == 1018 * BN and s.total.disbursed == 363 * BN
    assert rates.rounded(s.total.rate, "1") == Decimal(36)
    assert rates.rounded(s.total.rate) == Decimal("35.7")
    investment = s.by_type["investment"]
    recurrent = s.by_type["recurrent"]
    assert investment.base == 7204 * 10**8 and recurrent.base == 2976 * 10**8
    assert rates.rounded(investment.rate) == Decimal("45.6")
    assert (investment.lines, investment.units) == (12, 8)
    assert s.total.lagging and not investment.lagging and recurrent.lagging
    # Sở Nội vụ's investment project has disbursed nothing yet: it leads the low list.
    low = [row.unit_name for row in s.low_units]
    assert "Sở Nội vụ tỉnh Đồng Nai" in low
    # The share: VND 1,018 bn of the illustrative VND 42,000 bn estimate.
    assert result.total is not None and result.total.is_illustrative
    assert rates.rounded(result.share.percent, "0.01") == Decimal("2.42")
    assert result.share.meets_target is False


def test_options_and_other_dates_change_the_figures(seeded):
    leader = User.objects.get(username="bcd.lanhdao")
    both = _summary(leader, carried=True, supplementary=True).rates
    assert both.total.base == (10180 + 250 + 100 + 367 + 145) * 10**8
    assert rates.rounded(both.total.rate) < Decimal("35.7")
    november = selectors.disbursement_summary(
        user=leader,
        year=2025,
        as_of=dt.date(2025, 11, 30),
        include_carried_over=False,
        include_supplementary=False,
    ).rates
    assert november.total.returned == 14 * BN
    assert november.total.disbursed > 363 * BN
    # Every stored snapshot respects disbursed <= available (the database checks it too).
    for snap in BudgetSnapshot.objects.all():
        assert 0 <= snap.disbursed <= snap.available


def test_scoping_and_idempotence(seeded):
    officer = User.objects.get(username="skhcn.canbo")
    mine = _summary(officer).rates
    assert {row.unit_name for row in mine.units} == {"Sở Khoa học và Công nghệ tỉnh Đồng Nai"}
    assert _summary(officer).share.percent is None  # the province total is not theirs
    again = seed_finance()
    assert (again.lines, again.snapshots, again.totals) == (0, 0, 0)
    assert BudgetLine.objects.count() == len(LINES)
    assert BudgetLine.objects.filter(is_illustrative=False).count() == 0
