"""Shared fixtures: the real unit data (vietnam-provinces + Đồng Nai lineage), loaded once
per test module that asks for it and removed afterwards, so other modules start empty."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tinhso.accounts.models import User
from tinhso.accounts.tests.factories import member
from tinhso.audit.models import AuditEntry
from tinhso.units.loading import LoadReport, units_load_all
from tinhso.units.models import Unit, UnitLevel, UnitLineage

from .helpers import current


def _wipe() -> None:
    UnitLineage.objects.all().delete()
    # Parents are PROTECTed: cut the tree first, then delete the rows.
    Unit.objects.update(parent=None, standing_agency=None)
    AuditEntry.objects.filter(unit__isnull=False).delete()
    Unit.objects.all().delete()
    UnitLevel.objects.all().delete()
    AuditEntry.objects.all().delete()


@pytest.fixture(scope="module")
def real_units(django_db_setup: Any, django_db_blocker: Any) -> Iterator[LoadReport]:
    """Load every unit once for the module (about half a second); tests still run in their
    own rolled-back transaction on top of it."""
    with django_db_blocker.unblock():
        assert not Unit.objects.exists(), "units left behind by another module"
        report = units_load_all()
    yield report
    with django_db_blocker.unblock():
        _wipe()


@pytest.fixture
def units(real_units: LoadReport, db: Any) -> LoadReport:
    """The loaded units inside a test's transaction (use this one in tests)."""
    return real_units


@pytest.fixture
def officer(client: Any, units: LoadReport) -> User:
    """A signed-in commune officer of Phường Biên Hòa (view + edit data, no manage): no
    special right, the directory is public to them."""
    user = member(current("26068"), "officer")
    client.force_login(user)
    return user


@pytest.fixture
def ward_admin(client: Any, units: LoadReport) -> User:
    """The signed-in administrator of Phường Biên Hòa (manage on the ward and its service
    centre)."""
    user = member(current("26068"), "admin")
    client.force_login(user)
    return user
