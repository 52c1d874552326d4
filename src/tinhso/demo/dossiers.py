"""The dossier demo for Đồng Nai: ~20,000 dossiers from 1 July 2025 to now, with events,
results, components and evaluations, and a few open dossiers in the demo officers' queues.

Run after the units, the procedures and the demo accounts (`seed_demo`). The bulk of the
history comes from the scale generator (`dossiers/generator.py`, `bulk_load`) for the 25
sourced procedures: commune procedures resolved by the communes, some received elsewhere
(boundary-free), the timeline cut at now so recent dossiers are still open. The figures a
page shows (digitised, e-result, online shares, satisfaction) are computed from these rows;
none is typed in. Then, through the real services (so events, outbox and audit are real), a
handful of open dossiers for Xã Phú Lý and Phường Biên Hòa: due today, due within two working
days, overdue, supplement requested, supplement returned, an online submission to receive,
and one received at Biên Hòa for Phú Lý.

Demo assumption (no source at hand): the province's boundary-free list holds the civil
status and certification procedures of `BOUNDARY_FREE_CODES`; they are marked so here.
Idempotent: a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from tinhso.accounts.models import User
from tinhso.dossiers import generator, services
from tinhso.dossiers.models import (
    END_STATES,
    ComponentSource,
    Dossier,
    DossierComponent,
    DossierResult,
    Evaluation,
    SatisfactionQuestion,
    Status,
)
from tinhso.dossiers.services.evaluation import level_for
from tinhso.procedures.models import Channel, Procedure, ProcedureComponent
from tinhso.units.models import Unit
from tinhso.workcalendar.selectors import calendar_load

PROVINCE_CODE = "75"
START = dt.date(2025, 7, 1)
DOSSIERS = 20_000
SEED = 2025
PHU_LY = "26173"
BIEN_HOA = "26068"
# Civil status and certification: received regardless of administrative boundaries (demo).
BOUNDARY_FREE_CODES = (
    "1.000656",
    "1.000894",
    "1.001193",
    "1.004837",
    "1.004873",
    "2.000635",
    "2.000815",
    "2.000884",
)
EVALUATED = 0.3
SCENARIO_PROCEDURE = "1.004837"  # đăng ký giám hộ: 3 working days in the record


@dataclass(frozen=True)
class DossierSummary:
    dossiers: int
    events: int
    results: int
    evaluations: int
    components: int
    scenarios: int


def seed_dossiers(stdout: Any = None) -> DossierSummary:
    """Seed the dossier demo once (idempotent: nothing is created when dossiers exist)."""
    if Dossier.objects.filter(resolving_unit__province_code=PROVINCE_CODE).exists():
        return DossierSummary(0, 0, 0, 0, 0, 0)
    Procedure.objects.filter(code__in=BOUNDARY_FREE_CODES, is_synthetic=False).update(
        boundary_free=True
    )
    procedures = Procedure.objects.filter(is_synthetic=False, status="active")
    profile = generator.profile_load(province_code=PROVINCE_CODE, procedures=procedures, seed=SEED)
    extras = _Extras(seed=SEED)
    now = timezone.now()
    with transaction.atomic():
        stats = generator.bulk_load(
            profile,
            dossiers=DOSSIERS,
            start=START,
            end=now,
            seed=SEED,
            on_batch=extras.add,
        )
        extras.finish()
        scenarios = _scenarios(now)
    summary = DossierSummary(
        dossiers=stats.dossiers + scenarios,
        events=stats.events,
        results=extras.results,
        evaluations=extras.evaluations,
        components=extras.components,
        scenarios=scenarios,
    )
    if stdout is not None:
        stdout.write(
            f"  {summary.dossiers} dossiers, {summary.events} events, {summary.results} results,"
            f" {summary.evaluations} evaluations, {summary.components} components"
        )
    return summary


class _Extras:
    """Results, components and evaluations of each generated chunk (in time order), so that
    a later dossier of the same applicant can re-use an earlier electronic result."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311  # demo data, not security
        self.latest_result: dict[str, tuple[int, dt.datetime]] = {}
        self.not_reused: list[int] = []
        self.results = self.evaluations = self.components = 0
        self.questions = list(
            SatisfactionQuestion.objects.filter(valid_from__lte=START)
            .exclude(valid_to__lt=START)
            .order_by("position", "pk")
        )
        self.case_components: dict[int, list[tuple[int | None, str]]] = {}
        for pk, case_id, name in ProcedureComponent.objects.order_by(
            "case_id", "position", "pk"
        ).values_list("pk", "case_id", "name"):
            self.case_components.setdefault(case_id, []).append((pk, name))
        self.result_names = dict(
            Procedure.objects.filter(is_synthetic=False).values_list("pk", "result")
        )
        self.returns_document = dict(
            Procedure.objects.filter(is_synthetic=False).values_list("pk", "returns_document")
        )

    def add(self, dossiers: list[Dossier], _batch: generator.Batch) -> None:
        rng = self.rng
        components: list[DossierComponent] = []
        results: list[DossierResult] = []
        evaluations: list[Evaluation] = []
        for d in dossiers:
            if d.received_at is not None:
                components += self._components(d)
            if d.status in (Status.DONE, Status.RETURNED) and d.finished_at is not None:
                name = self.result_names.get(d.procedure_id) or "Kết quả giải quyết"
                results.append(
                    DossierResult(
                        dossier_id=d.pk,
                        name=name.split("\n")[0][:300],
                        result_code=f"KQ-{d.code}",
                        is_electronic=d.has_e_result,
                        issued_at=d.finished_at,
                        applicant_key=d.applicant_key,
                        pushed_to_store=d.e_result_to_store,
                    )
                )
            if d.status in END_STATES and d.finished_at and rng.random() < EVALUATED:
                evaluations.append(self._evaluation(d))
        DossierComponent.objects.bulk_create(components, batch_size=2000)
        saved = DossierResult.objects.bulk_create(results, batch_size=2000)
        for r in saved:
            if r.is_electronic and r.applicant_key and r.pk:
                self.latest_result[r.applicant_key] = (r.pk, r.issued_at)
        Evaluation.objects.bulk_create(evaluations, batch_size=2000)
        self.components += len(components)
        self.results += len(results)
        self.evaluations += len(evaluations)

    def _components(self, d: Dossier) -> list[DossierComponent]:
        """The case's components (at most four): digitised as the dossier's flags say; the
        first one re-used from the applicant's latest earlier e-result when there is one."""
        lines = self.case_components.get(d.case_id or 0, [])[:4] or [(None, "Tờ khai")]
        needs_result = self.returns_document.get(d.procedure_id, True)
        # `is_digitised` = a file attached and, where needed, an e-result (refresh_flags):
        # a dossier not digitised only because its e-result is missing still has files.
        files = d.is_digitised or (needs_result and not d.has_e_result and d.received_at)
        earlier = self.latest_result.get(d.applicant_key)
        reuse = d.has_reused and earlier is not None and earlier[1] < d.registered_at
        if d.has_reused and not reuse:
            self.not_reused.append(d.pk)
        out = []
        for position, (component_id, name) in enumerate(lines):
            source = (
                ComponentSource.UPLOAD if d.channel == Channel.ONLINE else ComponentSource.PAPER
            )
            reused_result = None
            if position == 0 and reuse and earlier is not None:
                source, reused_result = ComponentSource.REUSED, earlier[0]
            elif position == 1 and d.from_data_store:
                source = ComponentSource.DATA_STORE
            out.append(
                DossierComponent(
                    dossier_id=d.pk,
                    component_id=component_id,
                    position=position,
                    name=name[:500],
                    source=source,
                    digitised=bool(files),
                    reused_result_id=reused_result,
                )
            )
        return out

    def _evaluation(self, d: Dossier) -> Evaluation:
        rng = self.rng
        happy = rng.random() < 0.9
        scores = {
            q.code: (2 if rng.random() < 0.8 else 1) if happy else rng.choice((0, 1, 1, 2))
            for q in self.questions
        }
        total = sum(scores.values())
        max_total = sum(q.max_score for q in self.questions)
        assert d.finished_at is not None  # noqa: S101  # filtered by the caller
        moment = (d.returned_at or d.finished_at) + dt.timedelta(minutes=rng.randrange(5, 600))
        return Evaluation(
            dossier_id=d.pk,
            channel=d.channel,
            scores=scores,
            total=total,
            max_total=max_total,
            level=level_for(total, max_total),
            comment="",
            created_at=min(moment, timezone.now()),
        )

    def finish(self) -> None:
        """A dossier flagged as re-using data whose applicant had no earlier e-result did
        not re-use anything: the flag follows the components (as `refresh_flags` does)."""
        for i in range(0, len(self.not_reused), 500):
            Dossier.objects.filter(pk__in=self.not_reused[i : i + 500]).update(has_reused=False)


# --- open dossiers for the demo officers' queues ---------------------------------------------


def _scenarios(now: dt.datetime) -> int:
    """Open dossiers through the real services (see the module docstring)."""
    units = {
        u.code: u
        for u in Unit.objects.current().filter(
            province_code=PROVINCE_CODE, level__code="commune", code__in=[PHU_LY, BIEN_HOA]
        )
    }
    officers = {
        u.username: u for u in User.objects.filter(username__in=["phuly.canbo", "bienhoa.canbo"])
    }
    procedure = Procedure.objects.filter(code=SCENARIO_PROCEDURE, is_synthetic=False).first()
    if len(units) < 2 or len(officers) < 2 or procedure is None:
        return 0
    today = timezone.localdate(now)
    calendar = calendar_load(range(today.year - 1, today.year + 2))
    tz = timezone.get_current_timezone()

    def received_for_due(due_day: dt.date) -> dt.datetime | None:
        """A reception moment (09:00) whose 3-working-day due falls on `due_day`."""
        day = calendar.add_working_days(calendar.next_working_day(due_day), -3)
        moment = dt.datetime.combine(day, dt.time(9, 0), tzinfo=tz)
        return moment if moment < now else None

    next_day = calendar.next_working_day(today)
    soon = calendar.add_working_days(next_day, 1)
    overdue = calendar.add_working_days(next_day, -3)
    plans = [
        # (receiving, resolving, officer, due day, steps)
        (PHU_LY, PHU_LY, "phuly.canbo", today, ["start"]),
        (PHU_LY, PHU_LY, "phuly.canbo", soon, []),
        (PHU_LY, PHU_LY, "phuly.canbo", overdue, ["start"]),
        (PHU_LY, PHU_LY, "phuly.canbo", soon, ["start", "request_supplement"]),
        (PHU_LY, PHU_LY, "phuly.canbo", soon, ["start", "request_supplement", "returned"]),
        (BIEN_HOA, PHU_LY, "bienhoa.canbo", soon, []),
        (BIEN_HOA, BIEN_HOA, "bienhoa.canbo", today, ["start"]),
        (BIEN_HOA, BIEN_HOA, "bienhoa.canbo", overdue, ["start"]),
        (BIEN_HOA, BIEN_HOA, "bienhoa.canbo", soon, ["start", "request_supplement"]),
    ]
    case = procedure.cases.filter(is_default=True).first() or procedure.cases.first()
    components = [
        services.ComponentInput(component_id=c.pk)
        for c in (case.components.order_by("position", "pk") if case else [])
    ]
    names = ["Lê Thị Hoa", "Trần Văn Bình", "Phạm Minh Châu", "Ngô Thị Dung", "Võ Văn Em"]
    created = 0
    for n, (receiving, resolving, officer, due_day, steps) in enumerate(plans):
        if due_day == today and not calendar.is_working_day(today):
            due_day = next_day
        received = received_for_due(due_day)
        if received is None:
            continue
        actor = officers[officer]
        dossier = services.dossier_receive(
            actor=actor,
            receiving_unit=units[receiving],
            resolving_unit=units[resolving],
            procedure=procedure,
            applicant=services.Applicant(
                name=names[n % len(names)],
                id_number=f"0792{n + 1:08d}",
                phone=f"0918{n + 1:06d}",
            ),
            components=components,
            received_at=received,
            summary="Đăng ký giám hộ cho cháu ruột (hồ sơ minh họa)",
        )
        resolver = officers["phuly.canbo" if resolving == PHU_LY else "bienhoa.canbo"]
        moment = received + dt.timedelta(hours=1)
        for step in steps:
            moment = min(moment + dt.timedelta(hours=2), now)
            if step == "returned":
                services.dossier_transition(
                    actor=resolver, dossier=dossier, action="supplement_received", at=moment
                )
            elif step == "request_supplement":
                services.dossier_transition(
                    actor=resolver,
                    dossier=dossier,
                    action="request_supplement",
                    note="Bổ sung bản sao giấy khai sinh của người được giám hộ.",
                    at=moment,
                )
            else:
                services.dossier_transition(actor=resolver, dossier=dossier, action=step, at=moment)
            dossier.refresh_from_db()
        created += 1
    # An online submission waiting at Phú Lý's counter.
    online = procedures_online(PHU_LY)
    if online is not None:
        services.dossier_submit_online(
            actor=officers["phuly.canbo"],
            resolving_unit=units[PHU_LY],
            procedure=online,
            applicant=services.Applicant(name="Đỗ Văn Giang", id_number="079201009999"),
            submitted_at=now - dt.timedelta(hours=3),
        )
        created += 1
    return created


def procedures_online(_unit_code: str) -> Procedure | None:
    """A sourced commune procedure offered online (for the waiting online submission)."""
    return Procedure.objects.filter(is_synthetic=False, at_commune=True, code="1.001193").first()
