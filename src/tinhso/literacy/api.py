"""API routes of digital literacy (to be mounted at /api/v1/literacy in tinhso/api.py).

Reads need VIEW on the rows' units (the course catalogue is readable by every signed-in
user); writes follow the services' rules. Tokens need `literacy:read` / `literacy:write`
(to be added to `ApiToken.SCOPES`).
"""

# No `from __future__ import annotations`: ninja reads the handler annotations at import.

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from tinhso.core.pagination import PageNumberPagination
from tinhso.core.scopes import require_scope

from . import selectors, services
from .schemas import (
    CourseFilterIn,
    CourseIn,
    CourseOut,
    ImportReportOut,
    PopulationIn,
    PopulationOut,
    ProgressIn,
    ProgressOut,
    TargetIn,
    TargetOut,
)

router = Router(tags=["literacy"])

READ_SCOPE = "literacy:read"
WRITE_SCOPE = "literacy:write"
# An upload beyond this is not a course export (300k rows of CSV are about 30 MB).
MAX_UPLOAD_BYTES = 60 * 1024 * 1024


def _unit(unit: Any) -> dict[str, Any] | None:
    if unit is None or unit.pk is None:
        return None
    return {"id": unit.pk, "code": unit.code, "name": unit.name}


def _group(code: str) -> Any:
    group = selectors.target_group_find(code)
    if group is None:
        raise ValidationError({"group": _("Unknown target group.")})
    return group


def _measures(m: Any) -> dict[str, int]:
    return {name: getattr(m, name) for name in selectors.MEASURE_NAMES}


@router.get("/progress", response=ProgressOut, operation_id="get_literacy_progress")
def get_literacy_progress(request: HttpRequest, params: Query[ProgressIn]) -> Any:
    """Coverage per unit and group with targets, totals per group (distinct persons) and the
    top unit's targets; `basis` says whether learners or completers are counted."""
    require_scope(request, READ_SCOPE)
    unit = (
        selectors.literacy_unit_by_code(user=request.user, code=params.unit)
        if params.unit
        else None
    )
    group = _group(params.group) if params.group else None
    report = selectors.literacy_progress(
        user=request.user,
        year=params.year,
        as_of=params.as_of,
        unit=unit,
        group=group,
        basis=params.basis,
    )
    return {
        "year": report.year,
        "as_of": report.as_of,
        "basis": report.basis,
        "unit": _unit(report.target_unit),
        "overall": _measures(report.overall),
        "totals": [
            {
                "group": row.group.code,
                "population": getattr(row, "total_population", None),
                "target_rate": row.target_rate,
                "measures": _measures(row.measures),
                "coverage": row.coverage,
                "light": row.light,
            }
            for row in report.totals
        ],
        "targets": [
            {
                "group": s.target.group.code,
                "measure": s.target.measure,
                "target_rate": s.target.target_rate,
                "target_count": s.target.target_count,
                "source_document": s.target.source_document,
                "population": s.population,
                "value": s.value,
                "rate": s.rate,
                "achieved": s.achieved,
            }
            for s in report.targets
        ],
        "targets_achieved": report.targets_achieved,
        "rows": [
            {
                "unit": _unit(row.unit),
                "group": row.group.code,
                "population": row.population_count,
                "population_source": row.population.source if row.population else "",
                "target_rate": row.target_rate,
                "measures": _measures(row.measures),
                "coverage": row.coverage,
                "light": row.light,
            }
            for row in report.rows
        ],
    }


def _course(course: Any) -> dict[str, Any]:
    return {
        "id": course.pk,
        "code": course.code,
        "name": course.name,
        "provider": course.provider,
        "mode": course.mode,
        "is_ai_training": course.is_ai_training,
        "owner_unit": _unit(course.owner_unit),
        "measures": _measures(course.measures),
    }


@router.get("/courses", response=list[CourseOut], operation_id="list_literacy_courses")
@paginate(PageNumberPagination, page_size=50, max_page_size=500)
def list_literacy_courses(request: HttpRequest, filters: Query[CourseFilterIn]) -> Any:
    """The course catalogue with the measures of the records the caller may see."""
    require_scope(request, READ_SCOPE)
    rows = selectors.course_rows(user=request.user, filters=filters.model_dump())
    return [_course(c) for c in rows]


@router.post("/courses", response={201: CourseOut}, operation_id="create_literacy_course")
def create_literacy_course(request: HttpRequest, payload: CourseIn) -> Any:
    """Register a course; needs EDIT on the owner unit."""
    require_scope(request, WRITE_SCOPE)
    owner = selectors.literacy_unit_by_code(user=request.user, code=payload.owner_unit)
    data = payload.model_dump(exclude={"owner_unit"})
    course = services.course_create(actor=request.user, owner_unit=owner, **data)
    course.measures = selectors.Measures()  # type: ignore[attr-defined]  # a new course
    return Status(201, _course(course))


@router.put("/targets", response=TargetOut, operation_id="set_literacy_target")
def set_literacy_target(request: HttpRequest, payload: TargetIn) -> Any:
    """Create or change a unit's target for a group, year and measure (EDIT on the unit)."""
    require_scope(request, WRITE_SCOPE)
    unit = selectors.literacy_unit_by_code(user=request.user, code=payload.unit)
    group = _group(payload.group)
    data = payload.model_dump(exclude={"unit", "group"})
    target = services.target_set(actor=request.user, unit=unit, group=group, **data)
    return {
        **_plain(target),
        "target_rate": target.target_rate,
        "target_count": target.target_count,
        "measure": target.measure,
        "source_document": target.source_document,
    }


@router.put("/populations", response=PopulationOut, operation_id="set_literacy_population")
def set_literacy_population(request: HttpRequest, payload: PopulationIn) -> Any:
    """Create or change a denominator (persons of a group in a unit and year)."""
    require_scope(request, WRITE_SCOPE)
    unit = selectors.literacy_unit_by_code(user=request.user, code=payload.unit)
    group = _group(payload.group)
    data = payload.model_dump(exclude={"unit", "group"})
    row = services.population_set(actor=request.user, unit=unit, group=group, **data)
    return {**_plain(row), "count": row.count, "source": row.source, "as_of": row.as_of}


def _plain(obj: Any) -> dict[str, Any]:
    return {
        "id": obj.pk,
        "unit": _unit(obj.unit),
        "group": obj.group.code,
        "year": obj.year,
        "version": obj.version,
    }


def _report(report: Any) -> dict[str, Any]:
    return {
        "saved": report.saved,
        "rows": report.rows,
        "new": report.new,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "duplicates": report.duplicates,
        "bad_rows": report.bad_rows,
        "seconds": report.seconds,
        "errors": [{"row": e.row, "column": e.column, "message": e.message} for e in report.errors],
    }


@router.post(
    "/imports",
    response={201: ImportReportOut, 422: dict[str, Any]},
    operation_id="import_literacy_records",
)
def import_literacy_records(
    request: HttpRequest, file: File[UploadedFile], course: Form[str] = ""
) -> Any:
    """Import a course export (.csv or .xlsx), all or nothing. 201 with the counts; 422 with
    every row error (`detail`) and the same report (`report`) when any row is bad."""
    require_scope(request, WRITE_SCOPE)
    if file.size is not None and file.size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    chosen = None
    if course.strip():
        chosen = selectors.course_find(code=course)
        if chosen is None:
            raise ValidationError({"course": _("Unknown course.")})
    report = services.training_records_import(
        actor=request.user, file=file, filename=file.name or "", course=chosen
    )
    if not report.saved:
        detail = [
            {
                "loc": ["body", "file", "rows", e.row, e.column] if e.row else ["body", "file"],
                "msg": e.message,
                "type": "value_error",
            }
            for e in report.errors
        ]
        return Status(422, {"detail": detail, "report": _report(report)})
    return Status(201, _report(report))
