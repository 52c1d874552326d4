"""Training records of the literacy demo, inserted in bulk."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection
from django.utils import timezone

from tinhso.literacy.models import (
    Course,
    TargetGroup,
    TrainingRecord,
)
from tinhso.units.models import Unit

from .builders import _day, _Ids
from .data import AI_OFFICIALS, BATCH, PDP_OFFICIALS, SKHCN_PARTICIPANTS, TRAINED_BY_SEP, D


def _records(
    rng: random.Random,
    courses: dict[str, Course],
    populations: dict[str, Any],
    groups: dict[str, TargetGroup],
) -> int:
    ids = _Ids()
    serial = {code: 0 for code in courses}
    batch: list[tuple[Any, ...]] = []
    written = 0
    insert = _insert_sql()
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    course_keys = {code: (c.pk, c.mode) for code, c in courses.items()}
    group_ids = {code: g.pk for code, g in groups.items()}

    def add(
        course: str,
        person: str,
        unit: Unit,
        group: str,
        start: dt.date,
        end: dt.date,
        *,
        done_by: dt.date,
        completion_share: float = 1.0,
    ) -> None:
        nonlocal written
        enrolled = _day(rng, start, end)
        completed = None
        number = ""
        if rng.random() < completion_share:
            completed = min(enrolled + dt.timedelta(days=int(rng.random() * 21)), done_by)
            serial[course] += 1
            number = f"{course}-{serial[course]:06d}"
        course_id, mode = course_keys[course]
        batch.append(
            (
                course_id,
                person,
                unit.pk,
                group_ids[group],
                mode,
                enrolled,
                completed,
                number,
                completed,
                True,
                now,
            )
        )
        if len(batch) >= BATCH:
            written += _flush(insert, batch)

    # Officials: every one took the basic course by 30/06/2025 (Report 198/BC-UBND: 100 %).
    officials = [(unit, ids.next_key()) for unit, n in populations["officials"] for _ in range(n)]
    for unit, person in officials:
        add(
            "BDHVS-CBCCVC-2025",
            person,
            unit,
            "officials",
            D(2025, 4, 1),
            D(2025, 6, 10),
            done_by=D(2025, 6, 30),
        )
    # 29,500 of them in the AI course, 20,000 in personal-data protection (Jul–Sep).
    rng.shuffle(officials)
    for unit, person in officials[:AI_OFFICIALS]:
        add(
            "SKHCN-AI-2025",
            person,
            unit,
            "officials",
            D(2025, 7, 10),
            D(2025, 9, 25),
            done_by=D(2025, 10, 15),
            completion_share=0.85,
        )
    for unit, person in officials[-PDP_OFFICIALS:]:
        add(
            "SKHCN-BVDLCN-2025",
            person,
            unit,
            "officials",
            D(2025, 7, 1),
            D(2025, 9, 25),
            done_by=D(2025, 10, 15),
            completion_share=0.8,
        )
    # Residents (adults and enterprise workers) up to 30/09: 118,300 minus the officials.
    residents = TRAINED_BY_SEP - len(officials)
    pdp_residents = SKHCN_PARTICIPANTS - AI_OFFICIALS - PDP_OFFICIALS
    workers = round(residents * 0.3)
    plan = [
        ("workers", "BDHVS-DN-2025", workers),
        ("adults", "TCNS-CD-2025", round((residents - workers) * 0.25)),
        ("adults", "BDHVS-ND-2025", residents - workers - round((residents - workers) * 0.25)),
    ]
    resident_people: list[tuple[Unit, str, str]] = []
    for group, course, count in plan:
        pops = populations[group]
        units = rng.choices([u for u, _n in pops], weights=[n for _u, n in pops], k=count)
        for unit in units:
            person = ids.next_key()
            resident_people.append((unit, person, group))
            add(
                course,
                person,
                unit,
                group,
                D(2025, 4, 15),
                D(2025, 9, 30),
                done_by=D(2025, 9, 30),
                completion_share=0.7,
            )
    for unit, person, group in rng.sample(resident_people, pdp_residents):
        add(
            "SKHCN-BVDLCN-2025",
            person,
            unit,
            group,
            D(2025, 7, 1),
            D(2025, 9, 25),
            done_by=D(2025, 10, 15),
            completion_share=0.75,
        )
    # Students: every one in October 2025, after the reported date (school programme).
    for unit, n in populations["students"]:
        for _ in range(n):
            add(
                "SGDDT-HSSV-2025",
                ids.next_key(),
                unit,
                "students",
                D(2025, 10, 1),
                D(2025, 10, 20),
                done_by=D(2025, 10, 31),
            )
    if batch:
        written += _flush(insert, batch)
    return written


_RECORD_COLUMNS = (
    "course_id",
    "person_id_hash",
    "unit_id",
    "group_id",
    "mode",
    "enrolled_on",
    "completed_on",
    "certificate_number",
    "certificate_date",
    "is_illustrative",
    "updated_at",
)


def _insert_sql() -> str:
    """One parameterised INSERT for `executemany`: ~300,000 model instances through
    `bulk_create` take ~40 s on SQLite, plain rows a few seconds (same columns, same
    constraints checked by the database)."""
    quote = connection.ops.quote_name
    table = quote(TrainingRecord._meta.db_table)
    columns = ", ".join(quote(c) for c in _RECORD_COLUMNS)
    marks = ", ".join(["%s"] * len(_RECORD_COLUMNS))
    return f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608  # fixed names


def _flush(sql: str, batch: list[tuple[Any, ...]]) -> int:
    with connection.cursor() as cursor:
        cursor.executemany(sql, batch)
    count = len(batch)
    batch.clear()
    return count
