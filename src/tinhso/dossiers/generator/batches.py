"""`generate`: streams dossiers and events of the profile in batches."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import random
from collections.abc import Iterator
from typing import Any

from django.conf import settings

from tinhso.workcalendar.deadlines import TZ, WorkingCalendar
from tinhso.workcalendar.selectors import calendar_load

from .profile import Batch, Mix, Profile
from .rows import DAY
from .timeline import _Clock, _cum, _timeline


def generate(
    profile: Profile,
    *,
    dossiers: int,
    start: dt.date,
    end: dt.datetime,
    seed: int = 1,
    mix: Mix | None = None,
    first_id: int = 1,
    first_event_id: int = 1,
    chunk: int = 20000,
    calendar: WorkingCalendar | None = None,
    counters_from: dict[tuple[int, dt.date], int] | None = None,
) -> Iterator[Batch]:
    """Yield `Batch`es of dossier and event rows (tuples in `DOSSIER_COLUMNS` /
    `EVENT_COLUMNS` order, times as Unix seconds) for `dossiers` registered between `start`
    and `end`, deterministic for `seed`; the last batch also carries the code counters."""
    mix = mix or Mix()
    rng = random.Random(seed)  # noqa: S311  # test data, not security
    end_ts = int(end.timestamp())
    end_local = end.astimezone(TZ)
    last_day = end_local.date()
    if calendar is None:
        calendar = calendar_load(range(start.year - 1, last_day.year + 3))
    clock = _Clock(calendar)
    days = [start + dt.timedelta(days=i) for i in range((last_day - start).days + 1)]
    if not days:
        raise ValueError("The period is empty.")
    weights = []
    for d in days:
        base = 1.0 if calendar.is_working_day(d) else mix.weekend_weight
        weights.append(base * (1 + mix.growth_per_year * (d - start).days / 365.25))
    total_w = sum(weights)
    # Whole numbers per day summing to `dossiers` exactly (cumulative rounding).
    per_day, acc, prev = [], 0.0, 0
    for w in weights:
        acc += w
        now_n = round(dossiers * acc / total_w)
        per_day.append(now_n - prev)
        prev = now_n

    procs = profile.procedures
    online_procs = [p for p in procs if p.online] or procs
    cw_all = _cum([p.weight for p in procs])
    cw_online = _cum([p.weight for p in online_procs])
    communes = profile.communes
    cw_communes = _cum([u.weight for u in communes])
    unit_code = {u.pk: u.code for u in communes}
    unit_code.update({u.pk: u.code for u in profile.departments.values()})
    unit_name = {u.pk: u.name for u in communes}
    if profile.centre:
        unit_code[profile.centre.pk] = profile.centre.code
    volume = sum(p.weight for p in procs)
    online_volume = sum(p.weight for p in procs if p.online) / volume
    p_online = min(0.95, mix.online / online_volume) if online_volume else 0.0
    # Boundary-free dossiers are counter dossiers of procedures on the list.
    bf_volume = (
        sum(p.weight * (1 - p_online if p.online else 1) for p in procs if p.boundary_free) / volume
    )
    p_bf = min(1.0, mix.boundary_free / bf_volume) if bf_volume else 0.0
    pool = max(50, int(dossiers * mix.repeat_pool))
    secret = hmac.new(settings.SECRET_KEY.encode(), digestmod=hashlib.sha256)
    officials = profile.officials
    leaders = profile.leaders

    def pick(users: dict[int, list[int]], unit_id: int) -> int | None:
        staff = users.get(unit_id) or officials.get(unit_id)
        return staff[int(rand() * len(staff))] if staff else None

    counters: dict[tuple[int, dt.date], int] = dict(counters_from or {})
    next_id = first_id
    next_event = first_event_id
    pending: list[list[Any]] = []
    rand = rng.random

    for day, n_day in zip(days, per_day, strict=True):
        if n_day <= 0:
            continue
        working = calendar.is_working_day(day)
        day_ts = int(dt.datetime(day.year, day.month, day.day, tzinfo=TZ).timestamp())
        max_sod = DAY - 1
        if day == last_day:
            max_sod = end_local.hour * 3600 + end_local.minute * 60 + end_local.second
        chosen = (
            rng.choices(procs, cum_weights=cw_all, k=n_day)
            if working
            else rng.choices(online_procs, cum_weights=cw_online, k=n_day)
        )
        ymd = f"{day:%y%m%d}"
        for proc in chosen:
            online = (not working) or (proc.online and rand() < p_online)
            if proc.level == "commune":
                resolving = rng.choices(communes, cum_weights=cw_communes)[0].pk
            else:
                resolving = proc.department_id or communes[0].pk
            receiving = resolving
            if not online and proc.boundary_free and rand() < p_bf:
                if proc.level == "commune" or profile.centre is None:
                    other = rng.choices(communes, cum_weights=cw_communes)[0].pk
                    receiving = other if other != resolving else receiving
                else:
                    receiving = profile.centre.pk
            # Registration moment: counters inside working hours, online at any hour.
            if online or not working:
                sod = 6 * 3600 + int(rand() * (23 * 3600 - 6 * 3600))
                if sod > max_sod:
                    sod = int(rand() * (max_sod + 1))
            else:
                w = int(rand() * (28800))
                sod = 27000 + w if w < 14400 else 46800 + w - 14400
                if sod > max_sod:
                    sod = int(rand() * (max_sod + 1))
            reg = day_ts + sod
            code_unit = resolving if online else receiving
            key = (code_unit, day)
            seq = counters.get(key, 0) + 1
            counters[key] = seq
            code = f"{unit_code[code_unit]}-{ymd}-{seq:04d}"
            pending.append([next_id, code, proc, online, receiving, resolving, reg])
            next_id += 1
        if len(pending) >= chunk:
            batch, next_event = _timeline(
                pending,
                clock,
                rng,
                mix,
                end_ts,
                pool,
                secret,
                unit_name,
                pick,
                leaders,
                next_event,
            )
            pending = []
            yield batch
    batch, next_event = _timeline(
        pending, clock, rng, mix, end_ts, pool, secret, unit_name, pick, leaders, next_event
    )
    batch.counters = [(u, d, n) for (u, d), n in counters.items()]
    yield batch
