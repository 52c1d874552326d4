"""Read use-cases of digital literacy: the measures, coverage against targets, courses.

The measures are kept distinct (spec §5.4) and counted on an as-of date from the records:

* enrolments: records enrolled by the date (one person in two courses counts twice);
* unique learners: distinct persons enrolled by the date;
* completions / completers: records / distinct persons completed by the date;
* certificates: records with a certificate number dated by the date (or, undated, completed);
* AI learners: distinct persons enrolled by the date in a course marked AI training;
* offline learners: distinct persons with an in-person record.

Coverage = unique learners (basis "learners", the default) or completers (basis
"completers") ÷ the group's population, in %. A person counted in two communes (moved
between imports) counts once in a total: totals are counted directly, never summed.
A unit's target is measured over the unit's subtree. Every selector needs VIEW and counts
only the rows the user may see; none writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.access import Action, get_for_user_or_404, scope
from tinhso.units.models import Unit

from .models import (
    Course,
    LiteracyTarget,
    Population,
    TargetGroup,
    TargetMeasure,
    TrainingRecord,
)

BASES = ("learners", "completers")
# Traffic light: green at or above the target, amber from this share of the target, red below.
AMBER_SHARE = Decimal("0.8")
LIGHT_LABELS = {
    "green": _("target met"),
    "amber": _("close to target"),
    "red": _("behind target"),
    "none": _("no target or population"),
}
_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


@dataclass
class Measures:
    """The distinct measures of a set of records on a date."""

    enrolments: int = 0
    learners: int = 0
    completions: int = 0
    completers: int = 0
    certificates: int = 0
    ai_learners: int = 0
    offline_learners: int = 0

    def numerator(self, basis: str) -> int:
        return self.completers if basis == "completers" else self.learners


MEASURE_NAMES = tuple(Measures.__dataclass_fields__)


@dataclass
class ProgressRow:
    """One unit and group: population, target, measures, coverage and its traffic light."""

    unit: Unit
    group: TargetGroup
    population: Population | None
    target: LiteracyTarget | None
    measures: Measures
    basis: str
    coverage: Decimal | None = None
    light: str = "none"

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])

    @property
    def population_count(self) -> int | None:
        return self.population.count if self.population else None

    @property
    def target_rate(self) -> Decimal | None:
        return self.target.target_rate if self.target else None


@dataclass
class TargetStatus:
    """A target of a unit measured over the unit's subtree on the as-of date."""

    target: LiteracyTarget
    population: int
    value: int
    rate: Decimal | None
    achieved: bool
    light: str


@dataclass
class ProgressReport:
    """The overview: rows per unit and group, totals per group, the top unit's targets."""

    year: int
    as_of: dt.date
    basis: str
    rows: list[ProgressRow]
    totals: list[ProgressRow]
    overall: Measures
    target_unit: Unit | None = None
    targets: list[TargetStatus] = field(default_factory=list)

    @property
    def targets_achieved(self) -> int:
        return sum(1 for t in self.targets if t.achieved)


def _today() -> dt.date:
    return timezone.localdate()


def rate(numerator: int, denominator: int | None) -> Decimal | None:
    """numerator ÷ denominator in %, two decimals (None without a denominator)."""
    if not denominator:
        return None
    return (Decimal(numerator) * _HUNDRED / Decimal(denominator)).quantize(
        _CENT, rounding=ROUND_HALF_UP
    )


def light(coverage: Decimal | None, target: Decimal | None) -> str:
    """ "green" at or above target, "amber" from `AMBER_SHARE` of it, "red" below, "none"."""
    if coverage is None or target is None:
        return "none"
    if coverage >= target:
        return "green"
    if coverage >= target * AMBER_SHARE:
        return "amber"
    return "red"


def _aggregates(as_of: dt.date) -> dict[str, Count]:
    done = Q(completed_on__lte=as_of)
    certified = ~Q(certificate_number="") & (
        Q(certificate_date__lte=as_of) | Q(certificate_date__isnull=True, completed_on__lte=as_of)
    )
    return {
        "enrolments": Count("pk"),
        "learners": Count("person_id_hash", distinct=True),
        "completions": Count("pk", filter=done),
        "completers": Count("person_id_hash", filter=done, distinct=True),
        "certificates": Count("pk", filter=certified),
        "ai_learners": Count(
            "person_id_hash", filter=Q(course__is_ai_training=True), distinct=True
        ),
        "offline_learners": Count("person_id_hash", filter=Q(mode="offline"), distinct=True),
    }


def _measures(row: dict[str, Any] | None) -> Measures:
    if not row:
        return Measures()
    return Measures(**{name: row.get(name) or 0 for name in MEASURE_NAMES})


def _records(
    user: Any,
    *,
    as_of: dt.date,
    unit: Unit | None = None,
    group: TargetGroup | None = None,
    course: Course | None = None,
) -> QuerySet[TrainingRecord]:
    qs = TrainingRecord.objects.for_user(user, Action.VIEW).filter(enrolled_on__lte=as_of)
    if unit is not None:
        qs = qs.filter(_subtree(unit))
    if group is not None:
        qs = qs.filter(group=group)
    if course is not None:
        qs = qs.filter(course=course)
    return qs


def _subtree(unit: Unit, prefix: str = "unit__") -> Q:
    if unit.path:
        return Q(**{f"{prefix}path__startswith": unit.path})
    return Q(**{f"{prefix}pk": unit.pk})


def literacy_measures(
    *,
    user: Any,
    as_of: dt.date | None = None,
    unit: Unit | None = None,
    group: TargetGroup | None = None,
    course: Course | None = None,
) -> Measures:
    """The distinct measures of the visible records (optionally of a unit's subtree, a group,
    a course) on `as_of` (default today). One query. Action: VIEW."""
    day = as_of or _today()
    row = _records(user, as_of=day, unit=unit, group=group, course=course).aggregate(
        **_aggregates(day)
    )
    return _measures(row)


def _check_basis(basis: str) -> str:
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}")
    return basis


def literacy_progress(
    *,
    user: Any,
    year: int,
    as_of: dt.date | None = None,
    unit: Unit | None = None,
    group: TargetGroup | None = None,
    basis: str = "learners",
) -> ProgressReport:
    """Coverage per unit and group against the unit's coverage target, the totals per group,
    and the targets of the top unit (the given `unit`, else the highest visible unit with
    targets for `year`) measured over its subtree.

    Rule: see the module docstring; `basis` is "learners" or "completers". Action: VIEW
    (rows, populations and targets the user may see). A constant number of queries whatever
    the number of rows. Side effects: none. Errors: `ValueError` for an unknown basis.
    """
    _check_basis(basis)
    day = as_of or _today()
    populations = Population.objects.for_user(user, Action.VIEW).filter(year=year)
    targets = LiteracyTarget.objects.for_user(user, Action.VIEW).filter(year=year)
    records = _records(user, as_of=day, unit=unit, group=group)
    if unit is not None:
        populations = populations.filter(_subtree(unit))
        targets = targets.filter(_subtree(unit))
    if group is not None:
        populations = populations.filter(group=group)
        targets = targets.filter(group=group)
    pop_by_key = {(p.unit_id, p.group_id): p for p in populations}
    target_list = list(targets.select_related("unit", "group"))
    target_by_key = {
        (t.unit_id, t.group_id): t for t in target_list if t.measure == TargetMeasure.COVERAGE
    }
    measured = {
        (r["unit_id"], r["group_id"]): _measures(r)
        for r in records.values("unit_id", "group_id").annotate(**_aggregates(day)).order_by()
    }
    keys = set(pop_by_key) | set(target_by_key) | set(measured)
    units = Unit.objects.in_bulk({unit_id for unit_id, _g in keys})
    groups = {g.pk: g for g in TargetGroup.objects.all()}
    rows = []
    for unit_id, group_id in keys:
        row = ProgressRow(
            unit=units[unit_id],
            group=groups[group_id],
            population=pop_by_key.get((unit_id, group_id)),
            target=target_by_key.get((unit_id, group_id)),
            measures=measured.get((unit_id, group_id)) or Measures(),
            basis=basis,
        )
        row.coverage = rate(row.measures.numerator(basis), row.population_count)
        row.light = light(row.coverage, row.target_rate)
        rows.append(row)
    rows.sort(key=lambda r: (r.unit.depth, r.unit.name, r.group.sort_order, r.group.code))

    target_unit = unit
    if target_unit is None and target_list:
        target_unit = min((t.unit for t in target_list), key=lambda u: (u.depth, u.pk))
    totals = _group_totals(
        records, populations, groups, target_list, target_unit, day, basis, group
    )
    overall = _measures(records.aggregate(**_aggregates(day)))
    report = ProgressReport(
        year=year,
        as_of=day,
        basis=basis,
        rows=rows,
        totals=totals,
        overall=overall,
        target_unit=target_unit,
    )
    if target_unit is not None:
        report.targets = _target_statuses(
            [t for t in target_list if t.unit_id == target_unit.pk], totals, basis
        )
    return report


def _group_totals(
    records: QuerySet[TrainingRecord],
    populations: QuerySet[Population],
    groups: dict[int, TargetGroup],
    target_list: list[LiteracyTarget],
    target_unit: Unit | None,
    day: dt.date,
    basis: str,
    only: TargetGroup | None,
) -> list[ProgressRow]:
    """Per group over everything visible (or the top unit's subtree): distinct persons."""
    if target_unit is not None:
        records = records.filter(_subtree(target_unit))
        populations = populations.filter(_subtree(target_unit))
    measured = {
        r["group_id"]: _measures(r)
        for r in records.values("group_id").annotate(**_aggregates(day)).order_by()
    }
    pops = {
        r["group_id"]: r["total"]
        for r in populations.values("group_id").annotate(total=Sum("count")).order_by()
    }
    top_targets = {
        t.group_id: t
        for t in target_list
        if target_unit is not None
        and t.unit_id == target_unit.pk
        and t.measure == TargetMeasure.COVERAGE
    }
    totals = []
    for group in sorted(groups.values(), key=lambda g: (g.sort_order, g.code)):
        if only is not None and group.pk != only.pk:
            continue
        row = ProgressRow(
            unit=target_unit or Unit(name=""),
            group=group,
            population=None,
            target=top_targets.get(group.pk),
            measures=measured.get(group.pk) or Measures(),
            basis=basis,
        )
        population = pops.get(group.pk)
        row.coverage = rate(row.measures.numerator(basis), population)
        row.light = light(row.coverage, row.target_rate)
        row.total_population = population  # type: ignore[attr-defined]  # totals only
        totals.append(row)
    return totals


def _target_statuses(
    targets: Iterable[LiteracyTarget], totals: list[ProgressRow], basis: str
) -> list[TargetStatus]:
    by_group = {row.group.pk: row for row in totals}
    statuses = []
    for target in sorted(targets, key=lambda t: (t.group.sort_order, t.measure)):
        row = by_group.get(target.group_id)
        population = getattr(row, "total_population", None) or 0
        measures = row.measures if row else Measures()
        value = (
            measures.ai_learners
            if target.measure == TargetMeasure.AI
            else measures.numerator(basis)
        )
        achieved_rate = rate(value, population)
        achieved = achieved_rate is not None and achieved_rate >= target.target_rate
        if target.target_count is not None:
            achieved = achieved and value >= target.target_count
        statuses.append(
            TargetStatus(
                target=target,
                population=population,
                value=value,
                rate=achieved_rate,
                achieved=achieved,
                light=light(achieved_rate, target.target_rate),
            )
        )
    return statuses


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
