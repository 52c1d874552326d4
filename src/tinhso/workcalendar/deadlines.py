"""The deadline engine: working days and due moments of administrative procedures.

Pure Python, no Django: `selectors.calendar_load` builds a `WorkingCalendar` from the
confirmed `OfficialCalendarDay` rows, the bench and the tests build one from plain sets.
Spec: docs "public-services" §4 (working days, 2025/2026 schedules, deadline rules).

Rules (each one is a decision; the report and the module tests cite them):

* **Working day.** Monday to Friday, minus the official days off, plus the official make-up
  working days (Saturdays). Nothing else: Saturday-morning reception does not make a
  Saturday a working day (spec Q-14, default "no").
* **Working hours.** `WorkSchedule`, by default 07:30–11:30 and 13:00–17:00: eight hours,
  the schedule most provincial one-stop centres publish. It is a parameter.
* **End of a working day = 17:00** (the close of the last working period), not 23:59:59:
  the appointment slip of a one-stop centre reads "17 giờ 00 ngày …", and an officer
  expects a result "due on day X" to be ready before the counter closes. Every due moment
  this module returns is inside or at the end of a working period of a working day.
* **Receipt (start_effective).** A dossier received on a non-working day, after the
  15:00 cut-off (strictly later than 15:00:00) or after the end of the working day counts
  as received at the start (07:30) of the next working day; one received before 07:30
  counts from 07:30. Times are handled to the second (microseconds are dropped).
* **Policy `day_count`** (Civil Code 2015 Art. 147–148): the day of receipt is not counted;
  the N-th following working day is the last day, and the due moment is its end (17:00).
* **Policy `hour_count`**: walk the working-hour timeline from the effective receipt moment
  for N × 8 working hours (N working days) and stop at the earliest moment the time is used
  up (so 07:30 + 8 h is 17:00 the same day, not 07:30 the next day).
* **Unit `working_hours`** is always walked on the working-hour timeline, whatever the
  policy: counting "4 working hours" in whole days would make no sense.
* **Units `calendar_days` and `months`** are counted in calendar days under both policies
  (Civil Code): the receipt day is not counted; a month period ends on the same day of the
  month N months later (31 Jan + 1 month = 28/29 Feb); a last day that is not a working day
  moves to the next working day; the due moment is 17:00 of that day.
* **Pauses** (supplement requests, `(from, to)`): time inside a pause is not counted. On the
  hour timeline, exactly the working seconds inside the pause are skipped. When counting
  days, the whole days from the request day to the return day (both included) are skipped
  and counting resumes the day after the return (Art. 147: the event day is not counted).
  Pauses before the receipt are ignored; a pause never moves a due moment earlier.

Speed: the calendar precomputes, per day, the number of working days before it and the list
of working days, so a query is a few list look-ups, never a loop over days. `due_many`
computes due moments for epoch-second inputs in bulk (about 1 µs each, no numpy).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NoReturn
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_SCHEDULE",
    "MAX_AMOUNT",
    "TZ",
    "DeadlineInputError",
    "DueResult",
    "Policy",
    "TimeUnit",
    "WorkSchedule",
    "WorkingCalendar",
]

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_DAY = 86400
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


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


class DeadlineInputError(ValueError):
    """Invalid input to the engine. `field` names the offending input, `code` the rule.

    The message is English; callers with a UI translate by `code` (see selectors).
    """

    def __init__(self, message: str, *, field: str, code: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code


def _seconds(t: dt.time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


@dataclass(frozen=True)
class WorkSchedule:
    """Daily working periods and the receipt cut-off of a one-stop centre.

    `periods` are (start, end) local times, ordered and not overlapping; the default
    07:30–11:30 + 13:00–17:00 makes the eight-hour day that converts days to hours.
    `cutoff` (15:00 by default, None for none): a dossier received later than it counts
    as received at the start of the next working day.
    """

    periods: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 30), dt.time(11, 30)),
        (dt.time(13, 0), dt.time(17, 0)),
    )
    cutoff: dt.time | None = dt.time(15, 0)
    bounds: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.periods:
            raise ValueError("A work schedule needs at least one working period.")
        bounds: list[tuple[int, int]] = []
        previous_end = -1
        for start, end in self.periods:
            a, b = _seconds(start), _seconds(end)
            if b <= a:
                raise ValueError(f"Working period {start}–{end} ends before it starts.")
            if a < previous_end:
                raise ValueError("Working periods must be ordered and must not overlap.")
            bounds.append((a, b))
            previous_end = b
        if self.cutoff is not None and not bounds[0][0] <= _seconds(self.cutoff) <= bounds[-1][1]:
            raise ValueError("The receipt cut-off must lie within the working day.")
        object.__setattr__(self, "bounds", tuple(bounds))

    @property
    def seconds_per_day(self) -> int:
        """Working seconds in one working day (28,800 for the default schedule)."""
        return sum(b - a for a, b in self.bounds)

    @property
    def day_start(self) -> dt.time:
        """Opening time of a working day (07:30 by default)."""
        return self.periods[0][0]

    @property
    def day_end(self) -> dt.time:
        """Closing time of a working day (17:00 by default): the due moment of day counts."""
        return self.periods[-1][1]


DEFAULT_SCHEDULE = WorkSchedule()


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


class WorkingCalendar:
    """Working days of the years `first_year`..`last_year` with precomputed ordinals.

    Built from `off_days` (weekdays that are not worked) and `working_saturdays` (weekend
    days that are worked: make-up days); dates outside the range are ignored. Queries
    outside the range raise `DeadlineInputError`.
    """

    def __init__(
        self,
        off_days: Iterable[dt.date],
        working_saturdays: Iterable[dt.date],
        first_year: int,
        last_year: int,
        *,
        schedule: WorkSchedule = DEFAULT_SCHEDULE,
        tz: ZoneInfo = TZ,
    ) -> None:
        if not 1900 <= first_year <= last_year <= 2300:
            raise ValueError("The calendar's years must satisfy 1900 ≤ first ≤ last ≤ 2300.")
        self.first_year = first_year
        self.last_year = last_year
        self.schedule = schedule
        self.tz = tz
        self.first_day = dt.date(first_year, 1, 1)
        self.last_day = dt.date(last_year, 12, 31)
        base = self.first_day.toordinal()
        ndays = self.last_day.toordinal() - base + 1
        self._base = base
        self._ndays = ndays
        working = bytearray(ndays)
        for i in range(ndays):
            # toordinal() % 7: 1 = Monday … 6 = Saturday, 0 = Sunday.
            working[i] = 1 if (base + i) % 7 not in (6, 0) else 0
        self.off_days = frozenset(d for d in off_days if self.first_day <= d <= self.last_day)
        self.working_saturdays = frozenset(
            d for d in working_saturdays if self.first_day <= d <= self.last_day
        )
        self.years_with_exceptions = frozenset(d.year for d in self.off_days) | frozenset(
            d.year for d in self.working_saturdays
        )
        for d in self.off_days:
            working[d.toordinal() - base] = 0
        for d in self.working_saturdays:
            working[d.toordinal() - base] = 1
        self._working = bytes(working)
        # _before[i] = number of working days among days 0..i-1; _wdays[k] = k-th working day.
        before = [0] * (ndays + 1)
        wdays: list[int] = []
        for i in range(ndays):
            if working[i]:
                wdays.append(i)
            before[i + 1] = len(wdays)
        self._before = before
        self._wdays = wdays
        # Month tables for the `months` unit: month number of each day, first day of months.
        month_of = [0] * ndays
        month_first: list[int] = []
        for y in range(first_year, last_year + 1):
            for m in range(1, 13):
                month_first.append(dt.date(y, m, 1).toordinal() - base)
        month_first.append(ndays)
        for mo in range(len(month_first) - 1):
            for i in range(month_first[mo], month_first[mo + 1]):
                month_of[i] = mo
        self._month_of = month_of
        self._month_first = month_first
        bounds = schedule.bounds
        self._bounds = bounds
        self._H = schedule.seconds_per_day
        self._day_start = bounds[0][0]
        self._day_end = bounds[-1][1]
        self._cutoff = _seconds(schedule.cutoff) if schedule.cutoff is not None else _DAY
        self._offset = self._fixed_offset()

    # ------------------------------------------------------------------ day queries

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.first_day <= day <= self.last_day

    def _index(self, day: dt.date, name: str = "date") -> int:
        i = day.toordinal() - self._base
        if not 0 <= i < self._ndays:
            raise DeadlineInputError(
                f"{day.isoformat()} is outside the calendar ({self.first_year}–{self.last_year}).",
                field=name,
                code="out_of_range",
            )
        return i

    def _date(self, i: int) -> dt.date:
        return dt.date.fromordinal(self._base + i)

    def is_working_day(self, day: dt.date) -> bool:
        """True when `day` is a working day (Mon–Fri not off, or a make-up weekend day)."""
        return bool(self._working[self._index(day)])

    def next_working_day(self, day: dt.date, *, include: bool = True) -> dt.date:
        """The first working day on or after `day` (strictly after it if not `include`)."""
        i = self._index(day)
        k = self._before[i] if include else self._before[i + 1]
        return self._date(self._wday(k))

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The n-th working day after `day` (n > 0), before it (n < 0), or `day` (n = 0).

        `day` itself is never counted (Civil Code Art. 147), so from a Friday before a
        normal weekend, 1 working day is the Monday. add(add(d, n), m) == add(d, n + m)
        for n, m ≥ 0.
        """
        i = self._index(day)
        if n == 0:
            return day
        if n > 0:
            return self._date(self._wday(self._before[i + 1] + n - 1))
        return self._date(self._wday(self._before[i] + n))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: start excluded, end included; negative if end < start.

        So working_days_between(d, add_working_days(d, n)) == n for n ≥ 0.
        """
        a, b = self._index(start, "start"), self._index(end, "end")
        if b >= a:
            return self._before[b + 1] - self._before[a + 1]
        return -(self._before[a + 1] - self._before[b + 1])

    def working_days_in(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """The working days in [start, end], both included, in order."""
        a, b = self._index(start, "start"), self._index(end, "end")
        if b < a:
            return []
        return [self._date(w) for w in self._wdays[self._before[a] : self._before[b + 1]]]

    def _wday(self, k: int) -> int:
        if not 0 <= k < len(self._wdays):
            raise DeadlineInputError(
                f"The result falls outside the calendar ({self.first_year}–{self.last_year}).",
                field="amount",
                code="out_of_range",
            )
        return self._wdays[k]

    # ------------------------------------------------------------------ due moments

    def due(
        self,
        start: dt.datetime,
        amount: int,
        unit: TimeUnit | str,
        policy: Policy | str = Policy.DAY_COUNT,
        pauses: Sequence[Pause] = (),
    ) -> dt.datetime:
        """The due moment (aware, local) of a limit of `amount` `unit` from receipt `start`.

        See the module docstring for the counting rules. Raises `DeadlineInputError` (a
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

    # ------------------------------------------------------------------ internals

    def _fixed_offset(self) -> int | None:
        """The zone's UTC offset in seconds if constant over the range (Asia/Ho_Chi_Minh
        has been UTC+7 since 1975), else None (then `due_many` uses the exact slow path)."""
        offsets = set()
        for i in range(0, self._ndays):
            day = self._date(i)
            for hour in (0, 12):
                delta = dt.datetime(day.year, day.month, day.day, hour, tzinfo=self.tz).utcoffset()
                offsets.add(int(delta.total_seconds()) if delta is not None else 0)
            if len(offsets) > 1:
                return None
        return offsets.pop()

    def _local(self, moment: dt.datetime, name: str, *, clamp: bool = False) -> tuple[int, int]:
        """(day index, seconds of day) of an aware moment in the calendar's zone."""
        if not isinstance(moment, dt.datetime):
            raise DeadlineInputError("Expected a date and time.", field=name, code="invalid")
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise DeadlineInputError(
                "The date and time must carry a time zone (e.g. +07:00).",
                field=name,
                code="naive_datetime",
            )
        local = moment.astimezone(self.tz)
        i = local.toordinal() - self._base
        s = local.hour * 3600 + local.minute * 60 + local.second
        if 0 <= i < self._ndays:
            return i, s
        if clamp:
            return (0, 0) if i < 0 else (self._ndays - 1, _DAY - 1)
        raise DeadlineInputError(
            f"{local.date().isoformat()} is outside the calendar "
            f"({self.first_year}–{self.last_year}).",
            field=name,
            code="out_of_range",
        )

    def _aware(self, i: int, s: int) -> dt.datetime:
        day = self._date(i)
        return dt.datetime(
            day.year, day.month, day.day, s // 3600, s % 3600 // 60, s % 60, tzinfo=self.tz
        )

    def _effective(self, d: int, s: int) -> tuple[int, int]:
        """The effective receipt moment: next working day's opening after the cut-off."""
        if self._working[d] and s <= self._cutoff and s < self._day_end:
            return d, max(s, self._day_start)
        return self._wday(self._before[d + 1]), self._day_start

    def _cum(self, d: int, s: int) -> int:
        """Working seconds from the calendar's first day up to the moment (d, s)."""
        c = self._before[d] * self._H
        if self._working[d]:
            for a, b in self._bounds:
                if s <= a:
                    break
                c += (s if s < b else b) - a
        return c

    def _from_cum(self, c: int) -> tuple[int, int]:
        """The earliest moment (d, s) at which `c` working seconds have elapsed (c > 0)."""
        k, r = divmod(c, self._H)
        if r == 0:
            return self._wday(k - 1), self._day_end
        d = self._wday(k)
        for a, b in self._bounds:
            if r <= b - a:
                return d, a + r
            r -= b - a
        raise AssertionError("unreachable: r < seconds per day")  # pragma: no cover

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


def _parse_unit(unit: object) -> TimeUnit:
    try:
        if not isinstance(unit, str):
            raise ValueError(unit)
        return TimeUnit(unit)
    except ValueError:
        allowed = ", ".join(u.value for u in TimeUnit)
        raise DeadlineInputError(
            f"Unknown unit {unit!r}; expected one of {allowed}.", field="unit", code="unit"
        ) from None


def _parse_policy(policy: object) -> Policy:
    try:
        if not isinstance(policy, str):
            raise ValueError(policy)
        return Policy(policy)
    except ValueError:
        allowed = ", ".join(p.value for p in Policy)
        raise DeadlineInputError(
            f"Unknown policy {policy!r}; expected one of {allowed}.", field="policy", code="policy"
        ) from None


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
