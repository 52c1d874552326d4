"""Computing, ranking and refreshing the stored 766 scores (system jobs)."""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone

from tinhso.accounts.access import Action, require
from tinhso.dossiers.models import Dossier
from tinhso.serviceindex import counting, engine
from tinhso.serviceindex.models import (
    DataSource,
    IndicatorSetVersion,
    ManualInput,
    RefreshRun,
    UnitPeriodScore,
)
from tinhso.serviceindex.periods import ScorePeriod, local_zone, month, month_of
from tinhso.units.models import Unit

from .common import (
    SCORED_LEVELS,
    _all_versions,
    _ancestor_ids,
    _pick_version,
    _plain,
    _unit_rows,
    version_def,
)
from .nq57 import nq57_values_write


@dataclass
class _Context:
    """What one refresh run loads once and reuses for every period."""

    now: dt.datetime
    versions: dict[str, tuple[IndicatorSetVersion, engine.VersionDef]] = field(default_factory=dict)
    catalogue: counting.Catalogue | None = None
    stored_versions: list[IndicatorSetVersion] | None = None

    def version(self, period: ScorePeriod) -> tuple[IndicatorSetVersion, engine.VersionDef]:
        if self.stored_versions is None:
            self.stored_versions = _all_versions()
        stored = _pick_version(self.stored_versions, period)
        if stored.code not in self.versions:
            self.versions[stored.code] = (stored, version_def(stored))
        return self.versions[stored.code]

    def get_catalogue(self) -> counting.Catalogue:
        if self.catalogue is None:
            self.catalogue = counting.load_catalogue()
        return self.catalogue


def _compute_period(
    period: ScorePeriod, *, ctx: _Context, unit_ids: Iterable[int] | None = None
) -> list[UnitPeriodScore]:
    """Compute and store the scores of `period` for `unit_ids` (None: the deployment's
    province (`TINHSO_PROVINCE_CODE`) and its communes, and every unit that resolved a
    dossier in the period) — never the other 33 provinces' 3,000 communes, which the unit
    directory holds for look-ups only."""
    stored_version, vdef = ctx.version(period)
    if unit_ids is None:
        targets = _unit_rows(
            valid_to__isnull=True,
            level__code__in=SCORED_LEVELS,
            province_code=settings.TINHSO_PROVINCE_CODE,
        )
        per_unit = counting.period_dossier_counts(period, now=ctx.now)
    else:
        targets = _unit_rows(pk__in=list(unit_ids))
        if not targets:
            return []
        paths = sorted({t.path for t in targets.values() if t.path})
        in_subtrees = Unit.objects.none()
        for path in paths:
            in_subtrees = in_subtrees | Unit.objects.filter(path__startswith=path)
        sub_ids = list(in_subtrees.values_list("pk", flat=True).order_by())
        per_unit = counting.period_dossier_counts(period, now=ctx.now, resolving_unit_ids=sub_ids)
    missing = set(per_unit) - set(targets)
    paths_of = {pk: row.path for pk, row in targets.items()}
    if missing:
        extra = _unit_rows(pk__in=missing)
        paths_of.update({pk: row.path for pk, row in extra.items()})
        if unit_ids is None:
            targets.update(extra)
    acc = {pk: counting.UnitCounts() for pk in targets}
    for res_id, unit_counts in per_unit.items():
        for ancestor in _ancestor_ids(paths_of.get(res_id, "")) or [res_id]:
            if ancestor in acc:
                acc[ancestor].add(unit_counts)
    manual: dict[int, list[ManualInput]] = defaultdict(list)
    for row in ManualInput.objects.filter(period_code=period.code, unit_id__in=list(targets)):
        manual[row.unit_id].append(row)
    manual_defs = {
        i.code: i
        for i in stored_version.indicators.all()
        if i.data_source in {DataSource.MANUAL, DataSource.CATALOGUE}
    }
    catalogue = ctx.get_catalogue()
    existing = {
        s.unit_id: s
        for s in UnitPeriodScore.objects.filter(period_code=period.code, unit_id__in=list(targets))
    }
    rows: list[UnitPeriodScore] = []
    for pk, target in sorted(targets.items()):
        subtree = acc[pk]
        counts: dict[str, Any] = dict(subtree.counts)
        counts["late"] = counts["received"] - counts["on_time"]
        counts.update(counting.catalogue_counts(catalogue.for_unit(pk, target.level), subtree))
        for entry in manual.get(pk, []):
            defn = manual_defs.get(entry.indicator_code)
            if defn is None or not defn.numerator_keys or not defn.denominator_keys:
                continue
            counts[defn.numerator_keys[0]] = _plain(Decimal(entry.numerator))
            counts[defn.denominator_keys[0]] = _plain(Decimal(entry.denominator))
        result = engine.evaluate(counts, vdef, is_commune=target.level == "commune")
        points = result.as_json()
        old = existing.get(pk)
        changed = old is None or old.counts != counts or old.points != points
        rows.append(
            UnitPeriodScore(
                unit_id=pk,
                period_kind=period.kind,
                period_code=period.code,
                set_version=stored_version,
                counts=counts,
                points=points,
                total=result.total.quantize(Decimal("0.0001")),
                group_points={g.key: str(g.points) for g in result.groups},
                band=result.band,
                band_code=result.band_code,
                computed_at=ctx.now,
                data_version=(1 if old is None else old.data_version + (1 if changed else 0)),
            )
        )
    UnitPeriodScore.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["unit", "period_code"],
        update_fields=[
            "period_kind",
            "set_version",
            "counts",
            "points",
            "total",
            "group_points",
            "band",
            "band_code",
            "computed_at",
            "data_version",
        ],
    )
    return rows


def score_compute(*, unit: Unit, period: ScorePeriod) -> UnitPeriodScore:
    """Recompute and store one unit's score for `period` (its whole subtree's dossiers).

    A system job: no right is checked (callers that act for a user check VIEW first, see
    `score_ensure_current`). Side effects: upserts the `UnitPeriodScore`. Errors:
    `ValidationError` when no indicator set exists.
    """
    rows = _compute_period(period, ctx=_Context(now=timezone.now()), unit_ids=[unit.pk])
    return rows[0]


def score_ensure_current(*, user: Any, unit: Unit, period: ScorePeriod) -> UnitPeriodScore:
    """The stored score of `unit` for `period`, recomputed first when it is missing or older
    than a change to one of the dossiers it counts (so a page never shows stale counts).

    Action: `Action.VIEW` on `unit`. Side effects: may upsert the score. Errors:
    `AccessDenied`.
    """
    require(user, Action.VIEW, unit)
    stored = UnitPeriodScore.objects.filter(unit_id=unit.pk, period_code=period.code).first()
    if stored is not None:
        stale = Dossier.objects.filter(
            resolving_unit__path__startswith=unit.path,
            received_at__gte=period.start_at,
            received_at__lt=period.end_at,
            updated_at__gt=stored.computed_at,
        ).exists()
        if not stale:
            return stored
    return score_compute(unit=unit, period=period)


def ranking_ensure(*, period: ScorePeriod) -> int:
    """Compute the whole period when some current commune has no score yet; returns the
    number of scores written (0 when all existed). A system job: no right checked."""
    communes = set(
        Unit.objects.filter(valid_to__isnull=True, level__code="commune").values_list(
            "pk", flat=True
        )
    )
    have = set(
        UnitPeriodScore.objects.filter(period_code=period.code, unit_id__in=communes).values_list(
            "unit_id", flat=True
        )
    )
    if communes <= have:
        return 0
    return len(_compute_period(period, ctx=_Context(now=timezone.now())))


@dataclass
class RefreshResult:
    """What a refresh did: periods recomputed, scores written, NQ57 values, seconds."""

    periods: list[str]
    scores: int
    nq57_values: int
    seconds: float


def _all_periods() -> list[ScorePeriod]:
    span = Dossier.objects.filter(received_at__isnull=False).aggregate(
        first=Min("received_at"), last=Max("received_at")
    )
    if span["first"] is None:
        return []
    first, last = month_of(span["first"]), month_of(span["last"])
    months: list[ScorePeriod] = []
    y, m = first.year, first.number
    while (y, m) <= (last.year, last.number):
        months.append(month(y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    out: dict[str, ScorePeriod] = {}
    for mon in months:
        for p in mon.containing():
            out.setdefault(p.code, p)
    return list(out.values())


def serviceindex_refresh(*, full: bool = False, period: ScorePeriod | None = None) -> RefreshResult:
    """Recompute stored scores: one period for every unit (`period`), every period that has
    dossiers (`full`), or only what changed since the last run (default).

    A system job (management command, Celery beat). Side effects: upserts scores, writes
    the NQ57 values of the months recomputed (`nq57_values_write`) and one `RefreshRun`.
    """
    started = timezone.now()
    if period is None and not full:
        last = RefreshRun.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
        if last is not None:
            return serviceindex_refresh_changed(since=last.started_at, started=started)
        full = True
    ctx = _Context(now=started)
    clock = time.perf_counter()
    periods = [period] if period is not None else _all_periods()
    written = 0
    nq57 = 0
    for item in periods:
        rows = _compute_period(item, ctx=ctx)
        written += len(rows)
        if item.kind == "month":
            nq57 += nq57_values_write(period=item, scores=rows)
    return _finish(started, clock, full=full, periods=periods, written=written, nq57=nq57)


def serviceindex_refresh_changed(
    *, since: dt.datetime, started: dt.datetime | None = None
) -> RefreshResult:
    """Recompute only the (resolving unit, month) pairs touched by dossiers updated after
    `since`, and the quarters, years and ancestor units (the province) containing them.

    One query finds the pairs (index on `updated_at`); each touched period then costs a
    constant number of queries. Side effects: as `serviceindex_refresh`.
    """
    started = started or timezone.now()
    clock = time.perf_counter()
    pairs = (
        Dossier.objects.filter(updated_at__gt=since, received_at__isnull=False)
        .annotate(month=TruncMonth("received_at", tzinfo=local_zone()))
        .values_list("resolving_unit_id", "month")
        .distinct()
        .order_by()
    )
    touched: dict[str, set[int]] = defaultdict(set)
    periods: dict[str, ScorePeriod] = {}
    unit_ids: set[int] = set()
    for unit_id, month_start in pairs:
        mon = month(month_start.year, month_start.month)
        unit_ids.add(unit_id)
        for item in mon.containing():
            periods.setdefault(item.code, item)
            touched[item.code].add(unit_id)
    paths = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "path").order_by())
    ctx = _Context(now=started)
    written = 0
    nq57 = 0
    for code, units in sorted(touched.items()):
        with_ancestors = {a for u in units for a in _ancestor_ids(paths.get(u, ""))} | units
        rows = _compute_period(periods[code], ctx=ctx, unit_ids=with_ancestors)
        written += len(rows)
        if periods[code].kind == "month":
            nq57 += nq57_values_write(period=periods[code], scores=rows)
    return _finish(
        started, clock, full=False, periods=list(periods.values()), written=written, nq57=nq57
    )


def _finish(
    started: dt.datetime,
    clock: float,
    *,
    full: bool,
    periods: list[ScorePeriod],
    written: int,
    nq57: int,
) -> RefreshResult:
    seconds = time.perf_counter() - clock
    RefreshRun.objects.create(
        started_at=started,
        finished_at=timezone.now(),
        full=full,
        periods=[p.code for p in periods],
        scores=written,
        seconds=Decimal(f"{seconds:.3f}"),
    )
    return RefreshResult(
        periods=[p.code for p in periods], scores=written, nq57_values=nq57, seconds=seconds
    )


# --- manual inputs --------------------------------------------------------------------------
