"""Lookups of digital literacy: units, course breakdowns and lists, target groups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from tinhso.accounts.access import Action, get_for_user_or_404, scope
from tinhso.literacy.models import (
    Course,
    TargetGroup,
)
from tinhso.units.models import Unit

from .measures import Measures, _aggregates, _measures, _records, _today


def literacy_unit_get(*, user: Any, pk: int) -> Unit:
    """A unit the user may view (for the commune page). Errors: `Http404`."""
    return get_for_user_or_404(Unit, user, Action.VIEW, pk=pk)


def literacy_unit_by_code(*, user: Any, code: str) -> Unit:
    """The current unit with `code` that the user may view (the shallowest if a code is
    shared across levels). Errors: `Http404`."""
    unit = (
        scope(Unit.objects.current(), user, Action.VIEW)
        .filter(code=code.strip())
        .order_by("depth", "pk")
        .first()
    )
    if unit is None:
        raise Http404("No such unit.")
    return unit


def literacy_course_breakdown(
    *, user: Any, unit: Unit, as_of: dt.date | None = None
) -> list[tuple[Course, Measures]]:
    """Per course, the measures of the unit's subtree's visible records. Two queries."""
    day = as_of or _today()
    rows = (
        _records(user, as_of=day, unit=unit)
        .values("course_id")
        .annotate(**_aggregates(day))
        .order_by()
    )
    measured = {r["course_id"]: _measures(r) for r in rows}
    courses = Course.objects.filter(pk__in=list(measured)).order_by("code")
    return [(course, measured[course.pk]) for course in courses]


def course_rows(
    *, user: Any, filters: dict[str, Any] | None = None, as_of: dt.date | None = None
) -> list[Course]:
    """The course catalogue (readable by every signed-in user), each course with the
    measures of the records the user may see (`course.measures`). Two queries."""
    filters = filters or {}
    day = filters.get("as_of") or as_of or _today()
    courses = Course.objects.select_related("owner_unit").order_by("code")
    text = (filters.get("q") or "").strip()
    if text:
        courses = courses.filter(Q(code__icontains=text) | Q(name__icontains=text))
    if filters.get("ai_only"):
        courses = courses.filter(is_ai_training=True)
    measured = {
        r["course_id"]: _measures(r)
        for r in _records(user, as_of=day)
        .values("course_id")
        .annotate(**_aggregates(day))
        .order_by()
    }
    result = list(courses)
    for course in result:
        course.measures = measured.get(course.pk) or Measures()  # type: ignore[attr-defined]
    return result


def course_choices(*, user: Any, action: Action | str = Action.VIEW) -> QuerySet[Course]:
    """Courses for a form's choice list: all for VIEW, those whose owner unit the user may
    act on otherwise."""
    courses = Course.objects.select_related("owner_unit").order_by("code")
    if Action(action) == Action.VIEW:
        return courses
    return scope(courses, user, action)


def course_find(*, code: str) -> Course | None:
    """A course by code, or None (the catalogue is public to signed-in users)."""
    return Course.objects.select_related("owner_unit").filter(code=code.strip()).first()


def target_group_list() -> list[TargetGroup]:
    """The target-group catalogue, in display order (public reference data)."""
    return list(TargetGroup.objects.order_by("sort_order", "code"))


def target_group_find(code: str) -> TargetGroup | None:
    """A target group by code, or None (public reference data)."""
    return TargetGroup.objects.filter(code=code.strip()).first()
