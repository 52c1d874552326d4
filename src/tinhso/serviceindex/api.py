"""API of the 766 index (`/api/v1/serviceindex/`): the calculator, stored scores, the
commune ranking and manual inputs. Reads are scoped with VIEW; a unit the caller may not
view is a 404, like a missing one."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from tinhso.core.pagination import LimitOffsetPagination

from . import engine, selectors, services
from .models import ManualInput, UnitPeriodScore
from .periods import ScorePeriod, current_quarter, parse
from .schemas import (
    CalculateIn,
    ManualInputIn,
    ManualInputOut,
    RankOut,
    ResultOut,
    ScoreOut,
)

router = Router(tags=["serviceindex"])
MAX_COUNT = Decimal(10) ** 12


def _user(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or request.user


def _period(code: str | None, *, required: bool = False) -> ScorePeriod:
    if not code:
        if required:
            raise ValidationError({"period": _("Give a period code, e.g. 2025-Q3.")})
        return current_quarter(timezone.localdate())
    period = parse(code)
    if period is None:
        raise ValidationError({"period": _("Unknown period code.")})
    return period


def _counts(raw: dict[str, Any], keys: set[str]) -> dict[str, Decimal | None]:
    errors: dict[str, list[str]] = {}
    counts: dict[str, Decimal | None] = {}
    for key, value in raw.items():
        name = f"counts.{key}"
        if key not in keys:
            errors[name] = [_("Unknown count.")]
            continue
        if value is None:
            counts[key] = None
            continue
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            errors[name] = [_("Enter a number.")]
            continue
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            errors[name] = [_("Enter a number.")]
            continue
        if not number.is_finite() or number < 0 or number > MAX_COUNT:
            errors[name] = [_("Enter a number between 0 and 10^12.")]
            continue
        counts[key] = number
    if errors:
        raise ValidationError(errors)
    return counts


@router.post("/calculate", response=ResultOut)
def calculate(request: HttpRequest, payload: CalculateIn) -> dict[str, Any]:
    """Counts in → points per indicator, group and panel, total and band (the engine)."""
    stored = selectors.version_get(code=payload.version)
    if stored is None:
        raise ValidationError({"version": _("Unknown indicator set.")})
    version = services.version_def(stored)
    counts = _counts(payload.counts, set(engine.count_keys(version)))
    return engine.evaluate(counts, version, is_commune=payload.is_commune).as_json()


def _score_out(score: UnitPeriodScore) -> dict[str, Any]:
    return {
        "unit_code": score.unit.code,
        "unit_name": score.unit.name,
        "period": score.period_code,
        "period_kind": score.period_kind,
        "total": score.total,
        "band": score.band,
        "groups": score.group_points,
        "counts": score.counts,
        "points": score.points,
        "computed_at": score.computed_at,
        "data_version": score.data_version,
    }


class ScoreFilter(Schema):
    unit: str | None = None
    period: str | None = None


@router.get("/scores", response=list[ScoreOut])
@paginate(LimitOffsetPagination)
def list_scores(request: HttpRequest, filters: Query[ScoreFilter]) -> list[dict[str, Any]]:
    """Stored scores the caller may view; with `unit` and `period` the score is brought up
    to date first. A `unit` the caller may not view is a 404."""
    user = _user(request)
    unit = selectors.unit_for_score(user=user, code=filters.unit) if filters.unit else None
    period_code = None
    if filters.period:
        period_code = _period(filters.period).code
        if unit is not None:
            services.score_ensure_current(user=user, unit=unit, period=_period(filters.period))
    return [
        _score_out(s) for s in selectors.score_list(user=user, unit=unit, period_code=period_code)
    ]


class RankFilter(Schema):
    period: str | None = None


@router.get("/ranking", response=list[RankOut])
@paginate(LimitOffsetPagination)
def list_ranking(request: HttpRequest, filters: Query[RankFilter]) -> list[dict[str, Any]]:
    """The commune league table of the period (only the communes the caller may view)."""
    user = _user(request)
    period = _period(filters.period)
    services.ranking_ensure(period=period)
    rows = selectors.score_ranking(
        user=user, period=period, province=selectors.province_for(user=user)
    )
    return [
        {
            "rank": r.rank,
            "unit_code": r.unit.code,
            "unit_name": r.unit.name,
            "total": r.score.total,
            "group2": r.group2,
            "group4": r.group4,
            "band": r.score.band,
        }
        for r in rows
    ]


def _manual_out(row: ManualInput) -> dict[str, Any]:
    return {
        "unit_code": row.unit.code,
        "period": row.period_code,
        "indicator": row.indicator_code,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "source": row.source,
        "version": row.version,
        "updated_at": row.updated_at,
    }


@router.get("/manual-inputs", response=list[ManualInputOut])
@paginate(LimitOffsetPagination)
def list_manual_inputs(request: HttpRequest, filters: Query[ScoreFilter]) -> list[dict[str, Any]]:
    """Figures entered by hand that the caller may view."""
    user = _user(request)
    unit = selectors.unit_for_score(user=user, code=filters.unit) if filters.unit else None
    code = _period(filters.period).code if filters.period else None
    return [
        _manual_out(m) for m in selectors.manual_input_list(user=user, unit=unit, period_code=code)
    ]


@router.put("/manual-inputs", response=ManualInputOut)
def save_manual_input(request: HttpRequest, payload: ManualInputIn) -> dict[str, Any]:
    """Enter or correct a figure entered by hand (EDIT on the unit); recomputes the score."""
    user = _user(request)
    unit = selectors.unit_for_score(user=user, code=payload.unit)
    row = services.manual_input_save(
        actor=user,
        unit=unit,
        period_code=payload.period,
        indicator_code=payload.indicator,
        numerator=payload.numerator,
        denominator=payload.denominator,
        source=payload.source,
        expected_version=payload.version,
    )
    return _manual_out(row)
