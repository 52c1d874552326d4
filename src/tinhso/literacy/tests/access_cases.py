"""Access-matrix cases of digital literacy (see tinhso.core.testing.access_matrix).

Targets, populations and training records belong to their unit: the unit page and the
progress API show them to the unit's subtree readers only. Courses belong to their owner
unit, but the catalogue is readable by every signed-in user (`public_read`); creating one
needs EDIT on the owner unit. Paths assume the app is mounted at /literacy/ and
/api/v1/literacy (until then `literacy/tests/urls.py` mounts it for the app's tests).
"""

from __future__ import annotations

import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.literacy.models import Course, LiteracyTarget, Population, TrainingRecord
from tinhso.literacy.tests.factories import (
    CourseFactory,
    LiteracyTargetFactory,
    PopulationFactory,
    TrainingRecordFactory,
)
from tinhso.literacy.tests.helpers import csv_file, row

_n = itertools.count(1)


def _unit_page(obj: Any) -> str:
    return f"/literacy/units/{obj.unit_id}/"


def _progress(obj: Any) -> str:
    return f"/api/v1/literacy/progress?year=2025&as_of=2025-12-31&unit={obj.unit.code}"


def _target_write(obj: Any) -> dict[str, Any]:
    return {"unit": obj.unit.code, "group": "adults", "year": 2025, "target_rate": "90"}


def _population_write(obj: Any) -> dict[str, Any]:
    return {
        "unit": obj.unit.code,
        "group": "adults",
        "year": 2025,
        "count": 321,
        "source": "Matrix",
        "as_of": "2025-07-01",
    }


def _import_write(obj: Any) -> dict[str, Any]:
    person = f"0751{900000 + next(_n):08d}"
    data = csv_file([row(person, unit=obj.unit.name, course=obj.course.code)]).getvalue()
    return {"file": SimpleUploadedFile("matrix.csv", data, content_type="text/csv")}


def _course_write(obj: Any) -> dict[str, Any]:
    return {
        "code": f"MX-{next(_n)}",
        "name": "Matrix course",
        "owner_unit": obj.owner_unit.code,
    }


def _record(unit: Any) -> Any:
    return TrainingRecordFactory(
        unit=unit, course=CourseFactory(owner_unit=unit, code=f"MXR-{next(_n)}")
    )


CASES = [
    AccessCase(
        model=LiteracyTarget,
        make=lambda unit: LiteracyTargetFactory(unit=unit),
        ui_read=_unit_page,
        api_read=_progress,
        api_write=Write(url=lambda o: "/api/v1/literacy/targets", data=_target_write, method="put"),
    ),
    AccessCase(
        model=Population,
        make=lambda unit: PopulationFactory(unit=unit),
        ui_read=_unit_page,
        api_read=_progress,
        api_write=Write(
            url=lambda o: "/api/v1/literacy/populations", data=_population_write, method="put"
        ),
    ),
    AccessCase(
        model=TrainingRecord,
        make=_record,
        ui_read=_unit_page,
        api_read=_progress,
        ui_write=Write(url=lambda o: "/literacy/import/", data=_import_write),
    ),
    AccessCase(
        model=Course,
        make=lambda unit: CourseFactory(owner_unit=unit, name=f"Matrix course {next(_n)}"),
        public_read=True,
        ui_list=("/literacy/courses/?q=Matrix", lambda o: o.name),
        api_list=("/api/v1/literacy/courses?q=Matrix", lambda o: o.name),
        api_write=Write(url=lambda o: "/api/v1/literacy/courses", data=_course_write),
    ),
]
