"""Factories for catalogues, plans, groups, target sets, targets, milestones, assessments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from tinhso.documents.tests.factories import DocumentFactory
from tinhso.programmes.models import (
    Catalogue,
    CatalogueItem,
    MeasurementStatus,
    Plan,
    PlanGroup,
    Target,
    TargetAssessment,
    TargetMilestone,
    TargetSet,
)
from tinhso.units.tests.factories import UnitFactory


class CatalogueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Catalogue

    code = factory.Sequence(lambda n: f"nq57-groups-{n}")
    version = 1
    name = "Bảy nhóm nhiệm vụ, giải pháp của Nghị quyết 57"


class CatalogueItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatalogueItem

    catalogue = factory.SubFactory(CatalogueFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    name = factory.Sequence(lambda n: f"Nhóm nhiệm vụ {n + 1}")
    sort_order = factory.Sequence(lambda n: n + 1)


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    unit = factory.SubFactory(UnitFactory)
    document = factory.SubFactory(DocumentFactory, owner_unit=factory.SelfAttribute("..unit"))
    title = factory.Sequence(lambda n: f"Kế hoạch hành động số {n}")

    class Params:
        illustrative = factory.Trait(is_illustrative=True)


class PlanGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanGroup

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"G{n}")
    title = factory.Sequence(lambda n: f"Nhóm {n}")


class TargetSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetSet

    plan = factory.SubFactory(PlanFactory)
    version = 1
    label = "43 chỉ tiêu"
    valid_from = dt.date(2025, 5, 16)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    target_set = factory.SubFactory(TargetSetFactory)
    key = factory.Sequence(lambda n: f"t{n}")
    code = factory.Sequence(lambda n: str(n + 1))
    text = factory.Sequence(lambda n: f"Tỷ lệ hồ sơ trực tuyến toàn trình {n}")
    unit_of_measure = "%"
    baseline_value = Decimal("40")
    baseline_year = 2024
    target_value = Decimal("80")
    target_year = 2030


class TargetMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetMilestone

    target = factory.SubFactory(TargetFactory)
    year = 2025
    value = Decimal("50")


class TargetAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TargetAssessment

    target = factory.SubFactory(TargetFactory)
    as_of = dt.date(2025, 8, 31)
    value = Decimal("55")
    measurement = MeasurementStatus.CONFIRMED
    source = "Báo cáo 198/BC-UBND"
