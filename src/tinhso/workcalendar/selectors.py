"""Read use-cases of the working-day calendar.

The official calendar is province-wide public information: any active signed-in user may
read it (no `Action` needed). Only writes are restricted (see `services`). The deadline
engine itself lives in `deadlines` (pure Python); `calendar_load` feeds it from the DB.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from tinhso.accounts.access import AccessDenied, Action, scope
from tinhso.units.models import Unit

from .deadlines import (
    MAX_AMOUNT,
    TZ,
    DeadlineInputError,
    DueResult,
    Pause,
    Policy,
    TimeUnit,
    WorkingCalendar,
)
from .models import CalendarRevision, OfficialCalendarDay

# The engine's range around a receipt: pauses may start a year earlier, the largest
# amount (120 months) ends ten years later.
YEARS_BEFORE = 1
YEARS_AFTER = 11
# A range query may span at most this many days (two years, leap day included).
MAX_RANGE_DAYS = 731
PROVINCE_LEVEL = "province"
UNIT_NAMES = frozenset(u.value for u in TimeUnit)

_cache_lock = threading.Lock()
_cache: dict[tuple[int, int], tuple[tuple[int, str], WorkingCalendar]] = {}
_CACHE_MAX = 16


def calendar_revision() -> tuple[int, str]:
    """The current calendar stamp (one query): the revision counter and its change time.

    The time makes the stamp unique even if a transaction that bumped the counter was rolled
    back and another bump reused the same number.
    """
    row = CalendarRevision.objects.filter(pk=1).values_list("revision", "changed_at").first()
    if row is None:
        return (0, "")
    return (int(row[0]), row[1].isoformat() if row[1] is not None else "")


def calendar_load(years: Iterable[int]) -> WorkingCalendar:
    """The `WorkingCalendar` spanning min(years)..max(years) from CONFIRMED rows only.

    Rule: weekdays are working days unless a confirmed `day_off` row says otherwise, weekend
    days are off unless a confirmed `working_day` row says otherwise; rows for civil servants
    and rows for all employees both apply, and a `civil_service` row wins over an `all`
    row on the same date. No Action needed (public calendar).
    Side effects: caches the calendar in this process, keyed by the years and the
    `CalendarRevision` counter, so every change made by `services` (which bump the counter)
    is seen at the next call of every process. Costs one query when cached.
    Errors: `ValueError` for an empty or absurd year range.
    """
    year_list = list(years)
    if not year_list:
        raise ValueError("calendar_load needs at least one year.")
    first, last = min(year_list), max(year_list)
    revision = calendar_revision()
    key = (first, last)
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] == revision:
            return hit[1]
    rows = (
        OfficialCalendarDay.objects.filter(
            status=OfficialCalendarDay.Status.CONFIRMED,
            date__gte=dt.date(first, 1, 1),
            date__lte=dt.date(last, 12, 31),
        )
        .order_by("date", "applies_to")
        .values_list("date", "kind", "applies_to")
    )
    kinds: dict[dt.date, str] = {}
    for day, kind, applies_to in rows:
        if applies_to == OfficialCalendarDay.AppliesTo.CIVIL_SERVICE or day not in kinds:
            kinds[day] = kind
    off = [d for d, k in kinds.items() if k == OfficialCalendarDay.Kind.DAY_OFF]
    work = [d for d, k in kinds.items() if k == OfficialCalendarDay.Kind.WORKING_DAY]
    calendar = WorkingCalendar(off, work, first, last)
    with _cache_lock:
        if len(_cache) >= _CACHE_MAX:
            _cache.clear()
        _cache[key] = (revision, calendar)
    return calendar


def calendar_cache_clear() -> None:
    """Forget every cached calendar of this process (tests; the revision check suffices)."""
    with _cache_lock:
        _cache.clear()


def calendar_day_list(
    *, user: Any, filters: dict[str, Any] | None = None
) -> QuerySet[OfficialCalendarDay]:
    """Official calendar rows matching `filters`, ordered by date.

    Filters (all optional): `year` (int), `kind`, `status`, `applies_to` (choice values),
    `q` (text contained in the reason or the legal reference). Rule: any active signed-in
    user may read; anyone else gets no rows. No Action needed, no side effects.
    """
    qs = OfficialCalendarDay.objects.all().order_by("date", "applies_to")
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return qs.none()
    filters = filters or {}
    if filters.get("year"):
        qs = qs.filter(date__year=int(filters["year"]))
    for name in ("kind", "status", "applies_to"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    text = (filters.get("q") or "").strip()
    if text:
        qs = qs.filter(Q(reason__icontains=text) | Q(legal_ref__icontains=text))
    return qs


def calendar_day_get(*, user: Any, pk: int) -> OfficialCalendarDay:
    """One calendar row by id. Rule: readable by any active signed-in user.
    Errors: `OfficialCalendarDay.DoesNotExist` becomes `AccessDenied` (404)."""
    if not getattr(user, "is_authenticated", False):
        raise AccessDenied("No such object.")
    try:
        return OfficialCalendarDay.objects.get(pk=pk)
    except OfficialCalendarDay.DoesNotExist as exc:
        raise AccessDenied("No such object.") from exc


def calendar_year_rows(*, user: Any, year: int) -> list[OfficialCalendarDay]:
    """All rows (proposed and confirmed) of `year` for the year page, ordered by date."""
    return list(calendar_day_list(user=user, filters={"year": year}))


@dataclass(frozen=True)
class DayInfo:
    """One date of a range: whether it is worked and why (for the API and the year page)."""

    date: dt.date
    is_working_day: bool
    kind: str  # working_day | weekend | day_off | makeup_working_day
    reason: str
    legal_ref: str


def working_days_in_range(*, user: Any, start: dt.date, end: dt.date) -> list[DayInfo]:
    """Every date of [start, end] with its kind and the reason of its official row.

    Rule: the range is at most `MAX_RANGE_DAYS` long and `end` ≥ `start`; the kinds follow
    the confirmed calendar (`calendar_load`). Any active signed-in user; no side effects.
    Errors: `ValidationError` with field errors for a bad range.
    """
    if end < start:
        raise ValidationError({"end": _("The end date must not be before the start date.")})
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(
            {"end": _("The range may span at most %(days)d days.") % {"days": MAX_RANGE_DAYS}}
        )
    calendar = calendar_load(range(start.year, end.year + 1))
    rows = {
        r.date: r
        for r in calendar_day_list(user=user, filters={"status": "confirmed"})
        .filter(date__gte=start, date__lte=end)
        # The last row of a date wins: "civil_service" sorts after "all", so it wins.
        .order_by("date", "applies_to")
    }
    days: list[DayInfo] = []
    day = start
    while day <= end:
        working = calendar.is_working_day(day)
        row = rows.get(day)
        if working:
            kind = "working_day" if day.weekday() < 5 else "makeup_working_day"
        else:
            kind = "weekend" if day.weekday() >= 5 else "day_off"
        days.append(
            DayInfo(
                date=day,
                is_working_day=working,
                kind=kind,
                reason=row.reason if row is not None else "",
                legal_ref=row.legal_ref if row is not None else "",
            )
        )
        day += dt.timedelta(days=1)
    return days


# Translated messages of the engine's error codes (the engine itself speaks English).
def _engine_message(exc: DeadlineInputError, unit: str) -> str:
    messages = {
        "naive_datetime": _("Give the time zone of the date and time (e.g. +07:00)."),
        "invalid": _("Enter a valid date and time."),
        "out_of_range": _("The date lies outside the years covered by the working calendar."),
        "min": _("The amount must be at least 1."),
        "type": _("The amount must be a whole number."),
        "unit": _("Unknown unit."),
        "policy": _("Unknown counting policy."),
        "pause_order": _("A pause cannot end before it starts."),
        "invalid_pause": _("A pause needs a start and an end."),
    }
    if exc.code == "max":
        limit = MAX_AMOUNT[TimeUnit(unit)] if unit in UNIT_NAMES else 0
        return _("The amount is too large (at most %(max)d).") % {"max": limit}
    return messages.get(exc.code, str(exc))


def due_compute(
    *,
    user: Any,
    start: dt.datetime,
    amount: int,
    unit: str,
    policy: str = Policy.DAY_COUNT,
    pauses: Sequence[Pause] = (),
) -> DueResult:
    """The due moment of a time limit, with the official calendar (see `deadlines`).

    Rule: counting per `deadlines` (15:00 cut-off, Civil Code day counting or the working-
    hour timeline, pauses excluded); the calendar spans the receipt year − 1 to + 11.
    Any active signed-in user; no side effects.
    Errors: `ValidationError` keyed by the input field (start, amount, unit, policy,
    pauses.N.end…), translated, for every invalid input — never a bare `ValueError`.
    """
    if not isinstance(start, dt.datetime) or start.tzinfo is None:
        raise ValidationError(
            {"start": _("Give the time zone of the date and time (e.g. +07:00).")}
        )
    try:
        # Check the unit before touching the DB: the calendar's span does not depend on it.
        if unit not in UNIT_NAMES:
            raise DeadlineInputError("unit", field="unit", code="unit")
        local_year = start.astimezone(TZ).year
        calendar = calendar_load(range(local_year - YEARS_BEFORE, local_year + YEARS_AFTER + 1))
        return calendar.due_detail(start, amount, unit, policy, pauses)
    except DeadlineInputError as exc:
        raise ValidationError({exc.field: _engine_message(exc, unit)}) from exc
    except ValueError as exc:  # the year range itself (e.g. year 9999)
        raise ValidationError(
            {"start": _("The date lies outside the years covered by the working calendar.")}
        ) from exc


def manageable_province(*, user: Any) -> Unit | None:
    """The province-level unit on which `user` holds MANAGE, or None.

    Rule: the calendar is edited by province administrators only: a unit whose level code
    is "province" among `access.unit_ids_for(user, MANAGE)` (superusers: every province).
    With several, the one with the lowest id (deterministic, used as the audit unit).
    No side effects.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        scope(Unit.objects.all(), user, Action.MANAGE)
        .filter(level__code=PROVINCE_LEVEL)
        .order_by("pk")
        .first()
    )


def calendar_day_find(*, user: Any, date: dt.date, applies_to: str) -> OfficialCalendarDay | None:
    """The row of (`date`, `applies_to`) if any (for the edit form). Any active signed-in
    user; None for anyone else. No side effects."""
    return calendar_day_list(user=user).filter(date=date, applies_to=applies_to).first()
