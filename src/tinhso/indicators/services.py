"""Write use-cases of indicators: periods, the catalogue, values, their status and rollups.

Values are entered per unit × period (× breakdown) at the indicator's entry level, checked
(ranges, numerator ≤ denominator, period-on-period change limits) and rolled up the unit
tree in the same transaction (`rollups.refresh`). See `rollups.py` for the aggregation
rules and ADR-0008 for why rollups are tables kept current on write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.audit.models import AuditEntry
from tinhso.audit.services import audit_record, audit_snapshot
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.units.models import Unit, UnitLineage
from tinhso.units.selectors import unit_get, unit_successor_links

from . import rollups
from .models import (
    Aggregation,
    Dimension,
    DimensionMember,
    Indicator,
    IndicatorValue,
    Period,
    PeriodKind,
    ValueStatus,
)
from .periods import (
    PeriodSpec,
    period_spec,
    period_spec_for_date,
    period_spec_from_code,
    previous_spec,
)

FOUR_PLACES = Decimal("0.0001")
MAX_LINEAGE_STEPS = 10


# --- periods -------------------------------------------------------------------------------


def _period_from_spec(spec: PeriodSpec) -> Period:
    period, _created = Period.objects.get_or_create(
        code=spec.code,
        defaults={
            "kind": spec.kind,
            "year": spec.year,
            "number": spec.number,
            "start": spec.start,
            "end": spec.end,
            "name": spec.name,
        },
    )
    return period


def period_get_or_create(kind: str, year: int, number: int = 1) -> Period:
    """The regular period (`month` 9 of 2025 → `2025-M09`, "Tháng 9/2025"), created if missing.

    Periods are shared reference data computed from the calendar, so creating one needs no
    right and writes no audit row. Errors: `ValueError` for an ad-hoc kind or a bad number.
    """
    return _period_from_spec(period_spec(kind, year, number))


def period_get_or_create_for_date(kind: str, day: dt.date) -> Period:
    """The regular period of `kind` containing `day`, created if missing."""
    return _period_from_spec(period_spec_for_date(kind, day))


def period_get_or_create_by_code(code: str) -> Period:
    """The period with `code`: an existing one (ad hoc included) or a regular one created now.

    Errors: `ValidationError` on `period` when the code is neither stored nor regular.
    """
    existing = Period.objects.filter(code=code).first()
    if existing is not None:
        return existing
    spec = period_spec_from_code(code)
    if spec is None:
        raise ValidationError({"period": _("Unknown period code.")})
    return _period_from_spec(spec)


def period_adhoc_create(
    *, actor: Any, code: str, start: dt.date, end: dt.date, name: str, unit: Unit
) -> Period:
    """An ad-hoc period (e.g. a campaign report window) declared by `unit`.

    Action: `Action.MANAGE` on `unit`. Side effects: one Period and one audit row.
    Errors: `ValidationError` (code taken, end before start).
    """
    require(actor, Action.MANAGE, unit)
    with transaction.atomic():
        period = Period(
            code=code,
            kind=PeriodKind.AD_HOC,
            year=start.year,
            number=1,
            start=start,
            end=end,
            name=name,
        )
        period.full_clean()
        period.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=period,
            unit=unit,
            after=audit_snapshot(period),
        )
    return period


# --- catalogue -----------------------------------------------------------------------------

INDICATOR_FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "description",
    "unit_of_measure",
    "aggregation",
    "numerator_label",
    "denominator_label",
    "scale",
    "frequency",
    "direction",
    "kind",
    "entry_level",
    "data_source",
    "min_value",
    "max_value",
    "max_change_pct",
    "decimals",
    "is_active",
    "is_illustrative",
)


def _apply(indicator: Indicator, data: Mapping[str, Any]) -> None:
    unknown = sorted(set(data) - set(INDICATOR_FIELDS) - {"dimensions", "owner_unit"})
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    for name, value in data.items():
        if name not in {"dimensions", "owner_unit"}:
            setattr(indicator, name, value)
    ratio = indicator.aggregation == Aggregation.RATIO
    if ratio and indicator.scale is not None and Decimal(indicator.scale) <= 0:
        raise ValidationError({"scale": _("The scale of a ratio must be positive.")})
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None and Decimal(high) < Decimal(low):
        raise ValidationError({"max_value": _("The maximum cannot be below the minimum.")})


def indicator_create(*, actor: Any, owner_unit: Unit, data: Mapping[str, Any]) -> Indicator:
    """Add an indicator to the catalogue, owned and maintained by `owner_unit`.

    Action: `Action.MANAGE` on `owner_unit`. Side effects: one Indicator (with its
    breakdowns from `data["dimensions"]`) and one audit row. Errors: `ValidationError`
    (also when the maximum is below the minimum).
    """
    require(actor, Action.MANAGE, owner_unit)
    data = {k: v for k, v in data.items() if k != "owner_unit"}
    with transaction.atomic():
        indicator = Indicator(owner_unit=owner_unit)
        _apply(indicator, data)
        indicator.full_clean()
        indicator.save()
        if "dimensions" in data:
            indicator.dimensions.set(data["dimensions"])
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=indicator,
            after=audit_snapshot(indicator),
        )
    return indicator


def indicator_update(
    *, actor: Any, indicator: Indicator, data: Mapping[str, Any], expected_version: int
) -> Indicator:
    """Change a catalogue entry; `expected_version` must be the version the editor loaded.

    A change of aggregation or scale rebuilds the indicator's rollups. `data["owner_unit"]`
    (a Unit) hands the entry over to another unit, which the actor must also manage.
    Action: `Action.MANAGE` on the owner unit (and on the new owner). Side effects: saves
    with `version + 1`, one audit row. Errors: `ValidationError`; `ConcurrentEditError`
    when the version is stale; `AccessDenied` (404).
    """
    require(actor, Action.MANAGE, indicator.owner_unit_id)
    new_owner: Unit | None = data.get("owner_unit")
    if new_owner is not None:
        require(actor, Action.MANAGE, new_owner)
    with transaction.atomic():
        locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if locked.version != expected_version:
            raise ConcurrentEditError(
                _("Someone else changed this indicator after you opened it. Reload the page.")
            )
        before = audit_snapshot(locked)
        _apply(locked, data)
        if new_owner is not None:
            locked.owner_unit = new_owner
        locked.full_clean()
        locked.version += 1
        locked.save()
        if "dimensions" in data:
            locked.dimensions.set(data["dimensions"])
        after = audit_snapshot(locked)
        audit_record(
            actor=actor, action=AuditEntry.Action.UPDATE, obj=locked, before=before, after=after
        )
        if before["aggregation"] != after["aggregation"] or before["scale"] != after["scale"]:
            indicator_rollups_rebuild(indicator=locked)
    return locked


def dimension_create(
    *,
    actor: Any,
    owner_unit: Unit,
    code: str,
    name: str,
    members: Sequence[tuple[str, str]],
) -> Dimension:
    """Declare a breakdown axis (e.g. target group) with its members, in display order.

    Breakdowns are shared catalogue data; the unit that declares one must be able to manage
    its catalogue. Action: `Action.MANAGE` on `owner_unit`. Side effects: one Dimension, its
    members, one audit row. Errors: `ValidationError` (code taken, bad member codes).
    """
    require(actor, Action.MANAGE, owner_unit)
    with transaction.atomic():
        dimension = Dimension(code=code, name=name)
        dimension.full_clean()
        dimension.save()
        for order, (member_code, member_name) in enumerate(members, start=1):
            member = DimensionMember(
                dimension=dimension, code=member_code, name=member_name, sort_order=order * 10
            )
            member.full_clean()
            member.save()
        audit_record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=dimension,
            unit=owner_unit,
            after={"code": code, "name": name, "members": [m[0] for m in members]},
        )
    return dimension


# --- lineage -------------------------------------------------------------------------------


def _best_link(links: Sequence[UnitLineage]) -> UnitLineage | None:
    """The successor that "took the most" of a predecessor.

    `UnitLineage` records no shares (population, area), so the rule is: a whole transfer
    (`partial=False`: merge, rename, reclassification) wins over a partial one; among
    equals, the earliest effective date, then the lowest successor code. Documented in
    the ADR material of the indicators app; a share field on the lineage would refine it.
    """
    if not links:
        return None
    return sorted(links, key=lambda link: (link.partial, link.effective_date, link.successor.code))[
        0
    ]


def value_rollup_path(unit: Unit) -> str:
    """The tree path a value of `unit` counts under today.

    Rule: a current unit counts under its own path; a unit closed by a reform counts under
    its current successor (following lineage one step at a time, picking the successor
    that took the most at each split, see `_best_link`). A closed unit without successor
    keeps its own path. Side effects: none (reads lineage).
    """
    current = unit
    for _step in range(MAX_LINEAGE_STEPS):
        if current.valid_to is None:
            return current.path
        link = _best_link(list(unit_successor_links(unit=current)))
        if link is None:
            return current.path
        current = link.successor
    return current.path


# --- values --------------------------------------------------------------------------------


def _decimal(value: Any, field_name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field_name: _("Enter a number.")}) from exc
    if not number.is_finite():
        raise ValidationError({field_name: _("Enter a number.")})
    return number


def _previous_value(
    indicator: Indicator, unit: Unit, period: Period, breakdown: str
) -> Decimal | None:
    spec = _previous_spec(period)
    if spec is None:
        return None
    return (
        IndicatorValue.objects.filter(
            indicator_id=indicator.pk,
            unit_id=unit.pk,
            period__code=spec.code,
            breakdown=breakdown,
        )
        .values_list("value", flat=True)
        .first()
    )


def _previous_spec(period: Period) -> PeriodSpec | None:
    if period.kind == PeriodKind.AD_HOC:
        return None
    return previous_spec(period.kind, period.year, period.number)


def _num(number: Decimal | None) -> str:
    """A figure for a message: 50.00 → "50", 12.5000 → "12.5"."""
    return "—" if number is None else format(Decimal(number).normalize(), "f")


def change_pct(previous: Decimal | None, value: Decimal | None) -> Decimal | None:
    """The period-on-period change in percent (None without both figures; ∞ from zero)."""
    if previous is None or value is None:
        return None
    if previous == 0:
        return Decimal(0) if value == 0 else Decimal("Infinity")
    return abs(value - previous) / abs(previous) * 100


def _check_and_fill(
    value_row: IndicatorValue,
    *,
    indicator: Indicator,
    unit: Unit,
    period: Period,
    raw_value: Any,
    raw_numerator: Any,
    raw_denominator: Any,
    previous: Decimal | None,
) -> None:
    """Apply the entry rules to `value_row`; raise one `ValidationError` with every problem."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if unit.level_id != indicator.entry_level_id:
        add("unit", _("This indicator is entered by units of another level."))
    if period.kind != indicator.frequency:
        add("period", _("The period does not match the indicator's frequency."))
    if not indicator.is_active:
        add("indicator", _("This indicator is no longer in use."))
    if value_row.breakdown:
        keys = {
            f"{dim.code}:{m.code}" for dim in indicator.dimensions.all() for m in dim.members.all()
        }
        if value_row.breakdown not in keys:
            add("breakdown", _("Unknown breakdown for this indicator."))
    if value_row.as_of and value_row.as_of < period.start:
        add("as_of", _("The as-of date cannot be before the period starts."))
    value: Decimal | None = None
    if indicator.is_ratio:
        try:
            numerator = _decimal(raw_numerator, "numerator")
            denominator = _decimal(raw_denominator, "denominator")
        except ValidationError as exc:
            raise ValidationError({**exc.message_dict, **errors}) from exc
        if numerator is None:
            add("numerator", _("Enter the numerator."))
        elif numerator < 0:
            add("numerator", _("The numerator cannot be negative."))
        if denominator is None:
            add("denominator", _("Enter the denominator."))
        elif denominator <= 0:
            add("denominator", _("The denominator must be greater than zero."))
        if (
            numerator is not None
            and denominator is not None
            and denominator > 0
            and numerator > denominator
        ):
            add("numerator", _("The numerator cannot exceed the denominator."))
        if "numerator" not in errors and "denominator" not in errors:
            assert numerator is not None and denominator is not None
            value = (numerator / denominator * indicator.scale).quantize(FOUR_PLACES)
        value_row.numerator, value_row.denominator = numerator, denominator
    else:
        try:
            value = _decimal(raw_value, "value")
        except ValidationError as exc:
            raise ValidationError({**exc.message_dict, **errors}) from exc
        if value is None:
            add("value", _("Enter a value."))
        value_row.numerator = value_row.denominator = None
    target = "numerator" if indicator.is_ratio else "value"
    if value is not None:
        if indicator.min_value is not None and value < indicator.min_value:
            add(
                target,
                _("The value is below the minimum of %(min)s.")
                % {"min": _num(indicator.min_value)},
            )
        if indicator.max_value is not None and value > indicator.max_value:
            add(
                target,
                _("The value is above the maximum of %(max)s.")
                % {"max": _num(indicator.max_value)},
            )
    value_row.value = value
    change = change_pct(previous, value)
    value_row.is_outlier = bool(
        indicator.max_change_pct is not None
        and change is not None
        and change > indicator.max_change_pct
    )
    if value_row.is_outlier and not value_row.comment.strip():
        add(
            "comment",
            _(
                "The change from the previous period is larger than %(limit)s %%: explain it"
                " in a comment."
            )
            % {"limit": _num(indicator.max_change_pct)},
        )
    if errors:
        raise ValidationError(errors)


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


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """True when a field other than timestamps and author differs (2 equals 2.0000)."""
    for name, new in after.items():
        if name in {"updated_at", "author"}:
            continue
        old = before.get(name)
        if old == new:
            continue
        try:
            if old is not None and new is not None and Decimal(str(old)) == Decimal(str(new)):
                continue
        except InvalidOperation:
            pass
        return True
    return False


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


def _resolve(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[dict[str, Indicator], dict[str, Unit]]:
    """Load, in one query each, the indicators and units that rows name by code."""
    ind_codes = {r["indicator"] for r in rows if isinstance(r.get("indicator"), str)}
    unit_codes = {r["unit"] for r in rows if isinstance(r.get("unit"), str)}
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=ind_codes).prefetch_related(
            "dimensions__members"
        )
    }
    units = {u.code: u for u in Unit.objects.current().filter(code__in=unit_codes)}
    return indicators, units


def indicator_values_save_batch(
    *, actor: Any, rows: Sequence[Mapping[str, Any]]
) -> list[IndicatorValue]:
    """Save many values at once, all or nothing (the entry grid's "save all", the bulk API).

    Each row has the keyword arguments of `indicator_value_save` (`indicator`, `unit` and
    `period` as objects or codes; `version` or `expected_version`). Every row is checked;
    if any fails, nothing is saved and one `ValidationError` is raised whose keys name the
    row and the column (`"rows.3.numerator"`) and whose messages start with "Row 4". Rollups
    are refreshed once for all rows. Action: `Action.EDIT` on every row's unit (a row for a
    unit the actor may not edit makes the whole batch a 404). Side effects: as
    `indicator_value_save`, per row. Errors: `ValidationError`, `AccessDenied`.
    """
    if not rows:
        raise ValidationError({"rows": _("Send at least one row.")})
    indicators, units = _resolve(rows)
    errors: dict[str, list[str]] = {}

    def report(index: int, exc: ValidationError | DomainError) -> None:
        prefix = f"rows.{index}"
        label = _("Row %(n)s") % {"n": index + 1}
        if isinstance(exc, DomainError):
            errors[prefix] = [f"{label}: {exc.message}"]
        elif hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                errors[f"{prefix}.{name}"] = [f"{label}, {name}: {m}" for m in messages]
        else:
            errors[prefix] = [f"{label}: {m}" for m in exc.messages]

    saved: list[IndicatorValue] = []
    written = _Written()
    paths: dict[int, str] = {}
    periods: dict[str, Period] = {}
    with transaction.atomic():
        # Pass 1: resolve every row's indicator, unit and period (and check the right).
        resolved: list[tuple[int, Mapping[str, Any], Indicator, Unit, Period]] = []
        for index, raw in enumerate(rows):
            try:
                indicator = raw.get("indicator")
                if isinstance(indicator, str):
                    indicator = indicators.get(indicator)
                unit = raw.get("unit")
                if isinstance(unit, str):
                    unit = units.get(unit)
                if not isinstance(indicator, Indicator):
                    raise ValidationError({"indicator": _("Unknown indicator.")})
                if not isinstance(unit, Unit):
                    raise Http404("No such unit.")
                require(actor, Action.EDIT, unit)
                period = raw.get("period")
                if isinstance(period, str):
                    code = period
                    if code not in periods:
                        periods[code] = period_get_or_create_by_code(code)
                    period = periods[code]
                if not isinstance(period, Period):
                    raise ValidationError({"period": _("Unknown period code.")})
            except ValidationError as exc:
                report(index, exc)
                continue
            if unit.pk not in paths:
                paths[unit.pk] = value_rollup_path(unit)
            resolved.append((index, raw, indicator, unit, period))
        # Pass 2: the stored values of these keys and of their previous periods, two queries.
        preloaded = _Preloaded.load([(i, u, p) for _n, _r, i, u, p in resolved])
        # Pass 3: check and save each row. Every rule is checked before the row is written,
        # so a refused row has written nothing and needs no savepoint of its own.
        for index, raw, indicator, unit, period in resolved:
            try:
                saved.append(
                    _save_one(
                        actor=actor,
                        indicator=indicator,
                        unit=unit,
                        period=period,
                        breakdown=raw.get("breakdown") or "",
                        value=raw.get("value"),
                        numerator=raw.get("numerator"),
                        denominator=raw.get("denominator"),
                        source=raw.get("source") or "",
                        as_of=raw.get("as_of"),
                        comment=raw.get("comment") or "",
                        expected_version=raw.get("expected_version", raw.get("version")),
                        written=written,
                        rollup_path=paths[unit.pk],
                        preloaded=preloaded,
                    )
                )
            except (ValidationError, DomainError) as exc:
                report(index, exc)
        if errors:
            raise ValidationError(errors)
        written.refresh()
    return saved


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


# --- status --------------------------------------------------------------------------------

# (from, to) → the action the actor needs on the unit. Returning (submitted → draft) and
# reopening (confirmed → submitted, `reopen=True`) need a reason.
TRANSITIONS: dict[tuple[str, str], Action] = {
    (ValueStatus.DRAFT, ValueStatus.SUBMITTED): Action.EDIT,
    (ValueStatus.SUBMITTED, ValueStatus.CONFIRMED): Action.APPROVE,
    (ValueStatus.SUBMITTED, ValueStatus.DRAFT): Action.APPROVE,
    (ValueStatus.CONFIRMED, ValueStatus.SUBMITTED): Action.APPROVE,
}
NEEDS_REASON = frozenset(
    {(ValueStatus.SUBMITTED, ValueStatus.DRAFT), (ValueStatus.CONFIRMED, ValueStatus.SUBMITTED)}
)


def _source_status(status: str, reopen: bool) -> str:
    if status == ValueStatus.SUBMITTED:
        return ValueStatus.CONFIRMED if reopen else ValueStatus.DRAFT
    if status == ValueStatus.CONFIRMED:
        return ValueStatus.SUBMITTED
    if status == ValueStatus.DRAFT:
        return ValueStatus.SUBMITTED
    raise ValidationError({"status": _("Unknown status.")})


def indicator_values_set_status(
    *,
    actor: Any,
    unit: Unit,
    period: Period,
    status: str,
    reason: str = "",
    reopen: bool = False,
    indicators: Iterable[Indicator] | None = None,
    authorised_by_caller: bool = False,
) -> int:
    """Move a unit's values for a period to `status`; returns how many changed.

    Transitions (`TRANSITIONS`): draft → submitted (Action.EDIT on the unit); submitted →
    confirmed (Action.APPROVE); submitted → draft, i.e. returned (Action.APPROVE and a
    `reason`); confirmed → submitted, i.e. reopened (`reopen=True`, Action.APPROVE and a
    `reason`). Values in any other state are left alone. Limit to `indicators` when given
    (a report's indicator list).

    `authorised_by_caller=True` is for the reporting app only: its workflow service has
    already checked the reviewer's rights on the report (the standing agency confirming a
    commune's values holds no role in the commune itself), so no `require` is done here.
    Every other caller leaves it False.

    Side effects: updates status and version of the values, one audit row ("transition",
    with the count and the reason), and refreshes the rollups of the unit's ancestors (a
    draft stops or starts counting). Errors: `ValidationError` (unknown status, missing
    reason), `AccessDenied`.
    """
    source = _source_status(status, reopen)
    action = TRANSITIONS[(source, status)]
    if not authorised_by_caller:
        require(actor, action, unit)
    if (source, status) in NEEDS_REASON and not reason.strip():
        raise ValidationError({"reason": _("Give a reason for sending values back.")})
    written = _Written()
    with transaction.atomic():
        qs = IndicatorValue.objects.select_for_update().filter(
            unit_id=unit.pk, period_id=period.pk, status=source
        )
        if indicators is not None:
            qs = qs.filter(indicator_id__in=[i.pk for i in indicators])
        rows = list(qs.order_by("pk").values_list("pk", "indicator_id", "rollup_path"))
        if not rows:
            return 0
        IndicatorValue.objects.filter(pk__in=[r[0] for r in rows]).update(
            status=status, version=F("version") + 1
        )
        for _pk, indicator_id, path in rows:
            written.indicator_ids.add(indicator_id)
            written.unit_ids.update(rollups.ancestor_ids(path))
        written.period_ids.add(period.pk)
        audit_record(
            actor=actor,
            action=AuditEntry.Action.TRANSITION,
            unit=unit,
            object_type=IndicatorValue._meta.label,
            object_id=f"{unit.pk}:{period.code}",
            object_repr=f"{unit} · {period}",
            before={"status": source},
            after={"status": status, "count": len(rows)},
            message=reason.strip(),
        )
        written.refresh()
    return len(rows)


# --- rebuild -------------------------------------------------------------------------------


def indicator_rollups_rebuild(*, indicator: Indicator | None = None) -> rollups.RebuildResult:
    """Recompute every rollup (of one indicator, or all) from the values, set-based.

    For bulk loads and lineage changes: first re-points each value's `rollup_path` to its
    unit's current successor (`value_rollup_path`), then rewrites the rollups with one
    INSERT … SELECT. Must give the same numbers as the incremental refresh (tested).
    Action: none (a system job: management command, loader, catalogue change). Side
    effects: rewrites rollup rows and stale `rollup_path`s. Errors: none.
    """
    unit_ids = IndicatorValue.objects.all()
    if indicator is not None:
        unit_ids = unit_ids.filter(indicator_id=indicator.pk)
    ids = set(unit_ids.order_by().values_list("unit_id", flat=True).distinct())
    units = Unit.objects.filter(pk__in=ids).order_by("pk")
    path_by_unit = {u.pk: value_rollup_path(u) for u in units}
    with transaction.atomic():
        return rollups.rebuild(
            indicator_id=indicator.pk if indicator is not None else None,
            path_by_unit=path_by_unit,
        )


def unit_for_code(code: str) -> Unit:
    """The current unit with `code` (helper for commands and batch input). Errors: Http404."""
    return unit_get(code=code)
