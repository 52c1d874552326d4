"""A small world for the registry tests: a province with two communes."""

from __future__ import annotations

import pytest

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture
def world(db):
    p = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    a = UnitFactory(parent=p, name="Sở Khoa học và Công nghệ")
    b = UnitFactory(parent=p, name="Phường Long Khánh")
    return {"P": p, "A": a, "B": b}


@pytest.fixture
def officer(world):
    """An officer (view + edit) of unit A."""
    return member(world["A"], "officer")


@pytest.fixture
def outsider(world):
    """An officer of the sibling unit B."""
    return member(world["B"], "officer")
