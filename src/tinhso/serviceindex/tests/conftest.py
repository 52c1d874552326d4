"""A small province for the 766 tests: P (code 75) with communes A (Phú Lý) and B, a
commune procedure that returns a document (online, fee-bearing) and users by role."""

from __future__ import annotations

import datetime as dt

import pytest

from tinhso.accounts.tests.factories import member
from tinhso.procedures.models import OnlineLevel
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory

TZ = dt.timezone(dt.timedelta(hours=7))


def at(day: int, month: int = 8, year: int = 2025, hour: int = 9) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=TZ)


@pytest.fixture
def world(db):
    p = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    a = UnitFactory(parent=p, code="26173", name="Xã Phú Lý")
    b = UnitFactory(parent=p, code="26068", name="Phường Biên Hòa")
    proc = ProcedureFactory(owner_unit=p, online_level=OnlineLevel.FULL, returns_document=True)
    plain = ProcedureFactory(owner_unit=p, online_level="", returns_document=False)
    return {"P": p, "A": a, "B": b, "proc": proc, "plain": plain}


@pytest.fixture
def officer_a(world):
    return member(world["A"], "officer")


@pytest.fixture
def province_admin(world):
    return member(world["P"], "admin")
