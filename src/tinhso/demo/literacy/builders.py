"""Builders of the literacy demo: courses, populations, targets."""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tinhso.literacy.models import (
    Course,
    LiteracyTarget,
    Population,
    TargetGroup,
    TargetMeasure,
    TrainingRecord,
)
from tinhso.literacy.services import person_key
from tinhso.units.models import Unit

from .data import (
    BATCH,
    COURSES,
    DEPARTMENT_OFFICIALS,
    ILLUSTRATIVE,
    OTHER_DEPARTMENT_OFFICIALS,
    POP_SOURCE,
    PROVINCE_POPULATION,
    PROVINCE_TARGETS,
    TARGET_SOURCE,
    YEAR,
    D,
)


@dataclass(frozen=True)
class LiteracySummary:
    courses: int
    populations: int
    targets: int
    records: int
    seconds: float


class _Ids:
    """Synthetic citizen IDs: province-of-birth 075, then a running number (illustrative)."""

    def __init__(self) -> None:
        self.n = 0

    def next_key(self) -> str:
        self.n += 1
        return person_key(f"0752{self.n:08d}")


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=int(rng.random() * ((end - start).days + 1)))


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to `weights` (largest remainders, exact sum)."""
    whole = sum(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: shares[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _summary(started: float) -> LiteracySummary:
    return LiteracySummary(
        courses=Course.objects.count(),
        populations=Population.objects.count(),
        targets=LiteracyTarget.objects.count(),
        records=TrainingRecord.objects.count(),
        seconds=round(time.monotonic() - started, 2),
    )


def _courses(departments: dict[str, Unit]) -> dict[str, Course]:
    created = {}
    for code, name, provider, mode, ai, owner, illustrative in COURSES:
        course = Course(
            code=code,
            name=name,
            provider=provider,
            mode=mode,
            is_ai_training=ai,
            owner_unit=departments[owner],
            starts_on=D(2025, 4, 1),
            is_illustrative=illustrative,
        )
        course.full_clean()
        course.save()
        created[code] = course
    return created


def _populations(
    rng: random.Random,
    communes: list[Unit],
    departments: dict[str, Unit],
    groups: dict[str, TargetGroup],
) -> dict[str, Any]:
    """Per commune: adults (68 %), enterprise workers (22 %), students (2.5 %) and officials
    (0.8 %) of an illustrative population; officials of each department."""
    weights = [
        rng.uniform(20_000, 90_000) * (1.4 if u.division_type == "phường" else 1.0)
        for u in communes
    ]
    people = _split(PROVINCE_POPULATION, weights)
    rows: list[Population] = []
    by_group: dict[str, list[tuple[Unit, int]]] = {code: [] for code in groups}
    shares = {"adults": 0.68, "workers": 0.22, "students": 0.025, "officials": 0.008}
    for unit, count in zip(communes, people, strict=True):
        for code, share in shares.items():
            n = round(count * share)
            by_group[code].append((unit, n))
            rows.append(_population(unit, groups[code], n))
    for code, unit in sorted(departments.items()):
        n = DEPARTMENT_OFFICIALS.get(code, OTHER_DEPARTMENT_OFFICIALS)
        by_group["officials"].append((unit, n))
        rows.append(_population(unit, groups["officials"], n))
    Population.objects.bulk_create(rows, batch_size=BATCH)
    return {"rows": len(rows), **by_group}


def _population(unit: Unit, group: TargetGroup, count: int) -> Population:
    return Population(
        unit=unit,
        group=group,
        year=YEAR,
        count=count,
        source=POP_SOURCE,
        as_of=D(2024, 12, 31),
        is_illustrative=True,
    )


def _targets(province: Unit, communes: list[Unit], groups: dict[str, TargetGroup]) -> int:
    rows = []
    for code, measure, rate, illustrative, note in PROVINCE_TARGETS:
        rows.append(
            LiteracyTarget(
                unit=province,
                group=groups[code],
                year=YEAR,
                measure=measure,
                target_rate=Decimal(rate),
                source_document=TARGET_SOURCE,
                note=note,
                is_illustrative=illustrative,
            )
        )
        # Communes carry the provincial coverage targets (illustrative assignment).
        if measure == TargetMeasure.COVERAGE:
            rows.extend(
                LiteracyTarget(
                    unit=unit,
                    group=groups[code],
                    year=YEAR,
                    measure=measure,
                    target_rate=Decimal(rate),
                    source_document=TARGET_SOURCE,
                    note=f"{ILLUSTRATIVE}: theo chỉ tiêu của tỉnh",
                    is_illustrative=True,
                )
                for unit in communes
            )
    LiteracyTarget.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
