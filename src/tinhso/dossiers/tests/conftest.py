"""Shared fixtures of the dossier view tests: a province, three communes, a procedure."""

from __future__ import annotations

import pytest

from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory


@pytest.fixture
def province():
    return UnitFactory(province=True, name="Tỉnh Đồng Nai")


@pytest.fixture
def commune_a(province):
    return UnitFactory(parent=province, name="Phường Biên Hòa")


@pytest.fixture
def commune_b(province):
    return UnitFactory(parent=province, name="Xã Phú Lý")


@pytest.fixture
def commune_c(province):
    return UnitFactory(parent=province, name="Phường Long Khánh")


@pytest.fixture
def procedure():
    return ProcedureFactory(boundary_free=True, name="Đăng ký khai sinh")
