"""Pages of the 766 index (mounted at /chi-so-766/): a unit's score with explanations, the
commune league table, the what-if calculator and the digitisation/satisfaction rates.

Access: a unit's pages need VIEW on it (others get 404, like a missing unit); the league
table lists only the communes the user may view; the calculator reads no unit data.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tinhso.accounts.access import Action, can
from tinhso.core.exceptions import DomainError

from . import engine, selectors, services
from .example import EXAMPLE_COUNTS
from .forms import CalculatorForm, ManualInputForm
from .models import UnitPeriodScore
from .periods import ScorePeriod, current_quarter, month, parse, quarter, year


def _htmx(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not getattr(htmx, "boosted", False)


def _period(request: HttpRequest, name: str = "period") -> ScorePeriod:
    source = request.POST if request.method == "POST" else request.GET
    return parse(source.get(name, "")) or current_quarter(timezone.localdate())


def _period_choices(selected: ScorePeriod) -> list[ScorePeriod]:
    today = timezone.localdate()
    out: dict[str, ScorePeriod] = {}
    for y in (today.year, today.year - 1):
        out[str(y)] = year(y)
        for q in range(4, 0, -1):
            if (y, 3 * q - 2) <= (today.year, today.month):
                out[f"{y}-Q{q}"] = quarter(y, q)
    for m in range(today.month, 0, -1):
        out[f"{today.year}-M{m:02d}"] = month(today.year, m)
    out.setdefault(selected.code, selected)
    return sorted(out.values(), key=lambda p: (p.first, -len(p.months())), reverse=True)


def _groups(score: UnitPeriodScore) -> list[dict[str, Any]]:
    points = score.points or {}
    by_group: dict[str, list[dict[str, Any]]] = {}
    for item in points.get("indicators", []):
        by_group.setdefault(str(item["group"]), []).append(item)
    return [
        {**group, "indicators": by_group.get(group["key"], [])}
        for group in points.get("groups", [])
    ]


def _score_context(
    request: HttpRequest, unit: Any, period: ScorePeriod, form: ManualInputForm | None = None
) -> dict[str, Any]:
    score = services.score_ensure_current(user=request.user, unit=unit, period=period)
    can_edit = can(request.user, Action.EDIT, unit)
    if can_edit and form is None:
        form = ManualInputForm(version=score.set_version)
    return {
        "unit": unit,
        "period": period,
        "periods": _period_choices(period),
        "score": score,
        "counts": score.counts,
        "groups": _groups(score),
        "panels": (score.points or {}).get("panels", []),
        "manual_inputs": selectors.manual_input_list(
            user=request.user, unit=unit, period_code=period.code
        ),
        "form": form if can_edit else None,
    }


@login_required
def score_view(request: HttpRequest, unit_code: str) -> HttpResponse:
    """A unit's score for a period: the dossier counts, every indicator with its rate,
    points and explanation (inputs and formula), group totals, total and band."""
    unit = selectors.unit_for_score(user=request.user, code=unit_code)
    period = _period(request)
    context = _score_context(request, unit, period)
    if _htmx(request):
        return render(request, "serviceindex/score.html#score", context)
    return render(request, "serviceindex/score.html", context)


@login_required
@require_POST
def manual_input_view(request: HttpRequest, unit_code: str) -> HttpResponse:
    """Save a manual input (EDIT on the unit); errors re-render the page with the form."""
    unit = selectors.unit_for_score(user=request.user, code=unit_code)
    period = _period(request)
    score = services.score_ensure_current(user=request.user, unit=unit, period=period)
    form = ManualInputForm(request.POST, version=score.set_version)
    if form.is_valid():
        try:
            services.manual_input_save(
                actor=request.user,
                unit=unit,
                period_code=period.code,
                indicator_code=form.cleaned_data["indicator"],
                numerator=form.cleaned_data["numerator"],
                denominator=form.cleaned_data["denominator"],
                source=form.cleaned_data["source"],
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, messages)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            url = reverse("serviceindex:score", args=[unit.code])
            return HttpResponseRedirect(f"{url}?period={period.code}")
    return render(request, "serviceindex/score.html", _score_context(request, unit, period, form))


@login_required
def ranking_view(request: HttpRequest) -> HttpResponse:
    """The league table of the province's communes for a period (visible rows only)."""
    period = _period(request)
    services.ranking_ensure(period=period)
    province = selectors.province_for(user=request.user)
    context = {
        "period": period,
        "periods": _period_choices(period),
        "province": province,
        "rows": selectors.score_ranking(user=request.user, period=period, province=province),
    }
    if _htmx(request):
        return render(request, "serviceindex/ranking.html#rows", context)
    return render(request, "serviceindex/ranking.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def calculator_view(request: HttpRequest) -> HttpResponse:
    """What-if: counts in, points out, through the same engine (prefilled with spec §1.8)."""
    stored = selectors.version_get()
    if stored is None:
        return render(request, "serviceindex/calculator.html", {"form": None, "result": None})
    version = services.version_def(stored)
    if request.method == "POST":
        form = CalculatorForm(request.POST, version=version)
    else:
        form = CalculatorForm(initial={**EXAMPLE_COUNTS, "is_commune": True}, version=version)
    result = None
    if form.is_bound and form.is_valid():
        result = engine.evaluate(
            form.counts(), version, is_commune=bool(form.cleaned_data["is_commune"])
        )
    elif not form.is_bound:
        result = engine.evaluate(EXAMPLE_COUNTS, version, is_commune=True)
    context = {"form": form, "result": result, "version": stored}
    if _htmx(request):
        return render(request, "serviceindex/calculator.html#result", context)
    return render(request, "serviceindex/calculator.html", context)


@login_required
def rates_view(request: HttpRequest, unit_code: str) -> HttpResponse:
    """Digitisation, re-use and e-result rates and satisfaction of a unit for a period,
    with the same rates for each of its child units (a province: its communes)."""
    unit = selectors.unit_for_score(user=request.user, code=unit_code)
    period = _period(request)
    score = services.score_ensure_current(user=request.user, unit=unit, period=period)
    if unit.level.code == "province":
        services.ranking_ensure(period=period)
    children = [
        {"score": s, "unit": s.unit, **selectors.rates_of(s)}
        for s in selectors.child_scores(user=request.user, unit=unit, period=period)
    ]
    context = {
        "unit": unit,
        "period": period,
        "periods": _period_choices(period),
        "score": score,
        "rates": selectors.unit_rates(user=request.user, unit=unit, period=period, score=score),
        "children": children,
    }
    return render(request, "serviceindex/rates.html", context)
