"""The digital-literacy demo for Đồng Nai, 2025 (Bình dân học vụ số).

Published figures echoed **from rows** (spec §4.3, §5.2, §5.3), none typed into a total:

* end Sep 2025: > 118,000 officials, public employees and residents trained in digital and
  AI skills → unique learners (all groups but students) on 30/09/2025 = 118,300 [S38];
* 29,500 officials trained in AI → unique officials in the AI course on 30/09/2025 [S38];
* the Dept. of S&T's two courses (personal-data protection; AI) had nearly 61,200
  participants → 31,700 + 29,500 enrolments [S50, S52];
* Oct 2025: 3 of 5 targets achieved, among them 100 % of officials and 100 % of students
  [S49, S50] → on 31/10/2025 the province's targets give officials, students and the AI
  target achieved; workers and adults not.

Illustrative (marked "Minh họa"), because no source gives them: the population of each
commune and group (a total of about 4.4 million for the merged province, split over the 95
communes), the officials of each department, the target rates other than the two 100 %
ones, the fifth target (officials trained in AI ≥ 50 %), the courses other than the two of
the Dept. of S&T, and every person: synthetic 12-digit IDs, stored only as keyed hashes.

Rows are written in bulk (a loader, like `load_units`; training records as plain rows with
`executemany`), with one audit entry for the seed.
Idempotent: a second run creates nothing. About 290,000 training records.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record
from tinhso.literacy.models import (
    Course,
    CourseMode,
    LiteracyTarget,
    Population,
    TargetGroup,
    TargetMeasure,
    TrainingRecord,
)
from tinhso.literacy.services import person_key
from tinhso.units.models import Unit

D = dt.date
PROVINCE = "75"
YEAR = 2025
ILLUSTRATIVE = "Minh họa"
REPORTED_ON = D(2025, 9, 30)
PUBLISHED_TRAINED = 118_000  # "> 118,000 … trained" (S38): the rows give 118,300
TRAINED_BY_SEP = 118_300
AI_OFFICIALS = 29_500  # S38
SKHCN_PARTICIPANTS = 61_200  # S50, S52: the two courses together
PDP_OFFICIALS = 20_000  # how the 31,700 PDP participants split: illustrative
PROVINCE_POPULATION = 4_400_000  # order of magnitude of the merged province (illustrative)
POP_SOURCE = (
    f"{ILLUSTRATIVE}: phân bổ giả định theo xã, tổng khoảng 4,4 triệu dân của tỉnh sau hợp nhất"
)
BATCH = 5000

# Officials and public employees of the departments (illustrative: teachers of upper-
# secondary schools under the Dept. of Education, health staff under the Dept. of Health).
DEPARTMENT_OFFICIALS = {"75.SGDDT": 7_000, "75.SYT": 4_500}
OTHER_DEPARTMENT_OFFICIALS = 240

# code, name, provider, mode, AI, owner unit code, illustrative
COURSES = [
    (
        "BDHVS-CBCCVC-2025",
        "Kiến thức, kỹ năng số cơ bản cho cán bộ, công chức, viên chức",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SNV",
        True,
    ),
    (
        "SKHCN-BVDLCN-2025",
        "Bảo vệ dữ liệu cá nhân",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SKHCN",
        False,
    ),
    (
        "SKHCN-AI-2025",
        "Kiến thức, kỹ năng về trí tuệ nhân tạo (AI)",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        True,
        "75.SKHCN",
        False,
    ),
    (
        "BDHVS-ND-2025",
        "Phổ cập kiến thức, kỹ năng số cơ bản cho người dân",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SKHCN",
        True,
    ),
    (
        "TCNS-CD-2025",
        "Tập huấn kỹ năng số tại cộng đồng (Tổ công nghệ số cộng đồng)",
        "Lớp tập huấn tại xã, phường",
        CourseMode.OFFLINE,
        False,
        "75.SKHCN",
        True,
    ),
    (
        "BDHVS-DN-2025",
        "Kỹ năng số cho người lao động trong doanh nghiệp",
        "binhdanhocvuso.gov.vn",
        CourseMode.ONLINE,
        False,
        "75.SCT",
        True,
    ),
    (
        "SGDDT-HSSV-2025",
        "Kỹ năng số và an toàn trên môi trường số cho học sinh, sinh viên",
        "Cơ sở giáo dục (học trên lớp)",
        CourseMode.OFFLINE,
        False,
        "75.SGDDT",
        True,
    ),
]

# group, measure, rate (%), illustrative, note
PROVINCE_TARGETS = [
    ("officials", TargetMeasure.COVERAGE, 100, False, "100 % CBCCVC (Báo Đồng Nai, 11/2025)"),
    ("students", TargetMeasure.COVERAGE, 100, False, "100 % học sinh, sinh viên (Báo Đồng Nai)"),
    ("workers", TargetMeasure.COVERAGE, 80, True, f"{ILLUSTRATIVE}: mức thường gặp 80 %"),
    ("adults", TargetMeasure.COVERAGE, 50, True, f"{ILLUSTRATIVE}: mức thấp thường gặp 50 %"),
    ("officials", TargetMeasure.AI, 50, True, f"{ILLUSTRATIVE}: chỉ tiêu thứ năm chưa rõ"),
]
TARGET_SOURCE = "01-KH/BCĐTW"


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


def seed_literacy(stdout: Any = None) -> LiteracySummary:
    """Seed the literacy demo once (idempotent). Needs `load_units`."""
    started = time.monotonic()
    if Course.objects.filter(code="SKHCN-AI-2025").exists():
        return _summary(started)
    rng = random.Random(5)  # noqa: S311  # deterministic demo data, not security
    units = Unit.objects.current().filter(province_code=PROVINCE).select_related("level")
    province = units.get(level__code="province")
    communes = list(units.filter(level__code="commune").order_by("code"))
    departments = {u.code: u for u in units.filter(level__code="department")}
    groups = {g.code: g for g in TargetGroup.objects.all()}
    with transaction.atomic():
        courses = _courses(departments)
        populations = _populations(rng, communes, departments, groups)
        targets = _targets(province, communes, groups)
        records = _records(rng, courses, populations, groups)
        audit_record(
            actor=None,
            action=AuditEntry.Action.IMPORT,
            unit=province,
            object_type="literacy.TrainingRecord",
            object_repr="Bình dân học vụ số 2025 (demo)",
            after={
                "courses": len(courses),
                "populations": populations["rows"],
                "targets": targets,
                "records": records,
            },
            message="Demo data (illustrative persons, hashed synthetic IDs).",
        )
    summary = _summary(started)
    if stdout is not None:
        stdout.write(
            f"  literacy: {summary.courses} courses, {summary.populations} populations,"
            f" {summary.targets} targets, {summary.records} training records"
            f" ({summary.seconds:.1f} s)"
        )
    return summary


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
