"""Factories of budget lines, snapshots and local budget totals."""

from __future__ import annotations

import datetime as dt

import factory

from tinhso.finance.models import BudgetLine, BudgetSnapshot, LocalBudgetTotal
from tinhso.units.tests.factories import UnitFactory

BN = 10**9


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    fiscal_year = 2025
    code = factory.Sequence(lambda n: f"L{n:03d}")
    title = factory.Sequence(lambda n: f"Dự án chuyển đổi số {n}")
    source = "local"
    expenditure_type = "investment"
    unit = factory.SubFactory(UnitFactory, department=True)

    class Params:
        recurrent = factory.Trait(expenditure_type="recurrent")


class BudgetSnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetSnapshot

    line = factory.SubFactory(BudgetLineFactory)
    as_of = dt.date(2025, 8, 31)
    allocated = 100 * BN
    disbursed = 40 * BN


class LocalBudgetTotalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalBudgetTotal

    unit = factory.SubFactory(UnitFactory, province=True)
    fiscal_year = 2025
    as_of = dt.date(2025, 1, 1)
    total_estimate = 40_000 * BN
    source = "Nghị quyết dự toán ngân sách địa phương năm 2025 (minh họa)"
