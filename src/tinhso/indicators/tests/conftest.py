"""A small province for indicator tests: P with communes A and B, users by role."""

from __future__ import annotations

import pytest

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture
def tree(db):
    p = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    a = UnitFactory(parent=p, name="Phường Biên Hòa", code="26041")
    b = UnitFactory(parent=p, name="Xã Long Thành", code="26365")
    return {"P": p, "A": a, "B": b}


@pytest.fixture
def admin(tree):
    """A province administrator (every action on the whole tree)."""
    return member(tree["P"], "admin")


@pytest.fixture
def officer_a(tree):
    return member(tree["A"], "officer")


@pytest.fixture
def leader_a(tree):
    return member(tree["A"], "leader")


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages are asserted in their English source form."""
    from django.utils import translation

    with translation.override("en"):
        yield
