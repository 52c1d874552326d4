"""Read use-cases of the 766 index: units a user may see, stored scores, the commune league
table, manual inputs and the digitisation/satisfaction rates. Every read is scoped with
`Action.VIEW` (forbidden = missing = 404)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from tinhso.accounts.access import AccessDenied, Action, scope, unit_ids_for
from tinhso.dossiers.models import Evaluation, SatisfactionLevel, SatisfactionQuestion
from tinhso.units.models import Unit

from .models import IndicatorSetVersion, ManualInput, UnitPeriodScore
from .periods import ScorePeriod


def unit_for_score(*, user: Any, code: str) -> Unit:
    """The current unit with `code` that `user` may view (a province before a commune when
    codes collide). Action: VIEW. Errors: `AccessDenied` (404) when missing or forbidden."""
    unit = (
        scope(Unit.objects.filter(code=code, valid_to__isnull=True), user, Action.VIEW)
        .select_related("level", "parent")
        .order_by("level__sort_order", "pk")
        .first()
    )
    if unit is None:
        raise AccessDenied("No such unit.")
    return unit


def version_get(*, code: str | None = None) -> IndicatorSetVersion | None:
    """An indicator-set version by code (None: the latest). Public reference data."""
    qs = IndicatorSetVersion.objects.prefetch_related("indicators", "bands")
    if code:
        return qs.filter(code=code).first()
    return qs.order_by("-valid_from", "pk").first()


def score_list(
    *, user: Any, unit: Unit | None = None, period_code: str | None = None
) -> QuerySet[UnitPeriodScore]:
    """Stored scores the user may view, newest period first. Action: VIEW."""
    qs = UnitPeriodScore.objects.for_user(user, Action.VIEW).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit_id=unit.pk)
    if period_code:
        qs = qs.filter(period_code=period_code)
    return qs.order_by("-period_code", "unit__code", "pk")


def manual_input_list(
    *, user: Any, unit: Unit | None = None, period_code: str | None = None
) -> QuerySet[ManualInput]:
    """Manual inputs the user may view. Action: VIEW."""
    qs = ManualInput.objects.for_user(user, Action.VIEW).select_related("unit", "entered_by")
    if unit is not None:
        qs = qs.filter(unit_id=unit.pk)
    if period_code:
        qs = qs.filter(period_code=period_code)
    return qs.order_by("unit__code", "period_code", "indicator_code", "pk")


def province_for(*, user: Any) -> Unit | None:
    """The deployment's province (`TINHSO_PROVINCE_CODE`), else the first province-level
    ancestor of a unit the user may view. No side effects."""
    province = (
        Unit.objects.filter(
            valid_to__isnull=True, level__code="province", code=settings.TINHSO_PROVINCE_CODE
        )
        .order_by("pk")
        .first()
    )
    if province is not None:
        return province
    visible = unit_ids_for(user, Action.VIEW)
    first = Unit.objects.filter(pk__in=visible).order_by("depth", "pk").first()
    if first is None:
        return None
    ancestors = [int(p) for p in first.path.strip("/").split("/") if p]
    return Unit.objects.filter(pk__in=ancestors, level__code="province").order_by("depth").first()


@dataclass
class RankRow:
    rank: int
    unit: Unit
    score: UnitPeriodScore

    @property
    def group2(self) -> Decimal:
        return Decimal(self.score.group_points.get("2", "0"))

    @property
    def group4(self) -> Decimal:
        return Decimal(self.score.group_points.get("4", "0"))


def score_ranking(*, user: Any, period: ScorePeriod, province: Unit | None) -> list[RankRow]:
    """The communes of `province` by total (ties: group 2, then group 4, then name), ranked
    among all of them; only the rows of units `user` may view are returned. Action: VIEW."""
    if province is None:
        return []
    scores = list(
        UnitPeriodScore.objects.filter(
            period_code=period.code,
            unit__valid_to__isnull=True,
            unit__level__code="commune",
            unit__path__startswith=province.path,
        ).select_related("unit")
    )

    def key(s: UnitPeriodScore) -> tuple[Decimal, Decimal, Decimal, str, int]:
        groups = s.group_points or {}
        return (
            -Decimal(s.total),
            -Decimal(groups.get("2", "0")),
            -Decimal(groups.get("4", "0")),
            s.unit.name,
            s.unit_id,
        )

    visible = unit_ids_for(user, Action.VIEW)
    rows = []
    for index, score in enumerate(sorted(scores, key=key), start=1):
        if score.unit_id in visible:
            rows.append(RankRow(rank=index, unit=score.unit, score=score))
    return rows


def _rate(num: Any, den: Any) -> Decimal | None:
    num, den = Decimal(str(num or 0)), Decimal(str(den or 0))
    return None if den <= 0 else num / den * 100


@dataclass
class Rates:
    """Digitisation, re-use and e-result rates and satisfaction of a unit for a period."""

    received: int
    digitised: Decimal | None
    reused: Decimal | None
    e_result: Decimal | None
    evaluations: int
    satisfied: Decimal | None
    average_total: Decimal | None
    per_question: list[dict[str, Any]]


def rates_of(score: UnitPeriodScore) -> dict[str, Decimal | None]:
    """The digitisation, re-use and e-result rates (in %) of a stored score's counts."""
    c = score.counts or {}
    return {
        "digitised": _rate(c.get("digitised"), c.get("received")),
        "reused": _rate(c.get("reused"), c.get("received")),
        "e_result": _rate(c.get("e_result"), c.get("doc_dossiers")),
    }


def unit_rates(*, user: Any, unit: Unit, period: ScorePeriod, score: UnitPeriodScore) -> Rates:
    """Rates of `unit` (its subtree) for `period`: dossiers digitised / with re-used data /
    with an electronic result (of the stored score's counts, spec §2.12) and the
    evaluations made in the period (satisfied or very satisfied share, average total and
    average score per question, spec §2.13). Action: VIEW (evaluations are scoped)."""
    evaluations = Evaluation.objects.for_user(user, Action.VIEW).filter(
        dossier__resolving_unit__path__startswith=unit.path,
        created_at__gte=period.start_at,
        created_at__lt=period.end_at,
    )
    summary = evaluations.aggregate(
        n=Count("id"),
        ok=Count(
            "id",
            filter=Q(level__in=[SatisfactionLevel.SATISFIED, SatisfactionLevel.VERY_SATISFIED]),
        ),
    )
    totals: dict[str, Decimal] = defaultdict(Decimal)
    answered: dict[str, int] = defaultdict(int)
    grand = Decimal(0)
    for scores, total in evaluations.values_list("scores", "total").order_by():
        grand += Decimal(total or 0)
        for code, value in (scores or {}).items():
            try:
                totals[code] += Decimal(str(value))
            except ArithmeticError:
                continue
            answered[code] += 1
    questions = SatisfactionQuestion.objects.filter(valid_from__lte=period.last).exclude(
        valid_to__isnull=False, valid_to__lte=period.first
    )
    per_question = [
        {
            "code": q.code,
            "text": q.text,
            "max": q.max_score,
            "answers": answered.get(q.code, 0),
            "average": (totals[q.code] / answered[q.code]) if answered.get(q.code) else None,
        }
        for q in questions.order_by("position", "pk")
    ]
    n = int(summary["n"] or 0)
    rates = rates_of(score)
    return Rates(
        received=int((score.counts or {}).get("received", 0)),
        digitised=rates["digitised"],
        reused=rates["reused"],
        e_result=rates["e_result"],
        evaluations=n,
        satisfied=_rate(summary["ok"], n),
        average_total=(grand / n) if n else None,
        per_question=per_question,
    )


def child_scores(*, user: Any, unit: Unit, period: ScorePeriod) -> list[UnitPeriodScore]:
    """Stored scores of the current direct children of `unit` the user may view (the
    province's communes on its rates page). Action: VIEW."""
    return list(
        UnitPeriodScore.objects.for_user(user, Action.VIEW)
        .filter(period_code=period.code, unit__parent_id=unit.pk, unit__valid_to__isnull=True)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )
