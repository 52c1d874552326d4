"""Realistic dossiers with their status events for scale runs and the demo (issue 6, "Scale").

Not a service: a loader, like `load_units`. It never goes through the dossier services (10M
dossiers at a service's pace would take days) but writes rows that the services could have
written: the same state machine (`workflow.py`), the same national codes, due moments from
the real working-day engine (`WorkingCalendar.due_many` in bulk, `due` with pauses where a
supplement stopped the clock), codes `<unit code>-YYMMDD-NNNN` numbered per unit and day
with the matching `DossierCodeCounter` rows (so a dossier received later gets the next
number), and the flags of spec §2.12 derived the way `refresh_flags` derives them.

The profile (`profile_load`): the current communes of a province (volume weighted by kind
— wards are bigger — and by the number of former communes merged into each), the
procedures of the catalogue (commune procedures resolved by communes, province procedures by
the department of their sector), officials per unit (actors of the events).

The timeline of a dossier (`Mix` holds the shares): registered at the counter inside working
hours (or online at any hour; online dossiers are then received or refused by the resolving
unit) → received (clock starts; due from the procedure's limit for the channel) → in_process
→ [request_supplement → supplement_received, sometimes twice] → finish (early/on time, or
late with an apology and one new appointment) → return_result; a few are stopped or
withdrawn. Event moments are working-hour offsets from reception placed by the engine, so
they fall inside working hours. The timeline is cut at `end`: what happens later has not
happened, so recent dossiers are open (some overdue, some waiting for a supplement).

Two sinks: `copy_load` (PostgreSQL COPY through psycopg 3, streamed in chunks, optional
index/constraint drop and rebuild, ANALYZE) and `bulk_load` (Django `bulk_create`, SQLite or
small runs). Same seed, same rows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from tinhso.dossiers.models import (
    NATIONAL_CODE,
    ApplicantKind,
    Dossier,
    DossierCodeCounter,
    DossierEvent,
    Status,
    Timeliness,
)
from tinhso.procedures.models import Channel, OnlineLevel, Procedure
from tinhso.units.models import Unit, UnitLineage
from tinhso.workcalendar.deadlines import TZ, WorkingCalendar
from tinhso.workcalendar.selectors import calendar_load

__all__ = [
    "DOSSIER_COLUMNS",
    "EVENT_COLUMNS",
    "Batch",
    "LoadStats",
    "Mix",
    "Profile",
    "bulk_load",
    "copy_load",
    "generate",
    "profile_load",
]

UTC_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh has no DST: local = UTC + 7 h
DAY = 86400
WH = "working_hours"
HC = "hour_count"

# Column order of the COPY rows (and of the tuples `generate` yields).
DOSSIER_COLUMNS: tuple[str, ...] = (
    "id",
    "code",
    "procedure_id",
    "case_id",
    "channel",
    "return_method",
    "summary",
    "applicant_name",
    "applicant_kind",
    "applicant_id_number",
    "applicant_key",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "vneid_verified",
    "receiving_unit_id",
    "resolving_unit_id",
    "return_unit_id",
    "received_by_id",
    "handler_id",
    "status",
    "registered_at",
    "received_at",
    "limit_amount",
    "limit_unit",
    "limit_policy",
    "original_due_at",
    "due_at",
    "rescheduled_due_at",
    "reschedule_reason",
    "finished_at",
    "returned_at",
    "timeliness",
    "supplement_count",
    "pause_started_at",
    "outcome_reason",
    "missing_items",
    "is_digitised",
    "has_reused",
    "from_data_store",
    "has_e_result",
    "e_result_to_store",
    "fee_total",
    "paid_online",
    "portal_synced_at",
    "version",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "dossier_id",
    "action",
    "from_status",
    "to_status",
    "national_code",
    "at",
    "actor_id",
    "unit_id",
    "note",
    "due_at",
)
_D = {name: i for i, name in enumerate(DOSSIER_COLUMNS)}
_TIME_COLUMNS = frozenset(n for n in DOSSIER_COLUMNS if n.endswith("_at"))

# Officials' texts (Vietnamese data, not UI strings).
SUPPLEMENT_NOTES = (
    "Bổ sung bản sao giấy tờ chứng minh nơi cư trú.",
    "Tờ khai chưa ghi đủ thông tin, đề nghị bổ sung.",
    "Bổ sung văn bản ủy quyền có chứng thực.",
    "Bản vẽ chưa đúng hiện trạng, đề nghị điều chỉnh.",
)
STOP_NOTES = ("Hồ sơ không đủ điều kiện giải quyết theo quy định.",)
WITHDRAW_NOTES = ("Người nộp hồ sơ đề nghị rút hồ sơ.",)
REFUSE_NOTES = ("Thủ tục không thuộc thẩm quyền tiếp nhận; đã hướng dẫn nộp đúng nơi.",)
APOLOGY_NOTES = (
    "Hồ sơ cần xác minh thêm với cơ quan liên quan; xin lỗi và hẹn lại ngày trả kết quả.",
)
_FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
_MIDDLE = ("Văn", "Thị", "Minh", "Thanh", "Quốc", "Ngọc", "Hữu", "Thu", "Đức", "Kim", "Gia")
_GIVEN = (
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hải",
    "Hạnh",
    "Khoa",
    "Linh",
    "Nam",
    "Nhung",
    "Phúc",
    "Quân",
    "Thảo",
    "Trung",
    "Tú",
    "Uyên",
    "Vy",
    "Yến",
    "Tâm",
    "Long",
    "Hương",
    "Sơn",
)
_COMPANY = ("Thành Công", "Phú Lý", "Đồng Tiến", "Hưng Thịnh", "Sao Mai", "Tân Phát", "An Bình")

# Department of a province procedure, by words of its sector (fallback: a stable hash).
_SECTOR_DEPARTMENTS = (
    (("tư pháp", "hộ tịch", "chứng thực", "lý lịch", "luật sư", "công chứng"), "STP"),
    (("đất đai", "tài nguyên", "môi trường", "nông nghiệp", "thủy lợi", "lâm"), "SNNMT"),
    (("xây dựng", "giao thông", "nhà ở", "quy hoạch"), "SXD"),
    (("giáo dục", "đào tạo"), "SGDDT"),
    (("y tế", "dược", "khám"), "SYT"),
    (("văn hóa", "du lịch", "thể thao", "gia đình"), "SVHTTDL"),
    (("tôn giáo", "dân tộc"), "SDTTG"),
    (("công thương", "thương mại", "điện", "hóa chất"), "SCT"),
    (("doanh nghiệp", "tài chính", "đầu tư", "hợp tác xã"), "STC"),
    (("lao động", "nội vụ", "người có công", "thi đua", "bảo trợ", "việc làm"), "SNV"),
    (("khoa học", "công nghệ", "bưu chính", "viễn thông"), "SKHCN"),
)


# Relative volumes of the busiest sourced procedures (certification and civil status take
# most of a commune's counter; an estimate from provincial reports, not a statistic).
POPULARITY: dict[str, float] = {
    "2.000815": 12.0,  # chứng thực bản sao từ bản chính
    "2.000884": 6.0,  # chứng thực chữ ký
    "1.001193": 5.0,  # đăng ký khai sinh
    "1.004873": 4.0,  # xác nhận tình trạng hôn nhân
    "2.000635": 4.0,  # bản sao trích lục hộ tịch
    "1.004222": 3.0,  # đăng ký thường trú
    "1.013831": 3.0,  # đăng ký biến động đất đai
    "2.001035": 3.0,  # chứng thực giao dịch
    "1.000656": 2.0,  # đăng ký khai tử
    "1.000894": 2.0,  # đăng ký kết hôn
    "1.013978": 2.0,  # đăng ký đất đai lần đầu
    "1.001612": 2.0,  # đăng ký hộ kinh doanh
}


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


def _cum(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


class _Clock:
    """Unix-second helpers over the engine: working-hour offsets, day ends, formatting."""

    def __init__(self, calendar: WorkingCalendar) -> None:
        self.calendar = calendar

    def hours_after(self, starts: list[int], hours: list[int]) -> list[int]:
        n = len(starts)
        if not n:
            return []
        return self.calendar.due_many(starts, hours, [WH] * n, [HC] * n)


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


def _timeline(
    pending: list[list[Any]],
    clock: _Clock,
    rng: random.Random,
    mix: Mix,
    end_ts: int,
    pool: int,
    secret: Any,
    unit_name: dict[int, str],
    pick: Callable[[dict[int, list[int]], int], int | None],
    leaders: dict[int, list[int]],
    next_event: int,
) -> tuple[Batch, int]:
    """Events and final fields for the skeletons in `pending` (see the module docstring)."""
    rand = rng.random
    cal = clock.calendar
    n = len(pending)
    # 1. Reception: counters at registration; online ones within a few working hours.
    regs = [s[6] for s in pending]
    recv_online = clock.hours_after(regs, [(1 + int(rand() * (7 - 1))) for _ in range(n)])
    recv = [recv_online[i] if pending[i][3] else regs[i] for i in range(n)]
    channels = [Channel.ONLINE if s[3] else Channel.IN_PERSON for s in pending]
    # 2. Statutory due from the procedure's limit for the channel (bulk engine).
    lim = [s[2].limits[channels[i]] for i, s in enumerate(pending)]
    amounts = [max(1, x[0]) for x in lim]
    dues = cal.due_many(recv, amounts, [x[1] for x in lim], [x[2] for x in lim])
    zero = [i for i in range(n) if lim[i][0] == 0]
    if zero:  # "within the day": the end of the effective receipt day
        firsts = clock.hours_after([recv[i] for i in zero], [1] * len(zero))
        for i, t in zip(zero, firsts, strict=True):
            local_day = (t + UTC_OFFSET) // DAY
            dues[i] = local_day * DAY + 17 * 3600 - UTC_OFFSET
    # 3. Working-hour offsets of every later step, placed by one bulk engine call.
    plans: list[dict[str, Any]] = []
    starts: list[int] = []
    hours: list[int] = []
    for i, s in enumerate(pending):
        plan: dict[str, Any] = {"refused": s[3] and rand() < mix.refused_online}
        plans.append(plan)
        if plan["refused"]:
            continue
        h = max(2, lim[i][5])
        st = 1 if h <= 8 else (1 + int(rand() * (4 - 1)))
        steps: list[tuple[str, int]] = [("start", st)]
        pause_total = 0
        at = st
        sups = 0
        if rand() < mix.supplement:
            sups = 2 if rand() < mix.second_supplement else 1
        late = rand() < mix.late
        for _k in range(sups):
            at += max(1, int(rand() * max(1, h - at) * 0.5))
            length = 4 + int(rand() * (49 - 4))
            steps.append(("request_supplement", at))
            at += length
            pause_total += length
            steps.append(("supplement_received", at))
        if late:
            fin = h + pause_total + (4 + int(rand() * (40 + h // 2 - 4)))
            if rand() < mix.apology:
                steps.append(("reschedule", max(at + 1, h + pause_total - 4)))
        else:
            fin = max(at + 1, int((h + pause_total) * (0.15 + 0.7 * rand())))
        fin = max(fin, at + 1)
        u = rand()
        if u < mix.stopped:
            steps.append(("stop", fin))
        elif u < mix.stopped + mix.withdrawn:
            steps.append(("withdraw", max(at + 1, fin // 2)))
        else:
            steps.append(("finish", fin))
            steps.append(("return_result", fin + (1 + int(rand() * (17 - 1)))))
        plan["steps"] = steps
        plan["k0"] = len(starts)
        for _name, off in steps:
            starts.append(recv[i])
            hours.append(off)
    moments = clock.hours_after(starts, hours)

    dossier_rows: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    for i, s in enumerate(pending):
        pk, code, proc, online, receiving, resolving, reg = s
        plan = plans[i]
        channel = channels[i]
        a = int(pool * rand() ** 1.6)  # some applicants come back often
        enterprise = rand() < mix.enterprise
        if enterprise:
            kind = ApplicantKind.ENTERPRISE
            id_number = f"36{a:08d}"
            name = f"Công ty TNHH {_COMPANY[a % len(_COMPANY)]} {a % 997}"
        else:
            kind = ApplicantKind.CITIZEN
            id_number = f"0752{a:08d}"
            name = f"{_FAMILY[a % 16]} {_MIDDLE[(a // 16) % 11]} {_GIVEN[(a // 176) % len(_GIVEN)]}"
        mac = secret.copy()
        mac.update(id_number.encode())
        akey = mac.hexdigest()
        phone = f"09{a % 100000000:08d}"
        email = f"nguoidan{a}@example.vn" if rand() < mix.email else ""
        address = f"Tổ {a % 40 + 1}, {unit_name.get(resolving, 'Đồng Nai')}"
        vneid = rand() < (mix.vneid_online if online else mix.vneid_counter)
        receiver = pick({}, receiving)
        handler = pick({}, resolving)
        ev: list[tuple[Any, ...]] = []
        status = Status.SUBMITTED if online else Status.RECEIVED
        received_at: int | None = None
        due = orig_due = None
        resched: int | None = None
        finished = returned = None
        timeliness = ""
        sup_count = 0
        pause_started = None
        outcome = missing = ""
        has_e = False
        last_at = reg
        lim_i = lim[i]

        def add(
            action: str,
            frm: str,
            to: str,
            at: int,
            actor: int | None,
            unit: int,
            note: str = "",
            due_after: int | None = None,
            ev: list[tuple[Any, ...]] = ev,
        ) -> None:
            ev.append((action, frm, to, NATIONAL_CODE[to], at, actor, unit, note, due_after))

        if online:
            add("submit", "", Status.SUBMITTED, reg, None, resolving)
        if plan["refused"]:
            if recv_online[i] <= end_ts:
                add(
                    "refuse",
                    Status.SUBMITTED,
                    Status.REFUSED,
                    recv_online[i],
                    receiver,
                    receiving,
                    REFUSE_NOTES[0],
                )
                status = Status.REFUSED
                outcome = REFUSE_NOTES[0]
                last_at = recv_online[i]
        elif recv[i] <= end_ts:
            received_at = recv[i]
            due = orig_due = dues[i]
            add(
                "receive",
                Status.SUBMITTED if online else "",
                Status.RECEIVED,
                recv[i],
                receiver,
                receiving,
                "",
                due,
            )
            status = Status.RECEIVED
            last_at = recv[i]
            pauses: list[tuple[dt.datetime, dt.datetime]] = []
            req_at = 0
            for j, (action, _off) in enumerate(plan["steps"]):
                at = moments[plan["k0"] + j]
                if at > end_ts:
                    break  # later steps have not happened yet
                at = max(at, last_at)
                if action == "start":
                    add("start", status, Status.IN_PROCESS, at, handler, resolving, "", due)
                    status = Status.IN_PROCESS
                elif action == "request_supplement":
                    note = SUPPLEMENT_NOTES[int(rand() * (len(SUPPLEMENT_NOTES)))]
                    add(
                        action,
                        status,
                        Status.SUPPLEMENT,
                        at,
                        handler,
                        resolving,
                        note,
                        resched or due,
                    )
                    status = Status.SUPPLEMENT
                    sup_count += 1
                    pause_started = at
                    missing = note
                    req_at = at
                elif action == "supplement_received":
                    pauses.append(
                        (dt.datetime.fromtimestamp(req_at, TZ), dt.datetime.fromtimestamp(at, TZ))
                    )
                    due = _due_with_pauses(cal, received_at, lim_i, pauses, orig_due)
                    add(
                        action,
                        status,
                        Status.IN_PROCESS,
                        at,
                        receiver,
                        receiving,
                        "",
                        resched or due,
                    )
                    status = Status.IN_PROCESS
                    pause_started = None
                    missing = ""
                elif action == "reschedule":
                    assert due is not None  # noqa: S101  # set at reception
                    resched = clock.hours_after([due], [(16 + int(rand() * (80 - 16)))])[0]
                    add(
                        action,
                        status,
                        status,
                        at,
                        pick(leaders, resolving),
                        resolving,
                        APOLOGY_NOTES[0],
                        resched,
                    )
                elif action == "finish":
                    add(action, status, Status.DONE, at, handler, resolving, "", resched or due)
                    status = Status.DONE
                    finished = at
                    assert due is not None  # noqa: S101  # set at reception
                    timeliness = _timeliness(at, due)
                    has_e = proc.returns_document and rand() < mix.e_result
                elif action == "return_result":
                    add(
                        action, status, Status.RETURNED, at, receiver, receiving, "", resched or due
                    )
                    status = Status.RETURNED
                    returned = at
                elif action in ("stop", "withdraw"):
                    target = Status.STOPPED if action == "stop" else Status.WITHDRAWN
                    note = STOP_NOTES[0] if action == "stop" else WITHDRAW_NOTES[0]
                    actor = pick(leaders, resolving) if action == "stop" else receiver
                    add(action, status, target, at, actor, resolving, note, resched or due)
                    status = target
                    finished = at
                    outcome = note
                    pause_started = None
                    missing = ""
                last_at = at
        # Flags (spec §2.12, as `refresh_flags` derives them).
        any_digitised = rand() < mix.component_digitised
        digitised = any_digitised and (not proc.returns_document or has_e)
        reused = rand() < mix.reused
        store = rand() < mix.data_store
        to_store = has_e and rand() < mix.e_result_to_store
        fee = proc.fee
        synced = last_at + (30 + int(rand() * (900 - 30))) if rand() < mix.synced else None
        if synced is not None and synced > end_ts:
            synced = None
        row: tuple[Any, ...] = (
            pk,
            code,
            proc.pk,
            proc.case_id,
            channel,
            channel,
            "",
            name,
            kind,
            id_number,
            akey,
            phone,
            email,
            address,
            vneid,
            receiving,
            resolving,
            receiving,
            receiver if received_at is not None else None,
            handler if status not in (Status.SUBMITTED, Status.RECEIVED, Status.REFUSED) else None,
            status,
            reg,
            received_at,
            lim_i[3] if received_at is not None or online else None,
            lim_i[4] if received_at is not None or online else "",
            lim_i[2] if received_at is not None or online else "",
            orig_due,
            due,
            resched,
            APOLOGY_NOTES[0] if resched else "",
            finished,
            returned,
            timeliness,
            sup_count,
            pause_started,
            outcome,
            missing,
            digitised if received_at is not None else False,
            reused if received_at is not None else False,
            store if received_at is not None else False,
            has_e,
            to_store,
            fee,
            online and fee > 0 and received_at is not None,
            synced,
            1 + len(ev),
            reg,
            last_at,
        )
        dossier_rows.append(row)
        for e in ev:
            events.append((next_event, pk, *e))
            next_event += 1
    return Batch(dossier_rows, events, []), next_event


def _due_with_pauses(
    cal: WorkingCalendar,
    received_at: int,
    lim: tuple[int, str, str, str, str, int],
    pauses: list[tuple[dt.datetime, dt.datetime]],
    fallback: int | None,
) -> int | None:
    """The statutory due moved by the closed supplement pauses (the engine's scalar path,
    as `services.transitions._due_with_pauses` computes it)."""
    if lim[0] <= 0:
        return fallback
    start = dt.datetime.fromtimestamp(received_at, TZ)
    return int(cal.due(start, lim[0], lim[1], lim[2], pauses).timestamp())


def _timeliness(finished: int, due: int) -> str:
    """`clock.timeliness_of` on Unix seconds: late, early (earlier local date) or on time."""
    if finished > due:
        return Timeliness.LATE
    if (finished + UTC_OFFSET) // DAY < (due + UTC_OFFSET) // DAY:
        return Timeliness.EARLY
    return Timeliness.ON_TIME


# --- sinks -----------------------------------------------------------------------------------


class _Formatter:
    """COPY text lines from row tuples: times from two lookup tables, no datetime objects."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._sods = [
            f"{h:02d}:{m:02d}:{sec:02d}+07"
            for h in range(24)
            for m in range(60)
            for sec in range(60)
        ]

    def ts(self, t: int | None) -> str:
        if t is None:
            return "\\N"
        local = t + UTC_OFFSET
        d, sod = divmod(local, DAY)
        day = self._days.get(d)
        if day is None:
            day = (dt.date(1970, 1, 1) + dt.timedelta(days=d)).isoformat() + " "
            self._days[d] = day
        return day + self._sods[sod]

    def dossier(self, r: tuple[Any, ...]) -> str:
        ts = self.ts
        return (
            f"{r[0]}\t{r[1]}\t{r[2]}\t{_n(r[3])}\t{r[4]}\t{r[5]}\t{r[6]}\t{r[7]}\t{r[8]}\t"
            f"{r[9]}\t{r[10]}\t{r[11]}\t{r[12]}\t{r[13]}\t{_b(r[14])}\t{r[15]}\t{r[16]}\t"
            f"{r[17]}\t{_n(r[18])}\t{_n(r[19])}\t{r[20]}\t{ts(r[21])}\t{ts(r[22])}\t"
            f"{_n(r[23])}\t{r[24]}\t{r[25]}\t{ts(r[26])}\t{ts(r[27])}\t{ts(r[28])}\t{r[29]}\t"
            f"{ts(r[30])}\t{ts(r[31])}\t{r[32]}\t{r[33]}\t{ts(r[34])}\t{r[35]}\t{r[36]}\t"
            f"{_b(r[37])}\t{_b(r[38])}\t{_b(r[39])}\t{_b(r[40])}\t{_b(r[41])}\t{r[42]}\t"
            f"{_b(r[43])}\t{ts(r[44])}\t{r[45]}\t{ts(r[46])}\t{ts(r[47])}\n"
        )

    def event(self, r: tuple[Any, ...]) -> str:
        ts = self.ts
        actor = "\\N" if r[7] is None else r[7]
        due = "\\N" if r[10] is None else ts(r[10])
        return (
            f"{r[0]}\t{r[1]}\t{r[2]}\t{r[3]}\t{r[4]}\t{r[5]}\t{ts(r[6])}\t{actor}\t"
            f"{r[8]}\t{r[9]}\t{due}\n"
        )


def _n(v: Any) -> Any:
    return "\\N" if v is None else v


def _b(v: Any) -> str:
    return "t" if v else "f"


def _table_ddl(cursor: Any, table: str) -> tuple[list[str], list[str]]:
    """(drop statements, create statements) of the table's secondary indexes, unique and
    foreign-key constraints: dropped before a bulk COPY, recreated after (much faster)."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype IN ('u', 'f') ORDER BY conname",
        [table],
    )
    constraints = cursor.fetchall()
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT EXISTS ("
        " SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [table],
    )
    indexes = cursor.fetchall()
    drops = [f'ALTER TABLE {table} DROP CONSTRAINT "{name}"' for name, _d in constraints]
    drops += [f"DROP INDEX {name}" for name, _d in indexes]
    creates = [ddl for _n, ddl in indexes]
    creates += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {d}' for name, d in constraints]
    return drops, creates


def _next_ids() -> tuple[int, int]:
    last_d = Dossier.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_e = DossierEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last_d + 1, last_e + 1


def _existing_counters() -> dict[tuple[int, dt.date], int]:
    return {
        (u, d): n for u, d, n in DossierCodeCounter.objects.values_list("unit_id", "day", "last")
    }


def copy_load(
    profile: Profile,
    *,
    dossiers: int,
    start: dt.date,
    end: dt.datetime,
    seed: int = 1,
    mix: Mix | None = None,
    rebuild_indexes: bool = True,
    chunk: int = 20000,
    progress: Callable[[LoadStats], None] | None = None,
) -> LoadStats:
    """Generate and COPY dossiers, events and code counters into PostgreSQL (appends).

    With `rebuild_indexes` the secondary indexes, unique and foreign-key constraints of the
    two big tables are dropped first and recreated after the load (one sort each instead of
    millions of index inserts and per-row foreign-key checks), then ANALYZE.
    """
    if connection.vendor != "postgresql":
        raise ValueError("copy_load needs PostgreSQL; use bulk_load.")
    stats = LoadStats()
    fmt = _Formatter()
    first_id, first_event = _next_ids()
    counters_from = _existing_counters()
    # Every query before the COPYs start: the connection is busy until they end.
    calendar = calendar_load(range(start.year - 1, end.astimezone(TZ).year + 3))
    tables = (Dossier._meta.db_table, DossierEvent._meta.db_table)
    t_all = time.perf_counter()
    with connection.cursor() as cursor:
        creates: list[str] = []
        if rebuild_indexes:
            # The event table first: its foreign key points at the dossier table.
            for table in reversed(tables):
                drops, more = _table_ddl(cursor, table)
                for sql in drops:
                    cursor.execute(sql)
                creates = more + creates if table == tables[1] else creates + more
            # Dossier indexes first, then the event table's (its FK needs dossier's PK only).
        d_cols = ", ".join(DOSSIER_COLUMNS)
        e_cols = ", ".join(EVENT_COLUMNS)
        batches = generate(
            profile,
            dossiers=dossiers,
            start=start,
            end=end,
            seed=seed,
            mix=mix,
            first_id=first_id,
            first_event_id=first_event,
            chunk=chunk,
            counters_from=counters_from,
            calendar=calendar,
        )
        counters: list[tuple[int, dt.date, int]] = []
        t_gen = 0.0

        def feed(write_d: Callable[[str], None], write_e: Callable[[str], None]) -> None:
            nonlocal counters, t_gen
            while True:
                t0 = time.perf_counter()
                batch = next(batches, None)
                if batch is None:
                    return
                d_text = "".join(map(fmt.dossier, batch.dossiers))
                e_text = "".join(map(fmt.event, batch.events))
                t_gen += time.perf_counter() - t0
                write_d(d_text)
                write_e(e_text)
                stats.dossiers += len(batch.dossiers)
                stats.events += len(batch.events)
                stats.status.update(r[_D["status"]] for r in batch.dossiers)
                counters = batch.counters or counters
                if progress:
                    stats.load_seconds = time.perf_counter() - t_all
                    progress(stats)

        d_sql = f"COPY {tables[0]} ({d_cols}) FROM STDIN"
        e_sql = f"COPY {tables[1]} ({e_cols}) FROM STDIN"
        if rebuild_indexes:
            # No foreign keys during the load: two connections, one long COPY each, so the
            # server parses one chunk while Python generates the next (both cores busy).
            with (
                psycopg.connect(**_psycopg_params(), autocommit=True) as events_conn,
                cursor.cursor.copy(d_sql) as d_copy,
                events_conn.cursor() as e_cursor,
                e_cursor.copy(e_sql) as e_copy,
            ):
                feed(d_copy.write, e_copy.write)
        else:

            def write_d(text: str) -> None:
                with cursor.cursor.copy(d_sql) as copy:
                    copy.write(text)

            def write_e(text: str) -> None:
                with cursor.cursor.copy(e_sql) as copy:
                    copy.write(text)

            feed(write_d, write_e)
        _write_counters(cursor, counters)
        stats.counters = len(counters)
        stats.generate_seconds = t_gen
        stats.load_seconds = time.perf_counter() - t_all
        t0 = time.perf_counter()
        for sql in creates:
            cursor.execute(sql)
        for table in tables:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608  # model table names
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        stats.index_seconds = time.perf_counter() - t0
        t0 = time.perf_counter()
        for table in (*tables, DossierCodeCounter._meta.db_table):
            cursor.execute(f"ANALYZE {table}")
        stats.analyze_seconds = time.perf_counter() - t0
    return stats


def _psycopg_params() -> dict[str, Any]:
    """Connection parameters of Django's default database, for a second connection."""
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return {k: v for k, v in params.items() if v is not None and k != "options" or v}


def _write_counters(cursor: Any, counters: list[tuple[int, dt.date, int]]) -> None:
    """Upsert the code counters: the next reception continues the numbering."""
    table = DossierCodeCounter._meta.db_table
    cursor.execute("CREATE TEMP TABLE _gen_counter (unit_id int, day date, last int)")
    with cursor.cursor.copy("COPY _gen_counter (unit_id, day, last) FROM STDIN") as copy:
        copy.write("".join(f"{u}\t{d.isoformat()}\t{n}\n" for u, d, n in counters))
    cursor.execute(
        f"INSERT INTO {table} (unit_id, day, last) SELECT unit_id, day, last FROM _gen_counter "  # noqa: S608  # model table name
        "ON CONFLICT (unit_id, day) DO UPDATE SET last = GREATEST("
        f"{table}.last, EXCLUDED.last)"
    )
    cursor.execute("DROP TABLE _gen_counter")


def _aware(t: int | None) -> dt.datetime | None:
    return None if t is None else dt.datetime.fromtimestamp(t, TZ)


def bulk_load(
    profile: Profile,
    *,
    dossiers: int,
    start: dt.date,
    end: dt.datetime,
    seed: int = 1,
    mix: Mix | None = None,
    chunk: int = 5000,
    on_batch: Callable[[list[Dossier], Batch], None] | None = None,
) -> LoadStats:
    """Generate dossiers and events with Django `bulk_create` (SQLite, small runs).

    `on_batch(dossiers, batch)` sees each saved chunk (the demo adds results, evaluations
    and components from it). Appends; one transaction.
    """
    stats = LoadStats()
    t_all = time.perf_counter()
    first_id, first_event = _next_ids()
    with transaction.atomic():
        counters_from = _existing_counters()
        for batch in generate(
            profile,
            dossiers=dossiers,
            start=start,
            end=end,
            seed=seed,
            mix=mix,
            first_id=first_id,
            first_event_id=first_event,
            chunk=chunk,
            counters_from=counters_from,
        ):
            objs = []
            for r in batch.dossiers:
                values = dict(zip(DOSSIER_COLUMNS, r, strict=True))
                for name in _TIME_COLUMNS:
                    values[name] = _aware(values[name])
                if values["limit_amount"] is not None:
                    values["limit_amount"] = Decimal(values["limit_amount"])
                objs.append(Dossier(**values))
            Dossier.objects.bulk_create(objs, batch_size=1000)
            # auto_now(_add) overwrote these: put back the generated moments.
            evs = [
                DossierEvent(
                    id=e[0],
                    dossier_id=e[1],
                    action=e[2],
                    from_status=e[3],
                    to_status=e[4],
                    national_code=e[5],
                    at=dt.datetime.fromtimestamp(e[6], TZ),
                    actor_id=e[7],
                    unit_id=e[8],
                    note=e[9],
                    due_at=_aware(e[10]),
                )
                for e in batch.events
            ]
            DossierEvent.objects.bulk_create(evs, batch_size=2000)
            stats.dossiers += len(objs)
            stats.events += len(evs)
            stats.status.update(o.status for o in objs)
            if batch.counters:
                existing = set(counters_from)
                DossierCodeCounter.objects.bulk_create(
                    [
                        DossierCodeCounter(unit_id=u, day=d, last=n)
                        for u, d, n in batch.counters
                        if (u, d) not in existing
                    ],
                    batch_size=2000,
                )
                for u, d, n in batch.counters:
                    if (u, d) in existing and counters_from[(u, d)] != n:
                        DossierCodeCounter.objects.filter(unit_id=u, day=d).update(last=n)
                stats.counters = len(batch.counters)
            if on_batch:
                on_batch(objs, batch)
        _restore_stamps(first_id)
        _reset_sequences()
    stats.load_seconds = time.perf_counter() - t_all
    return stats


def _reset_sequences() -> None:
    """Ids were given explicitly (events point at their dossier): move the database's id
    sequences past them, or the next dossier a service saves would reuse an id (PostgreSQL;
    SQLite takes max(id) + 1 by itself)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), [Dossier, DossierEvent])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _restore_stamps(first_id: int) -> None:
    """`created_at`/`updated_at` are auto fields: set them to registration / last event."""
    last = (
        DossierEvent.objects.filter(dossier=OuterRef("pk"))
        .order_by()
        .values("dossier")
        .annotate(m=Max("at"))
        .values("m")
    )
    Dossier.objects.filter(pk__gte=first_id).update(
        created_at=F("registered_at"),
        updated_at=Coalesce(Subquery(last), F("registered_at")),
    )
