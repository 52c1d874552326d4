"""Saving one value (the entry grid's row, the API) and the rollup bookkeeping of a write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.indicators import rollups
from tinhso.indicators.models import Indicator, IndicatorValue, Period, ValueStatus
from tinhso.units.models import Unit

from .lineage import value_rollup_path
from .rules import _changed, _check_and_fill, _num, _previous_spec, _previous_value


@dataclass
class _Written:
    """Keys touched by a write, for one rollup refresh at the end of the transaction."""

    indicator_ids: set[int] = field(default_factory=set)
    period_ids: set[int] = field(default_factory=set)
    unit_ids: set[int] = field(default_factory=set)

    def add(self, value: IndicatorValue, old_path: str = "") -> None:
        self.indicator_ids.add(value.indicator_id)
        self.period_ids.add(value.period_id)
        self.unit_ids.update(rollups.ancestor_ids(value.rollup_path))
        if old_path:
            self.unit_ids.update(rollups.ancestor_ids(old_path))

    def refresh(self) -> None:
        rollups.refresh(
            indicator_ids=self.indicator_ids, period_ids=self.period_ids, unit_ids=self.unit_ids
        )


def _save_one(
    *,
    actor: Any,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    breakdown: str,
    value: Any,
    numerator: Any,
    denominator: Any,
    source: str,
    as_of: dt.date | None,
    comment: str,
    expected_version: int | None,
    written: _Written,
    rollup_path: str | None = None,
    preloaded: _Preloaded | None = None,
) -> IndicatorValue:
    require(actor, Action.EDIT, unit)
    key = (indicator.pk, unit.pk, period.pk, breakdown)
    if preloaded is not None:
        existing = preloaded.existing.get(key)
        previous = preloaded.previous_of(indicator, unit, period, breakdown)
    else:
        existing = (
            IndicatorValue.objects.select_for_update()
            .filter(
                indicator_id=indicator.pk,
                unit_id=unit.pk,
                period_id=period.pk,
                breakdown=breakdown,
            )
            .first()
        )
        previous = _previous_value(indicator, unit, period, breakdown)
    if existing is not None:
        if expected_version is not None and existing.version != expected_version:
            raise ConcurrentEditError(
                _(
                    "Someone else saved this value after you opened it (now %(value)s). Reload,"
                    " check it and enter yours again."
                )
                % {"value": _num(existing.value)}
            )
        if existing.status == ValueStatus.CONFIRMED:
            raise DomainError(
                _("This value is confirmed and locked; it must be reopened before a change."),
                code="value_locked",
            )
        row = existing
        before: dict[str, Any] | None = audit_snapshot(existing)
    else:
        if expected_version:
            raise ConcurrentEditError(_("This value no longer exists. Reload the page."))
        row = IndicatorValue(indicator=indicator, unit=unit, period=period, breakdown=breakdown)
        before = None
    old_path = row.rollup_path
    row.source = (source or "").strip()
    row.comment = (comment or "").strip()
    row.as_of = as_of  # type: ignore[assignment]  # None is refused by full_clean below
    row.author = actor if getattr(actor, "is_authenticated", False) else None
    _check_and_fill(
        row,
        indicator=indicator,
        unit=unit,
        period=period,
        raw_value=value,
        raw_numerator=numerator,
        raw_denominator=denominator,
        previous=previous,
    )
    row.rollup_path = rollup_path if rollup_path is not None else value_rollup_path(unit)
    # Uniqueness is guaranteed by the row lock above and numerator ≤ denominator is checked
    # in `_check_and_fill`: skipping Django's re-check saves a query per row in a batch.
    row.full_clean(
        exclude=["indicator", "unit", "period", "author"],
        validate_unique=False,
        validate_constraints=False,
    )
    if before is not None:
        if not _changed(before, audit_snapshot(row)):
            return row
        row.version += 1
    row.save()
    if preloaded is not None:
        preloaded.existing[key] = row  # a repeated key later in the batch sees this version
    after = audit_snapshot(row)
    audit_record(
        actor=actor,
        action=AuditEntry.Action.UPDATE if before is not None else AuditEntry.Action.CREATE,
        obj=row,
        before=before,
        after=after,
        message=row.comment if row.is_outlier else "",
    )
    # A draft counts nowhere: entering or correcting one leaves every rollup as it was.
    if row.status != ValueStatus.DRAFT:
        written.add(row, old_path if old_path != row.rollup_path else "")
    return row


def indicator_value_save(
    *,
    actor: Any,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    breakdown: str = "",
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
    source: str = "",
    as_of: dt.date | None,
    comment: str = "",
    expected_version: int | None = None,
) -> IndicatorValue:
    """Enter or change one value (a draft until submitted) and refresh its rollups.

    Rules: the unit's level is the indicator's entry level; the period's kind is its
    frequency; a ratio takes `numerator` and `denominator` (0 ≤ numerator ≤ denominator,
    denominator > 0) and derives `value = numerator / denominator × scale`; other rules take
    `value`; the value must lie within [min, max]; a change from the previous period above
    `max_change_pct` flags the value as an outlier and then a comment is required; a
    confirmed value is locked. `expected_version`: the version the editor loaded (0 = "I saw
    no value"); None skips the check. Action: `Action.EDIT` on `unit`.
    Side effects: saves the value (version + 1, author, `rollup_path` from lineage), one
    audit row, and recomputes the rollups of its ancestors, in one transaction; nothing
    when nothing changed. Errors: `ValidationError` (field errors), `DomainError`
    (locked), `ConcurrentEditError`, `AccessDenied`.
    """
    require(actor, Action.EDIT, unit)
    written = _Written()
    with transaction.atomic():
        row = _save_one(
            actor=actor,
            indicator=indicator,
            unit=unit,
            period=period,
            breakdown=breakdown,
            value=value,
            numerator=numerator,
            denominator=denominator,
            source=source,
            as_of=as_of,
            comment=comment,
            expected_version=expected_version,
            written=written,
        )
        written.refresh()
    return row


@dataclass
class _Preloaded:
    """Stored values of a batch's keys (locked) and of the previous periods, by key."""

    existing: dict[tuple[int, int, int, str], IndicatorValue]
    previous: dict[tuple[int, int, str, str], Decimal | None]

    @classmethod
    def load(cls, keys: Sequence[tuple[Indicator, Unit, Period]]) -> _Preloaded:
        ind_ids = {i.pk for i, _u, _p in keys}
        unit_ids = {u.pk for _i, u, _p in keys}
        periods = {p.pk: p for _i, _u, p in keys}
        existing = {
            (v.indicator_id, v.unit_id, v.period_id, v.breakdown): v
            for v in IndicatorValue.objects.select_for_update()
            .filter(indicator_id__in=ind_ids, unit_id__in=unit_ids, period_id__in=periods)
            .order_by("pk")
        }
        prev_codes = {spec.code for p in periods.values() if (spec := _previous_spec(p))}
        previous = {
            (i, u, code, b): value
            for i, u, code, b, value in IndicatorValue.objects.filter(
                indicator_id__in=ind_ids, unit_id__in=unit_ids, period__code__in=prev_codes
            ).values_list("indicator_id", "unit_id", "period__code", "breakdown", "value")
        }
        return cls(existing=existing, previous=previous)

    def previous_of(
        self, indicator: Indicator, unit: Unit, period: Period, breakdown: str
    ) -> Decimal | None:
        spec = _previous_spec(period)
        if spec is None:
            return None
        return self.previous.get((indicator.pk, unit.pk, spec.code, breakdown))
