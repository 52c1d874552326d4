"""A small province for procedure tests: P (with its standing agency unset), communes A, B."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory

SEED = Path(__file__).resolve().parents[1] / "data" / "procedures.json"


@pytest.fixture
def tree(db):
    p = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    a = UnitFactory(parent=p, name="Phường Biên Hòa", code="26041")
    b = UnitFactory(parent=p, name="Xã Long Thành", code="26365")
    return {"P": p, "A": a, "B": b}


@pytest.fixture
def admin(tree):
    """A province administrator (MANAGE on the whole tree)."""
    return member(tree["P"], "admin")


@pytest.fixture
def admin_b(tree):
    return member(tree["B"], "admin")


@pytest.fixture
def seed_data():
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _english_messages():
    from django.utils import translation

    with translation.override("en"):
        yield
