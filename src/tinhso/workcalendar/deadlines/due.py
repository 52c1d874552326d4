"""Due moments: `WorkingCalendar.due`, `due_detail`, the bulk `due_many`, and the counting core.

The counting rules are in the package docstring (`deadlines/__init__.py`); `_due_local`
applies them to an effective receipt on the three counting axes (working seconds, working-day
ordinals, calendar days), all of which `_sweep` walks past pauses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NoReturn

from .errors import DeadlineInputError
from .hours import _WorkingHours
from .limits import (
    _MAX_BY_CODE,
    _P_HOUR,
    _POLICY_CODE,
    _U_CD,
    _U_WD,
    _U_WH,
    _UNIT_CODE,
    Policy,
    TimeUnit,
    _check_amount,
    _parse_policy,
    _parse_unit,
)
from .schedule import _DAY

__all__ = ["DueResult", "Pause", "WorkingCalendar"]

_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


@dataclass(frozen=True)
class DueResult:
    """A computed due moment with the inputs that produced it (both moments local, aware)."""

    due: dt.datetime
    start_effective: dt.datetime
    amount: int
    unit: TimeUnit
    policy: Policy
    working_days_used: int
    # Years from receipt to due for which the calendar knows no official day off or make-up
    # day, i.e. only the Mon–Fri default was applied: the schedule was probably not entered.
    default_only_years: tuple[int, ...] = ()


Pause = tuple[dt.datetime, dt.datetime]


class WorkingCalendar(_WorkingHours):
    """Working days of the years `first_year`..`last_year` with precomputed ordinals.

    Built from `off_days` (weekdays that are not worked) and `working_saturdays` (weekend
    days that are worked: make-up days); dates outside the range are ignored. Queries
    outside the range raise `DeadlineInputError`.

    Keyword arguments: `schedule` (a `WorkSchedule`, `DEFAULT_SCHEDULE` by default) and `tz`
    (`TZ`). The day queries come from `calendar._WorkingDays`, the time zone, the receipt
    rule and the working-hour timeline from `hours._WorkingHours`; this class adds the due
    moments.
    """

    def due(
        self,
        start: dt.datetime,
        amount: int,
        unit: TimeUnit | str,
        policy: Policy | str = Policy.DAY_COUNT,
        pauses: Sequence[Pause] = (),
    ) -> dt.datetime:
        """The due moment (aware, local) of a limit of `amount` `unit` from receipt `start`.

        See the package docstring for the counting rules. Raises `DeadlineInputError` (a
        `ValueError`) for naive datetimes, amount ≤ 0 or above `MAX_AMOUNT`, unknown
        unit/policy, a pause ending before it starts, or a result outside the calendar.
        """
        return self.due_detail(start, amount, unit, policy, pauses).due

    def due_detail(
        self,
        start: dt.datetime,
        amount: int,
        unit: TimeUnit | str,
        policy: Policy | str = Policy.DAY_COUNT,
        pauses: Sequence[Pause] = (),
    ) -> DueResult:
        """Like `due`, returning also the effective receipt moment and working days used."""
        unit_e, policy_e = _parse_unit(unit), _parse_policy(policy)
        _check_amount(amount, unit_e)
        d, s = self._local(start, "start")
        local_pauses: list[tuple[int, int, int, int]] = []
        for n, pause in enumerate(pauses):
            if len(pause) != 2:
                raise DeadlineInputError(
                    "A pause is a (from, to) pair.", field=f"pauses.{n}", code="invalid_pause"
                )
            p_from, p_to = pause
            da, sa = self._local(p_from, f"pauses.{n}.start", clamp=True)
            db, sb = self._local(p_to, f"pauses.{n}.end", clamp=True)
            if p_to < p_from:
                raise DeadlineInputError(
                    "A pause cannot end before it starts.",
                    field=f"pauses.{n}.end",
                    code="pause_order",
                )
            local_pauses.append((da, sa, db, sb))
        local_pauses.sort()
        ed, es = self._effective(d, s)
        due_d, due_s = self._due_local(
            ed, es, amount, _UNIT_CODE[unit_e], _POLICY_CODE[policy_e], local_pauses
        )
        due_moment, start_effective = self._aware(due_d, due_s), self._aware(ed, es)
        return DueResult(
            due=due_moment,
            start_effective=start_effective,
            amount=amount,
            unit=unit_e,
            policy=policy_e,
            working_days_used=self._before[due_d + 1] - self._before[ed + 1],
            default_only_years=tuple(
                y
                for y in range(start_effective.year, due_moment.year + 1)
                if y not in self.years_with_exceptions
            ),
        )

    def due_many(
        self,
        starts: Sequence[int],
        amounts: Sequence[int],
        units: Sequence[TimeUnit | str],
        policies: Sequence[Policy | str],
    ) -> list[int]:
        """Due moments (Unix seconds) for many receipts (Unix seconds), without pauses.

        Same rules and errors as `due` (the error message names the item's index); about
        one microsecond per item. Convert a result with `datetime.fromtimestamp(x, TZ)`.
        """
        n = len(starts)
        if not len(amounts) == len(units) == len(policies) == n:
            raise ValueError("starts, amounts, units and policies must have the same length.")
        unit_codes: dict[object, int] = {u: _UNIT_CODE[u] for u in TimeUnit}
        unit_codes.update({u.value: c for u, c in _UNIT_CODE.items()})
        policy_codes: dict[object, int] = {p: _POLICY_CODE[p] for p in Policy}
        policy_codes.update({p.value: c for p, c in _POLICY_CODE.items()})
        offset = self._offset
        if offset is None:  # pragma: no cover  # zones with DST: slow, exact path
            return [
                int(self.due(dt.datetime.fromtimestamp(t, self.tz), a, u, p).timestamp())
                for t, a, u, p in zip(starts, amounts, units, policies, strict=True)
            ]
        shift = offset - (self._base - _EPOCH_ORDINAL) * _DAY
        effective = self._effective
        due_local = self._due_local
        max_by_code = _MAX_BY_CODE
        ndays = self._ndays
        out = [0] * n
        no_pauses: list[tuple[int, int, int, int]] = []
        for j in range(n):
            uc = unit_codes.get(units[j])
            pc = policy_codes.get(policies[j])
            amount = amounts[j]
            if (
                uc is None
                or pc is None
                or type(amount) is not int
                or not 0 < amount <= max_by_code[uc]
            ):
                self._raise_item(j, units[j], policies[j], amount)
            d, s = divmod(starts[j] + shift, _DAY)
            if not 0 <= d < ndays:
                raise DeadlineInputError(
                    f"Item {j}: the start is outside the calendar.",
                    field="start",
                    code="out_of_range",
                )
            ed, es = effective(d, s)
            rd, rs = due_local(ed, es, amount, uc, pc, no_pauses)
            out[j] = rd * _DAY + rs - shift
        return out

    @staticmethod
    def _raise_item(j: int, unit: object, policy: object, amount: object) -> NoReturn:
        try:
            unit_e, _policy_e = _parse_unit(unit), _parse_policy(policy)
            _check_amount(amount, unit_e)
        except DeadlineInputError as exc:
            raise DeadlineInputError(f"Item {j}: {exc}", field=exc.field, code=exc.code) from exc
        raise AssertionError("unreachable: the item was valid")  # pragma: no cover

    def _due_local(
        self,
        ed: int,
        es: int,
        amount: int,
        uc: int,
        pc: int,
        pauses: list[tuple[int, int, int, int]],
    ) -> tuple[int, int]:
        """Core: due (day index, seconds) from the effective receipt (ed, es)."""
        if uc == _U_WH or (uc == _U_WD and pc == _P_HOUR):
            total = amount * 3600 if uc == _U_WH else amount * self._H
            pos = self._cum(ed, es)
            if pauses:
                cum = self._cum
                end = _sweep(pos, total, [(cum(a, sa), cum(b, sb)) for a, sa, b, sb in pauses])
            else:
                end = pos + total
            return self._from_cum(end)
        before = self._before
        if uc == _U_WD:
            pos = before[ed + 1]  # working days up to and including the receipt day
            if pauses:
                # Skip from the request day to the return day, both included.
                spans = [(before[a], before[b + 1]) for a, _sa, b, _sb in pauses]
                end = _sweep(pos, amount, spans)
            else:
                end = pos + amount
            return self._wday(end - 1), self._day_end
        if uc == _U_CD:
            days = amount
        else:
            mo = self._month_of[ed] + amount
            if mo + 1 >= len(self._month_first):
                self._wday(len(self._wdays))  # raises out of range
            first = self._month_first[mo]
            length = self._month_first[mo + 1] - first
            dom = ed - self._month_first[self._month_of[ed]]
            days = first + min(dom, length - 1) - ed
        if pauses:
            end = _sweep(ed + 1, days, [(a, b + 1) for a, _sa, b, _sb in pauses])
        else:
            end = ed + 1 + days
        last = end - 1
        if last >= self._ndays:
            self._wday(len(self._wdays))  # raises out of range
        return self._wday(before[last]), self._day_end


def _sweep(pos: int, remaining: int, spans: list[tuple[int, int]]) -> int:
    """Advance `remaining` units from `pos` on a counting axis, jumping over sorted `spans`.

    Works for the three axes (working seconds, working-day ordinals, calendar days): a span
    (a, b) means "positions a..b are paused"; the result is the position where the count ends.
    """
    for a, b in spans:
        if b <= pos:
            continue
        if a > pos:
            if a - pos >= remaining:
                break
            remaining -= a - pos
        pos = b
    return pos + remaining
