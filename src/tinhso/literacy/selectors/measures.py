"""Measures of digital literacy: types, rates, traffic lights and the as-of counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tinhso.accounts.access import Action
from tinhso.literacy.models import (
    Course,
    LiteracyTarget,
    Population,
    TargetGroup,
    TrainingRecord,
)
from tinhso.units.models import Unit

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
