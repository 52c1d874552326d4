"""Every unit-scoped model, through UI and API, as owner/parent/sibling/child/inspector/viewer.

Apps register cases in `tinhso/<app>/tests/access_cases.py` (see
`tinhso.core.testing.access_matrix`). A model with a `unit_lookup` and no case fails here.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest
from django.apps import apps
from django.test import Client

from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.core.testing.access_matrix import AccessCase
from tinhso.units.tests.factories import UnitFactory


def _collect() -> list[AccessCase]:
    cases: list[AccessCase] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("tinhso."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.access_cases")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = _collect()
RELATIONS = ["owner", "parent", "sibling", "child", "inspector", "viewer"]


def test_every_scoped_model_is_in_the_matrix():
    scoped = {
        m._meta.label
        for m in apps.get_models()
        if m.__module__.startswith("tinhso.") and hasattr(m, "unit_lookup")
    }
    registered = {c.model._meta.label for c in CASES}
    assert scoped - registered == set(), "register these in <app>/tests/access_cases.py"


@pytest.fixture
def world(db):
    p = UnitFactory(province=True, code="75", name="Đồng Nai")
    a = UnitFactory(parent=p, name="Phường Biên Hòa")
    b = UnitFactory(parent=p, name="Phường Long Khánh")
    c = UnitFactory(parent=a, service_centre=True)
    return {"P": p, "A": a, "B": b, "C": c}


def _user(world: dict[str, Any], relation: str, case: AccessCase):
    if relation == "owner":
        return member(world["A"], case.write_role)
    if relation == "parent":
        return member(world["P"], case.write_role)
    if relation == "sibling":
        return member(world["B"], case.write_role)
    if relation == "child":
        return member(world["C"], case.write_role)
    if relation == "inspector":
        return member(world["P"], "inspector")
    return member(world["A"], "viewer")


def _may_read(relation: str, case: AccessCase) -> bool:
    if case.public_read or relation in {"owner", "parent"}:
        return True
    if relation == "inspector":
        return case.read_action in {"view", "audit"}
    if relation == "viewer":
        return case.read_action == "view"
    return False


def _may_write(relation: str) -> bool:
    return relation in {"owner", "parent"}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_reads(case: AccessCase, relation: str, world):
    obj = case.make(world["A"])
    client = _client(_user(world, relation, case))
    expected = 200 if _may_read(relation, case) else 404
    if case.ui_read:
        assert client.get(case.ui_read(obj)).status_code == expected, "UI detail"
    if case.api_read:
        assert client.get(case.api_read(obj)).status_code == expected, "API detail"
    if case.ui_list:
        url, marker = case.ui_list
        response = client.get(url)
        assert response.status_code in {200, 404}
        shown = response.status_code == 200 and marker(obj) in response.content.decode()
        assert shown == _may_read(relation, case), "UI list"
    if case.api_list:
        url, marker = case.api_list
        response = client.get(url)
        assert response.status_code in {200, 404}
        shown = response.status_code == 200 and marker(obj) in response.content.decode()
        assert shown == _may_read(relation, case), "API list"


@pytest.mark.django_db
@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize(
    "case", [c for c in CASES if c.ui_write or c.api_write], ids=lambda c: c.name
)
def test_writes(case: AccessCase, relation: str, world):
    obj = case.make(world["A"])
    client = _client(_user(world, relation, case))
    allowed = _may_write(relation)
    for channel, write in (("UI", case.ui_write), ("API", case.api_write)):
        if write is None:
            continue
        before = AuditEntry.objects.count()
        if channel == "UI":
            response = client.post(write.url(obj), write.data(obj))
        else:
            response = getattr(client, write.method)(
                write.url(obj), json.dumps(write.data(obj)), content_type="application/json"
            )
        if allowed:
            assert response.status_code < 400, f"{channel} write refused: {response.status_code}"
            assert AuditEntry.objects.count() > before, f"{channel} write left no audit row"
        else:
            assert response.status_code == 404, f"{channel} write gave {response.status_code}"
            assert AuditEntry.objects.count() == before, f"{channel} refused write changed data"
        obj.refresh_from_db()


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_anonymous_is_sent_to_login_or_401(case: AccessCase, world):
    obj = case.make(world["A"])
    client = Client()
    if case.ui_read:
        response = client.get(case.ui_read(obj))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    if case.api_read:
        assert client.get(case.api_read(obj)).status_code == 401
