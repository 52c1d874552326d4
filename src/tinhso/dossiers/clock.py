"""The processing clock of a dossier: which time limit applies and when it is due.

Rules (spec §4.5, decisions in ADR-0012):

* The time limit is the procedure's limit for the dossier's channel; if the source gives
  none for that channel, the limit of another channel of the same procedure (the national
  records often give one limit "for all channels"); if there is none at all, the receiving
  officer must enter the limit from the legal text at reception (never a guess).
* Counting policy: the limit's own, else the province's default `TINHSO_DEADLINE_POLICY`
  (Civil Code day counting unless configured).
* A fractional limit in working days (0.5 day) is counted in working hours (× 8); a limit of
  0 ("within the day") is due at the end of the effective receipt day.
* Pauses that count (supplement requests; payment waits where the procedure says so) are
  passed to the engine: the due moment moves by the time the clock stood still.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from tinhso.procedures.models import Procedure
from tinhso.workcalendar.deadlines import Policy, TimeUnit
from tinhso.workcalendar.selectors import calendar_load

__all__ = ["Limit", "due_for", "limit_for", "timeliness_of"]

HOURS_PER_DAY = 8


@dataclass(frozen=True)
class Limit:
    amount: Decimal
    unit: str
    policy: str


def default_policy() -> str:
    """The province's counting policy for limits that do not name one."""
    return str(getattr(settings, "TINHSO_DEADLINE_POLICY", Policy.DAY_COUNT.value))


def limit_for(procedure: Procedure, channel: str) -> Limit | None:
    """The time limit of `procedure` for `channel` (see the module rules), or None."""
    limits = [
        t
        for t in procedure.time_limits.all()
        if t.amount is not None and t.unit  # a source null is not a limit
    ]
    same = [t for t in limits if t.channel == channel]
    candidates = same or limits
    if not candidates:
        return None
    chosen = candidates[0]
    if chosen.amount is None or not chosen.unit:
        return None
    return Limit(Decimal(chosen.amount), str(chosen.unit), chosen.policy or default_policy())


def _engine_input(amount: Decimal, unit: str) -> tuple[int, str]:
    """An integer amount in a unit the engine counts (fractions of days become hours)."""
    if amount == amount.to_integral_value():
        return int(amount), unit
    if unit == TimeUnit.WORKING_DAYS:
        return int((amount * HOURS_PER_DAY).to_integral_value()), TimeUnit.WORKING_HOURS.value
    # Fractions of other units are rounded up: a limit is never shortened.
    return int(amount.to_integral_value(rounding="ROUND_CEILING")), unit


def due_for(
    received_at: dt.datetime,
    limit: Limit,
    pauses: Sequence[tuple[dt.datetime, dt.datetime]] = (),
) -> dt.datetime:
    """The due moment of `limit` from `received_at`, skipping `pauses` (engine rules)."""
    year = received_at.year
    calendar = calendar_load(range(year - 1, year + 3))
    if limit.amount <= 0:
        start = calendar.due_detail(received_at, 1, TimeUnit.WORKING_HOURS.value).start_effective
        end_of_day = calendar.schedule.day_end
        return start.replace(
            hour=end_of_day.hour, minute=end_of_day.minute, second=0, microsecond=0
        )
    amount, unit = _engine_input(limit.amount, limit.unit)
    return calendar.due(received_at, amount, unit, limit.policy, pauses)


def timeliness_of(finished_at: dt.datetime, due_at: dt.datetime) -> str:
    """Early (ended on an earlier local date), on time (not after the due moment) or late."""
    from django.utils import timezone

    if finished_at > due_at:
        return "late"
    if timezone.localdate(finished_at) < timezone.localdate(due_at):
        return "early"
    return "on_time"
