"""Saving many values at once, all or nothing (the grid's "save all", the bulk API)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from tinhso.accounts.access import Action, require
from tinhso.core.exceptions import DomainError
from tinhso.indicators.models import Indicator, IndicatorValue, Period
from tinhso.units.models import Unit

from .lineage import value_rollup_path
from .periods import period_get_or_create_by_code
from .values import _Preloaded, _save_one, _Written


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
