"""The timeline of one synthetic dossier (states, events, due moments)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from typing import Any

from tinhso.dossiers.models import (
    NATIONAL_CODE,
    ApplicantKind,
    Status,
    Timeliness,
)
from tinhso.procedures.models import Channel
from tinhso.workcalendar.deadlines import TZ, WorkingCalendar

from .profile import Batch, Mix
from .rows import (
    _COMPANY,
    _FAMILY,
    _GIVEN,
    _MIDDLE,
    APOLOGY_NOTES,
    DAY,
    HC,
    REFUSE_NOTES,
    STOP_NOTES,
    SUPPLEMENT_NOTES,
    UTC_OFFSET,
    WH,
    WITHDRAW_NOTES,
)


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
