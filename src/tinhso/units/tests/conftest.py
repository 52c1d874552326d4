"""Shared fixtures: the real unit data (vietnam-provinces + Đồng Nai lineage), loaded once
per test module that asks for it and removed afterwards, so other modules start empty."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tinhso.audit.models import AuditEntry
from tinhso.units.loading import LoadReport, units_load_all
from tinhso.units.models import Unit, UnitLevel, UnitLineage


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
