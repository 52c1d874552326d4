"""Factories for units: levels by code, units under a parent (path kept by Unit.save)."""

from __future__ import annotations

import datetime as dt

import factory

from tinhso.units.models import Unit, UnitLevel, UnitLineage

LEVEL_NAMES = {
    "province": ("Tỉnh, thành phố", True, 10),
    "district": ("Huyện, quận, thị xã (trước 01/7/2025)", True, 20),
    "commune": ("Xã, phường, đặc khu", True, 30),
    "department": ("Sở, ban, ngành", False, 40),
    "steering_committee": ("Ban Chỉ đạo", False, 50),
    "service_centre": ("Trung tâm Phục vụ hành chính công", False, 60),
    "agency": ("Cơ quan, đơn vị khác", False, 70),
}


def level(code: str) -> UnitLevel:
    """The UnitLevel with `code`, created with its standard name if missing."""
    name, administrative, order = LEVEL_NAMES.get(code, (code, False, 100))
    obj, _ = UnitLevel.objects.get_or_create(
        code=code,
        defaults={"name": name, "is_administrative": administrative, "sort_order": order},
    )
    return obj


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"9{n:05d}")
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    division_type = "xã"
    level = factory.LazyFunction(lambda: level("commune"))
    parent = None
    valid_from = dt.date(2025, 7, 1)

    class Params:
        province = factory.Trait(
            level=factory.LazyFunction(lambda: level("province")),
            division_type="tỉnh",
            name=factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}"),
            # Never a real two-digit province code, so a test may create "75" beside it.
            code=factory.Sequence(lambda n: f"P{n:04d}"),
        )
        department = factory.Trait(
            level=factory.LazyFunction(lambda: level("department")),
            division_type="sở",
            name=factory.Sequence(lambda n: f"Sở Thử Nghiệm {n}"),
        )
        service_centre = factory.Trait(
            level=factory.LazyFunction(lambda: level("service_centre")),
            division_type="trung tâm",
            name=factory.Sequence(lambda n: f"Trung tâm PVHCC {n}"),
        )
        closed = factory.Trait(valid_from=None, valid_to=dt.date(2025, 7, 1))


class UnitLineageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UnitLineage

    predecessor = factory.SubFactory(UnitFactory, closed=True)
    successor = factory.SubFactory(UnitFactory)
    kind = UnitLineage.Kind.MERGE
    effective_date = dt.date(2025, 7, 1)
    legal_basis = "NQ 1662/NQ-UBTVQH15 (16/6/2025)"
