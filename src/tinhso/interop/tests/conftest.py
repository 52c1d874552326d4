"""A small province for the interop tests (helpers in `helpers.py`)."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tinhso.dossiers.tests.factories import received
from tinhso.interop.tests.helpers import APPLICANT
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture(autouse=True)
def _urls_and_cache(settings):
    settings.TINHSO_PUBLIC_BASE_URL = "https://dichvucong.example.test"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    p = UnitFactory(province=True, code="75", name="Tỉnh Đồng Nai")
    a = UnitFactory(parent=p, name="Phường Biên Hòa", code="26068")
    b = UnitFactory(parent=p, name="Xã Phú Lý", code="26173")
    return {"P": p, "A": a, "B": b}


@pytest.fixture
def dossier(tree):
    """A dossier received at A with the applicant's phone and e-mail (portal, e-mail, SMS
    and Zalo messages in the outbox)."""
    return received(tree["A"], applicant=APPLICANT)
