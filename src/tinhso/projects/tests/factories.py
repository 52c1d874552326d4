"""Factories of projects and the rows under them."""

from __future__ import annotations

import datetime as dt

import factory

from tinhso.projects.models import (
    MilestoneKind,
    Project,
    ProjectBlocker,
    ProjectMilestone,
    ProjectPhoto,
    ProjectProgress,
)
from tinhso.units.tests.factories import UnitFactory

# The smallest valid PNG header (the check reads only the first bytes).
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"T-{n:03d}")
    name = factory.Sequence(lambda n: f"Dự án chuyển đổi số {n}")
    kind = "public_investment"
    investor_name = "Sở Khoa học và Công nghệ"
    unit = factory.SubFactory(UnitFactory, department=True)
    location_text = "Đồng Nai"
    planned_start = dt.date(2025, 1, 1)
    planned_end = dt.date(2026, 12, 31)
    total_investment = 100_000_000_000
    status = "construction"


class ProjectProgressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectProgress

    project = factory.SubFactory(ProjectFactory)
    as_of = dt.date(2025, 6, 30)
    physical_percent = 30
    financial_percent = 25
    narrative = "Đang thi công"


class ProjectMilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectMilestone

    project = factory.SubFactory(ProjectFactory)
    kind = MilestoneKind.CONSTRUCTION_START
    planned_on = dt.date(2025, 3, 1)


class ProjectBlockerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectBlocker

    project = factory.SubFactory(ProjectFactory)
    description = "Vướng mắc giải phóng mặt bằng"
    raised_on = dt.date(2025, 5, 1)


class ProjectPhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPhoto

    project = factory.SubFactory(ProjectFactory)
    file = factory.django.FileField(filename="site.png", data=PNG_BYTES)
    content_type = "image/png"
    size = len(PNG_BYTES)
    caption = "Hiện trường"
    taken_on = dt.date(2025, 6, 1)
