"""A small province for the reporting tests.

P (75) with communes A and B, the standing agency S (a department: a sibling of the
communes), another department D; the quarterly NQ57 regime reviewed by S; Q3 2025.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.reporting import services
from tinhso.reporting.models import Report
from tinhso.units.tests.factories import UnitFactory

from .factories import ReportScheduleFactory, quarter


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    a = UnitFactory(parent=p, code="26068", name="Phường Biên Hòa")
    b = UnitFactory(parent=p, code="26080", name="Phường Long Khánh")
    s = UnitFactory(parent=p, department=True, code="SKHCN", name="Sở Khoa học và Công nghệ")
    d = UnitFactory(parent=p, department=True, code="STC", name="Sở Tài chính")
    schedule = ReportScheduleFactory(code="nq57-quy", name="Báo cáo quý NQ57", reviewer_unit=s)
    period = quarter(2025, 3)
    return {
        "P": p,
        "A": a,
        "B": b,
        "S": s,
        "D": d,
        "schedule": schedule,
        "period": period,
        "officer_a": member(a, "officer"),
        "leader_a": member(a, "leader"),
        "viewer_a": member(a, "viewer"),
        "leader_b": member(b, "leader"),
        "reviewer": member(s, "leader"),
        "admin_s": member(s, "admin"),
        "leader_d": member(d, "leader"),
    }


@pytest.fixture
def round_(world: dict[str, Any]) -> Any:
    return services.report_round_open(
        actor=world["admin_s"], schedule=world["schedule"], period=world["period"]
    )


@pytest.fixture
def report(world: dict[str, Any], round_: Any) -> Report:
    return Report.objects.get(obligation__round=round_, obligation__unit=world["A"])
