"""The generator's profile: dataclasses and `profile_load`."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from tinhso.procedures.models import Channel, OnlineLevel, Procedure
from tinhso.units.models import Unit, UnitLineage

from .rows import _SECTOR_DEPARTMENTS, POPULARITY


@dataclass(frozen=True)
class Mix:
    """The shares of a realistic province (spec §3.5 and the issue's figures)."""

    online: float = 0.6  # online share of all dossiers (reached through online procedures)
    weekend_weight: float = 0.12  # online submissions on a day off, relative to a working day
    growth_per_year: float = 0.08
    boundary_free: float = 0.08  # receiving ≠ resolving, of all dossiers
    refused_online: float = 0.02  # online submissions refused before reception
    supplement: float = 0.11
    second_supplement: float = 0.2  # of the supplemented ones
    late: float = 0.05
    apology: float = 0.6  # of the late ones: an apology letter and one new appointment
    stopped: float = 0.01
    withdrawn: float = 0.01
    component_digitised: float = 0.97  # ≥ 1 component attached as a file
    e_result: float = 0.88  # finished dossiers of document-returning procedures
    e_result_to_store: float = 0.45
    reused: float = 0.32
    data_store: float = 0.12
    vneid_online: float = 0.92
    vneid_counter: float = 0.35
    email: float = 0.3
    enterprise: float = 0.08
    synced: float = 0.97
    repeat_pool: float = 0.45  # applicants = dossiers × this (the rest are repeat visits)


@dataclass(frozen=True)
class ProcInfo:
    pk: int
    case_id: int | None
    level: str  # commune | province
    department_id: int | None
    online: bool
    boundary_free: bool
    returns_document: bool
    fee: int
    weight: float
    # channel -> (engine amount, engine unit, policy, stored amount, stored unit, hours≈)
    limits: dict[str, tuple[int, str, str, str, str, int]]


@dataclass(frozen=True)
class UnitInfo:
    pk: int
    code: str
    name: str
    weight: float


@dataclass
class Profile:
    communes: list[UnitInfo]
    departments: dict[str, UnitInfo]
    centre: UnitInfo | None
    procedures: list[ProcInfo]
    officials: dict[int, list[int]] = field(default_factory=dict)
    leaders: dict[int, list[int]] = field(default_factory=dict)


@dataclass
class Batch:
    dossiers: list[tuple[Any, ...]]
    events: list[tuple[Any, ...]]
    counters: list[tuple[int, dt.date, int]]


@dataclass
class LoadStats:
    dossiers: int = 0
    events: int = 0
    counters: int = 0
    generate_seconds: float = 0.0
    load_seconds: float = 0.0
    index_seconds: float = 0.0
    analyze_seconds: float = 0.0
    status: Counter[str] = field(default_factory=Counter)

    @property
    def rows(self) -> int:
        return self.dossiers + self.events

    @property
    def rows_per_second(self) -> float:
        total = self.load_seconds
        return self.rows / total if total else 0.0


# --- profile ---------------------------------------------------------------------------------


def _stable(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big")


def _engine_limit(amount: Decimal | None, unit: str | None) -> tuple[int, str, str, str, int]:
    """(engine amount, engine unit, stored amount, stored unit, ≈ working hours).

    A record without a usable limit gets the one the receiving officer would enter (spec:
    never a guess in production; here 3 working days, stored as entered). Fractions of a
    working day count in hours (× 8), like `clock._engine_input`; a limit of 0 ("within the
    day") is marked by engine amount 0.
    """
    if amount is None or not unit:
        amount, unit = Decimal(3), "working_days"
    stored = f"{Decimal(amount):.2f}"
    if amount <= 0:
        return 0, "working_hours", stored, unit, 4
    if amount != amount.to_integral_value():
        if unit == "working_days":
            hours = int((amount * 8).to_integral_value())
            return hours, "working_hours", stored, unit, hours
        amount = amount.to_integral_value(rounding="ROUND_CEILING")
    n = int(amount)
    approx = {
        "working_days": n * 8,
        "working_hours": n,
        "calendar_days": max(1, n * 8 * 5 // 7),
        "months": n * 22 * 8,
    }.get(unit, n * 8)
    return n, unit, stored, unit, approx


def profile_load(
    *,
    province_code: str = "75",
    procedures: Iterable[Procedure] | None = None,
    seed: int = 1,
) -> Profile:
    """The province's communes, departments, centre, procedures and officials (read only)."""
    from tinhso.accounts.models import Membership

    rng = random.Random(seed * 7919)  # noqa: S311  # test data, not security
    current = Unit.objects.current().filter(province_code=province_code)
    merged = Counter(
        UnitLineage.objects.filter(successor__in=current).values_list("successor_id", flat=True)
    )
    communes = []
    for pk, code, name, division in (
        current.filter(level__code="commune")
        .order_by("code")
        .values_list("pk", "code", "name", "division_type")
    ):
        kind = 3.0 if division == "phường" else 1.0
        weight = kind * (1 + merged.get(pk, 0)) * math.exp(rng.gauss(0, 0.35))
        communes.append(UnitInfo(pk, code, name, weight))
    if not communes:
        raise ValueError(f"No current communes for province {province_code}: run load_units.")
    departments = {
        code.split(".", 1)[-1]: UnitInfo(pk, code, name, 1.0)
        for pk, code, name in current.filter(level__code="department")
        .exclude(code__endswith=".TTRA")
        .values_list("pk", "code", "name")
    }
    centre_row = (
        current.filter(level__code="service_centre", code=f"{province_code}.TTPVHCC")
        .values_list("pk", "code", "name")
        .first()
    )
    centre = UnitInfo(*centre_row, 1.0) if centre_row else None
    dept_keys = sorted(departments)

    if procedures is None:
        procedures = Procedure.objects.filter(status="active")
    procs = list(
        Procedure.objects.filter(pk__in=[p.pk for p in procedures])
        .prefetch_related("time_limits", "cases", "fees")
        .order_by("is_synthetic", "code", "pk")
    )
    infos: list[ProcInfo] = []
    for rank, p in enumerate(procs):
        if p.at_commune:
            level = "commune"
        elif departments:
            level = "province"
        else:
            continue
        department_id = None
        if level == "province":
            words = f"{p.sector or ''} {p.name or ''}".lower()
            key = next(
                (
                    k
                    for keys, k in _SECTOR_DEPARTMENTS
                    if k in departments and any(w in words for w in keys)
                ),
                dept_keys[_stable(p.key) % len(dept_keys)],
            )
            department_id = departments[key].pk
        channels = list(p.channels or [Channel.IN_PERSON])
        online = Channel.ONLINE in channels and p.online_level != OnlineLevel.NONE
        cases = sorted(p.cases.all(), key=lambda c: (not c.is_default, c.position, c.pk))
        limits: dict[str, tuple[int, str, str, str, str, int]] = {}
        usable = [t for t in p.time_limits.all() if t.amount is not None and t.unit]
        for channel in Channel.values:
            same = [t for t in usable if t.channel == channel]
            chosen = same[0] if same else (usable[0] if usable else None)
            amount, unit = (chosen.amount, chosen.unit) if chosen else (None, None)
            policy = (chosen.policy if chosen else "") or _default_policy()
            n, eunit, stored, sunit, hours = _engine_limit(amount, unit)
            if eunit == "working_hours" and n:
                policy = "hour_count"
            limits[channel] = (n, eunit, policy, stored, sunit, hours)
        fees = [f.amount_vnd for f in p.fees.all() if f.amount_vnd]
        # Volumes: a few procedures take most dossiers (civil status, certification).
        if p.is_synthetic:  # the long tail: about a quarter of the volume
            weight = 1.2 / (rank + 1) ** 0.9
        else:
            weight = POPULARITY.get(p.code or "", 1.0) / (rank + 1) ** 0.3
        infos.append(
            ProcInfo(
                pk=p.pk,
                case_id=cases[0].pk if cases else None,
                level=level,
                department_id=department_id,
                online=online,
                boundary_free=p.boundary_free,
                returns_document=p.returns_document,
                fee=int(fees[0]) if fees else 0,
                weight=weight,
                limits=limits,
            )
        )
    if not infos:
        raise ValueError("No procedures: run load_procedures (and generate_procedures).")
    officials: dict[int, list[int]] = defaultdict(list)
    leaders: dict[int, list[int]] = defaultdict(list)
    for user_id, unit_id, role in (
        Membership.objects.filter(unit__in=current)
        .order_by("unit_id", "user_id")
        .values_list("user_id", "unit_id", "role__code")
    ):
        (leaders if role == "leader" else officials)[unit_id].append(user_id)
    return Profile(communes, departments, centre, infos, dict(officials), dict(leaders))


def _default_policy() -> str:
    return str(getattr(settings, "TINHSO_DEADLINE_POLICY", "day_count"))


# --- generation ------------------------------------------------------------------------------
