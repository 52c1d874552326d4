"""Write use-cases of the 766 index: computing and refreshing the stored scores, manual
inputs, and the flow of three rates into the NQ57 indicators.

Stored scores are derived data: `score_compute`, `serviceindex_refresh` and
`serviceindex_refresh_changed` are system jobs (no actor, no audit row per score; one
`RefreshRun` row per run). A recompute of one period runs a constant number of queries
whatever the number of units (see `counting.py`).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.dossiers.models import Dossier
from tinhso.indicators.models import (
    Aggregation,
    Frequency,
    Indicator,
)
from tinhso.indicators.services import (
    SystemRatio,
    indicator_values_system_write,
    period_get_or_create_by_code,
)
from tinhso.units.models import Unit, UnitLevel

from . import counting, engine
from .models import (
    GROUP_NAMES,
    DataSource,
    IndicatorSetVersion,
    ManualInput,
    Panel,
    RefreshRun,
    UnitPeriodScore,
)
from .periods import ScorePeriod, local_zone, month, month_of, parse

# The source written on the values this app puts into the NQ57 indicators (data, Vietnamese).
SYSTEM_SOURCE = "Hệ thống một cửa (tự động)"
# NQ57 indicators fed by the index: code → (numerator key, denominator key, name, labels).
NQ57_FLOWS: dict[str, tuple[str, str, str, str, str]] = {
    "DVC_ONLINE_RATE": (
        "received_online",
        "received",
        "Tỷ lệ hồ sơ TTHC nộp trực tuyến (chỉ số 766 mục 3.3)",
        "Số hồ sơ tiếp nhận trực tuyến",
        "Tổng số hồ sơ tiếp nhận",
    ),
    "HS_SO_HOA_RATE": (
        "digitised",
        "received",
        "Tỷ lệ hồ sơ TTHC được số hóa (chỉ số 766 mục 4.2)",
        "Số hồ sơ được số hóa",
        "Tổng số hồ sơ tiếp nhận",
    ),
    "KQ_DIEN_TU_RATE": (
        "e_result",
        "doc_dossiers",
        "Tỷ lệ hồ sơ TTHC có kết quả điện tử (chỉ số 766 mục 4.1)",
        "Số hồ sơ có kết quả điện tử",
        "Số hồ sơ của TTHC có kết quả là giấy tờ",
    ),
}
_MAX_INPUT = Decimal(10) ** 12
SCORED_LEVELS = ("province", "commune")


# --- versions -------------------------------------------------------------------------------


def _pick_version(versions: list[IndicatorSetVersion], period: ScorePeriod) -> IndicatorSetVersion:
    day = period.last
    ordered = sorted(versions, key=lambda v: (v.valid_from, -v.pk), reverse=True)
    for version in ordered:
        if version.valid_from <= day and (version.valid_to is None or version.valid_to > day):
            return version
    if not ordered:
        raise ValidationError({"version": _("No 766 indicator set is defined.")})
    return ordered[0]


def _all_versions() -> list[IndicatorSetVersion]:
    return list(IndicatorSetVersion.objects.prefetch_related("indicators", "bands"))


def version_for(period: ScorePeriod) -> IndicatorSetVersion:
    """The indicator-set version valid on the period's last day (else the latest one).

    Errors: `ValidationError` when no version exists at all.
    """
    return _pick_version(_all_versions(), period)


def version_def(version: IndicatorSetVersion) -> engine.VersionDef:
    """The engine's view of a stored version (indicators in order, bands, names)."""
    return engine.VersionDef(
        code=version.code,
        indicators=tuple(i.as_def() for i in version.indicators.all()),
        bands=tuple(
            engine.BandDef(name=b.name, min_total=Decimal(b.min_total), code=b.code)
            for b in version.bands.all()
        ),
        not_applicable_full=version.not_applicable_full,
        panel_names={k: str(v) for k, v in Panel.choices},
        group_names={k: str(v) for k, v in GROUP_NAMES.items()},
    )


# --- computing ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _UnitRow:
    pk: int
    path: str
    level: str


def _ancestor_ids(path: str) -> list[int]:
    return [int(part) for part in path.strip("/").split("/") if part]


def _unit_rows(**filters: Any) -> dict[int, _UnitRow]:
    return {
        pk: _UnitRow(pk, path, level)
        for pk, path, level in Unit.objects.filter(**filters)
        .values_list("pk", "path", "level__code")
        .order_by("pk")
    }


def _plain(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else str(value)


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


def _decimal(raw: Any, name: str, errors: dict[str, list[str]]) -> Decimal | None:
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        errors.setdefault(name, []).append(_("Enter a number."))
        return None
    if not number.is_finite() or number < 0 or number > _MAX_INPUT:
        errors.setdefault(name, []).append(_("Enter a number between 0 and 10^12."))
        return None
    return number


def manual_input_save(
    *,
    actor: Any,
    unit: Unit,
    period_code: str,
    indicator_code: str,
    numerator: Any,
    denominator: Any,
    source: str,
    expected_version: int | None = None,
) -> ManualInput:
    """Enter or correct a figure the system cannot count (e.g. 1.1 announcements on time /
    announced, 5.2 petitions handled on time / received) for a unit and period.

    Rules: the period is a month, quarter or year code; the indicator belongs to the
    version valid then and is entered by hand or from the catalogue; 0 ≤ numerator ≤
    denominator; a source is required; `expected_version` (if given) must match.
    Action: `Action.EDIT` on `unit`. Side effects: saves the input, one audit row, and
    recomputes the unit's score for that period. Errors: `ValidationError`,
    `ConcurrentEditError`, `AccessDenied`.
    """
    require(actor, Action.EDIT, unit)
    errors: dict[str, list[str]] = {}
    period = parse(period_code)
    if period is None:
        raise ValidationError({"period": _("Unknown period code.")})
    version = version_for(period)
    codes = {
        i.code
        for i in version.indicators.all()
        if i.data_source in {DataSource.MANUAL, DataSource.CATALOGUE}
    }
    if indicator_code not in codes:
        errors["indicator"] = [_("This indicator is not entered by hand.")]
    num = _decimal(numerator, "numerator", errors)
    den = _decimal(denominator, "denominator", errors)
    if num is not None and den is not None and num > den:
        errors.setdefault("numerator", []).append(_("The numerator cannot exceed the denominator."))
    if not (source or "").strip():
        errors["source"] = [_("Say where the figure comes from.")]
    if errors:
        raise ValidationError(errors)
    assert num is not None and den is not None
    with transaction.atomic():
        row = (
            ManualInput.objects.select_for_update()
            .filter(unit_id=unit.pk, period_code=period.code, indicator_code=indicator_code)
            .first()
        )
        before = audit_snapshot(row) if row is not None else None
        if row is not None:
            if expected_version is not None and row.version != expected_version:
                raise ConcurrentEditError(
                    _("Someone else changed this figure after you opened it. Reload the page.")
                )
            row.version += 1
        else:
            row = ManualInput(unit=unit, period_code=period.code, indicator_code=indicator_code)
        row.numerator, row.denominator = num, den
        row.source = source.strip()
        row.entered_by = actor if getattr(actor, "is_authenticated", False) else None
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.UPDATE if before is not None else AuditEntry.Action.CREATE,
            obj=row,
            before=before,
            after=audit_snapshot(row),
        )
        score_compute(unit=unit, period=period)
    return row


# --- NQ57 indicators ------------------------------------------------------------------------


def _province() -> Unit | None:
    return (
        Unit.objects.filter(
            valid_to__isnull=True, level__code="province", code=settings.TINHSO_PROVINCE_CODE
        )
        .order_by("pk")
        .first()
    )


def nq57_indicators_ensure() -> dict[str, Indicator]:
    """The NQ57 indicators the index feeds, by code; missing ones are created (monthly,
    commune level, ratio in %, owned by the province) when the province and the commune
    level exist. A system job. Side effects: may create indicators (one audit row each)."""
    found = {i.code: i for i in Indicator.objects.filter(code__in=list(NQ57_FLOWS))}
    missing = [code for code in NQ57_FLOWS if code not in found]
    if not missing:
        return found
    province = _province()
    level = UnitLevel.objects.filter(code="commune").first()
    if province is None or level is None:
        return found
    for code in missing:
        _num, _den, name, num_label, den_label = NQ57_FLOWS[code]
        indicator = Indicator(
            code=code,
            name=name,
            unit_of_measure="%",
            aggregation=Aggregation.RATIO,
            numerator_label=num_label,
            denominator_label=den_label,
            frequency=Frequency.MONTHLY,
            entry_level=level,
            owner_unit=province,
            data_source=SYSTEM_SOURCE,
            min_value=Decimal(0),
            max_value=Decimal(100),
            decimals=2,
        )
        indicator.full_clean()
        indicator.save()
        audit_record(actor=None, action=AuditEntry.Action.CREATE, obj=indicator, unit=province.pk)
        found[code] = indicator
    return found


def nq57_values_write(*, period: ScorePeriod, scores: Iterable[UnitPeriodScore]) -> int:
    """Write the online-dossier share (3.3), digitisation (4.2) and e-result (4.1) rates of
    each commune score of a month into the matching NQ57 indicators, as submitted values
    sourced "Hệ thống một cửa (tự động)"; confirmed values are locked and left alone.

    Written through `indicators.services.indicator_values_system_write` (the entry point
    for system-computed values: same rules as entry, rollups in the transaction, one audit
    row per month). Returns the number of values written.
    """
    if period.kind != "month":
        return 0
    scores = list(scores)
    units = {
        u.pk: u
        for u in Unit.objects.filter(
            pk__in=[s.unit_id for s in scores], level__code="commune"
        ).order_by("pk")
    }
    commune_scores = [s for s in scores if s.unit_id in units]
    if not commune_scores:
        return 0
    indicators = nq57_indicators_ensure()
    if not indicators:
        return 0
    rows = [
        SystemRatio(
            indicator=indicator,
            unit=units[score.unit_id],
            numerator=Decimal(str(score.counts.get(NQ57_FLOWS[code][0], 0))),
            denominator=Decimal(str(score.counts.get(NQ57_FLOWS[code][1], 0))),
        )
        for score in commune_scores
        for code, indicator in indicators.items()
    ]
    return indicator_values_system_write(
        period=period_get_or_create_by_code(period.code),
        rows=rows,
        source=SYSTEM_SOURCE,
        as_of=min(timezone.localdate(), period.last),
        label=f"serviceindex:{period.code}",
    )
