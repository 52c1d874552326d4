"""Entry rules of a value: number parsing, ranges, ratios, period-on-period change limits."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tinhso.indicators.models import Indicator, IndicatorValue, Period, PeriodKind
from tinhso.indicators.periods import PeriodSpec, previous_spec
from tinhso.units.models import Unit

FOUR_PLACES = Decimal("0.0001")


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
