"""Fixtures of the finance tests: a province with two departments and two communes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture
def tree(db):
    """Province P (75); departments S (S&T) and X (construction); communes A and B."""
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    s = UnitFactory(parent=p, department=True, code="75.SKHCN", name="Sở Khoa học và Công nghệ")
    x = UnitFactory(parent=p, department=True, code="75.SXD", name="Sở Xây dựng")
    a = UnitFactory(parent=p, code="26068", name="Phường Biên Hòa")
    b = UnitFactory(parent=p, code="26080", name="Phường Long Khánh")
    return {"p": p, "s": s, "x": x, "a": a, "b": b}


@pytest.fixture
def users(tree) -> dict[str, Any]:
    return {
        "p_leader": member(tree["p"], "leader"),
        "p_viewer": member(tree["p"], "viewer"),
        "s_officer": member(tree["s"], "officer"),
        "s_viewer": member(tree["s"], "viewer"),
        "x_officer": member(tree["x"], "officer"),
        "a_officer": member(tree["a"], "officer"),
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
