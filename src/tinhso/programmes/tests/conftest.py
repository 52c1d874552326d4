"""A small world for plan tests: province P with a department A and a commune B."""

from __future__ import annotations

import pytest

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture
def world(db):
    p = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    a = UnitFactory(parent=p, department=True, name="Sở Khoa học và Công nghệ")
    b = UnitFactory(parent=p, name="Phường Long Khánh")
    return {"P": p, "A": a, "B": b}


@pytest.fixture
def officer(world):
    """An officer (view + edit) of unit A, which owns the plans below."""
    return member(world["A"], "officer")


@pytest.fixture
def outsider(world):
    """An officer of the sibling unit B."""
    return member(world["B"], "officer")
