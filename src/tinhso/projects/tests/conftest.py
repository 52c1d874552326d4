"""Fixtures of the project tests: a province with a department, two communes and a centre."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def tree(db):
    """Province P (75); department D, communes A and B under P; A's service centre C."""
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    d = UnitFactory(parent=p, department=True, code="75.SKHCN", name="Sở Khoa học và Công nghệ")
    a = UnitFactory(parent=p, code="26383", name="Xã An Phước")
    b = UnitFactory(parent=p, code="26389", name="Xã Bình An")
    c = UnitFactory(parent=a, service_centre=True, code="SC-AP", name="Trung tâm PVHCC An Phước")
    return {"p": p, "d": d, "a": a, "b": b, "c": c}


@pytest.fixture
def users(tree) -> dict[str, Any]:
    return {
        "p_leader": member(tree["p"], "leader"),
        "p_viewer": member(tree["p"], "viewer"),
        "d_officer": member(tree["d"], "officer"),
        "a_officer": member(tree["a"], "officer"),
        "a_viewer": member(tree["a"], "viewer"),
        "b_officer": member(tree["b"], "officer"),
    }


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
