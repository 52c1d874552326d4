"""Factories of digital literacy: courses, targets, populations and training records."""

from __future__ import annotations

import datetime as dt
import itertools

import factory

from tinhso.literacy.models import Course, LiteracyTarget, Population, TargetGroup, TrainingRecord
from tinhso.literacy.services import person_key
from tinhso.units.tests.factories import UnitFactory

_ids = itertools.count(1)


def citizen_id(n: int | None = None) -> str:
    """A well-formed synthetic 12-digit citizen ID (province-of-birth code 075)."""
    return f"0751{(next(_ids) if n is None else n):08d}"


def group(code: str = "adults") -> TargetGroup:
    """A target group of the catalogue (loaded by the migration)."""
    return TargetGroup.objects.get(code=code)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    code = factory.Sequence(lambda n: f"KH-{n:04d}")
    name = factory.Sequence(lambda n: f"Khóa học kỹ năng số {n}")
    provider = "binhdanhocvuso.gov.vn"
    mode = "online"
    is_ai_training = False
    owner_unit = factory.SubFactory(UnitFactory)


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    course = factory.SubFactory(CourseFactory)
    person_id_hash = factory.LazyFunction(lambda: person_key(citizen_id()))
    unit = factory.SubFactory(UnitFactory)
    group = factory.LazyFunction(lambda: group("adults"))
    enrolled_on = dt.date(2025, 8, 1)


class LiteracyTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiteracyTarget

    unit = factory.SubFactory(UnitFactory)
    group = factory.LazyFunction(lambda: group("adults"))
    year = 2025
    target_rate = 80
    source_document = "01-KH/BCĐTW"


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    unit = factory.SubFactory(UnitFactory)
    group = factory.LazyFunction(lambda: group("adults"))
    year = 2025
    count = 100
    source = "Thống kê xã (minh họa)"
    as_of = dt.date(2025, 1, 1)
