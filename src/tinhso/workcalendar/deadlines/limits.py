"""A time limit's vocabulary (unit, counting policy, upper bounds) and the checks of its input.

The integer codes are what the inner loops of `due` compare: faster than enum members.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from .errors import DeadlineInputError

__all__ = ["MAX_AMOUNT", "Policy", "TimeUnit"]


class TimeUnit(StrEnum):
    """The unit in which a procedure's time limit is expressed (spec §4.5 "Units")."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WORKING_HOURS = "working_hours"
    MONTHS = "months"


class Policy(StrEnum):
    """How day-based limits are counted (spec Q-15): Civil Code days or working hours."""

    DAY_COUNT = "day_count"
    HOUR_COUNT = "hour_count"


# Upper bounds that reject absurd input (a typo of 3000 instead of 30) before any work.
MAX_AMOUNT: dict[TimeUnit, int] = {
    TimeUnit.WORKING_DAYS: 1000,
    TimeUnit.CALENDAR_DAYS: 3660,
    TimeUnit.WORKING_HOURS: 8000,
    TimeUnit.MONTHS: 120,
}

# Small integer codes used by the inner loops (faster to compare than enum members).
_U_WD, _U_CD, _U_WH, _U_MO = 0, 1, 2, 3
_UNIT_CODE = {
    TimeUnit.WORKING_DAYS: _U_WD,
    TimeUnit.CALENDAR_DAYS: _U_CD,
    TimeUnit.WORKING_HOURS: _U_WH,
    TimeUnit.MONTHS: _U_MO,
}
_P_DAY, _P_HOUR = 0, 1
_POLICY_CODE = {Policy.DAY_COUNT: _P_DAY, Policy.HOUR_COUNT: _P_HOUR}
_MAX_BY_CODE = {_UNIT_CODE[u]: m for u, m in MAX_AMOUNT.items()}

_Choice = TypeVar("_Choice", bound=StrEnum)


def _parse_choice(value: object, choices: type[_Choice], name: str) -> _Choice:
    """`value` as a member of `choices`; else `DeadlineInputError` with field and code `name`."""
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return choices(value)
    except ValueError:
        allowed = ", ".join(c.value for c in choices)
        raise DeadlineInputError(
            f"Unknown {name} {value!r}; expected one of {allowed}.", field=name, code=name
        ) from None


def _parse_unit(unit: object) -> TimeUnit:
    return _parse_choice(unit, TimeUnit, "unit")


def _parse_policy(policy: object) -> Policy:
    return _parse_choice(policy, Policy, "policy")


def _check_amount(amount: object, unit: TimeUnit) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DeadlineInputError("The amount must be a whole number.", field="amount", code="type")
    if amount <= 0:
        raise DeadlineInputError("The amount must be at least 1.", field="amount", code="min")
    if amount > MAX_AMOUNT[unit]:
        raise DeadlineInputError(
            f"The amount is too large: at most {MAX_AMOUNT[unit]} {unit.value}.",
            field="amount",
            code="max",
        )
