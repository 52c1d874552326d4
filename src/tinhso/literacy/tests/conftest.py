"""Fixtures of the literacy tests: a small tree, users, and the app's URLs mounted.

Until `tinhso/urls.py` and `tinhso/api.py` mount the app, `tests/urls.py` does it for these
tests (the same paths: /literacy/ and /api/v1/literacy/).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.units.tests.factories import UnitFactory

from .factories import CourseFactory


@pytest.fixture
def tree(db: Any) -> dict[str, Any]:
    """Province P (75); department D (S&T), communes A and B under P."""
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    d = UnitFactory(parent=p, department=True, code="75.SKHCN", name="Sở Khoa học và Công nghệ")
    a = UnitFactory(parent=p, code="26068", name="Phường Biên Hòa", division_type="phường")
    b = UnitFactory(parent=p, code="26173", name="Xã Phú Lý")
    return {"p": p, "d": d, "a": a, "b": b}


@pytest.fixture
def users(tree: dict[str, Any]) -> dict[str, Any]:
    return {
        "p_leader": member(tree["p"], "leader"),
        "d_officer": member(tree["d"], "officer"),
        "a_officer": member(tree["a"], "officer"),
        "b_officer": member(tree["b"], "officer"),
        "a_viewer": member(tree["a"], "viewer"),
    }


@pytest.fixture
def course(tree: dict[str, Any]) -> Any:
    return CourseFactory(code="BDHVS-01", name="Kỹ năng số cơ bản", owner_unit=tree["d"])


@pytest.fixture
def ai_course(tree: dict[str, Any]) -> Any:
    return CourseFactory(
        code="AI-01", name="Trí tuệ nhân tạo", owner_unit=tree["d"], is_ai_training=True
    )


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
