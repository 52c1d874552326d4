"""Fixtures of the task tests: a province with a department, two communes and a centre."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory

from .factories import PlanFactory


@pytest.fixture
def tree(db):
    """Province P (75); department D, communes A and B under P; A's service centre C."""
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    d = UnitFactory(parent=p, department=True, code="SKHCN", name="Sở Khoa học và Công nghệ")
    a = UnitFactory(parent=p, code="26068", name="Phường Biên Hòa")
    b = UnitFactory(parent=p, code="26080", name="Phường Long Khánh")
    c = UnitFactory(parent=a, service_centre=True, code="SC-BH", name="Trung tâm PVHCC Biên Hòa")
    return {"p": p, "d": d, "a": a, "b": b, "c": c}


@pytest.fixture
def plan(tree):
    return PlanFactory(document__number="469-KH/TU", unit=tree["p"], document__owner_unit=tree["p"])


@pytest.fixture
def users(tree) -> dict[str, Any]:
    return {
        "p_leader": member(tree["p"], "leader"),
        "p_viewer": member(tree["p"], "viewer"),
        "d_officer": member(tree["d"], "officer"),
        "d_leader": member(tree["d"], "leader"),
        "a_officer": member(tree["a"], "officer"),
        "a_leader": member(tree["a"], "leader"),
        "b_leader": member(tree["b"], "leader"),
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
