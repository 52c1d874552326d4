"""Rules of reception, the clock, pauses, apology, results, re-use, outbox and evaluation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tinhso.accounts.access import AccessDenied, Action, scope
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.dossiers import services
from tinhso.dossiers.models import (
    ComponentSource,
    Dossier,
    DossierCodeCounter,
    OutboxChannel,
    OutboxMessage,
    Status,
)
from tinhso.dossiers.tests.factories import TZ, received
from tinhso.procedures.models import Channel, ProcedureTimeLimit
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

WED = dt.datetime(2025, 10, 1, 9, 0, tzinfo=TZ)  # Wednesday 1 Oct 2025


def at(day: int, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(2025, 10, day, hour, minute, tzinfo=TZ)


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


def step(dossier, action, when, actor=None, **kwargs):
    actor = actor or UserFactory(is_superuser=True)
    return services.dossier_transition(
        actor=actor, dossier=dossier, action=action, at=when, **kwargs
    )


# ------------------------------------------------------------------ reception


def test_code_is_unit_date_and_daily_sequence():
    unit = UnitFactory(code="26173")
    first = received(unit, at=WED)
    second = received(unit, at=WED + dt.timedelta(hours=1))
    other_day = received(unit, at=at(2))
    assert first.code == "26173-251001-0001"
    assert second.code == "26173-251001-0002"
    assert other_day.code == "26173-251002-0001"


def test_due_counts_working_days_from_the_day_after_receipt():
    d = received(at=WED)  # 3 working days (factory procedure, in person)
    assert local(d.due_at) == dt.datetime(2025, 10, 6, 17, 0, tzinfo=TZ)
    assert d.original_due_at == d.due_at
    assert (d.limit_amount, d.limit_unit) == (Decimal(3), "working_days")


def test_after_the_15_00_cutoff_the_clock_starts_next_working_day():
    d = received(at=at(3, 15, 30))  # Friday 15:30 → counts from Monday
    assert local(d.due_at) == dt.datetime(2025, 10, 9, 17, 0, tzinfo=TZ)


def test_incomplete_dossier_is_not_received_and_nothing_is_saved():
    unit = UnitFactory()
    procedure = ProcedureFactory()
    officer = member(unit, "officer")
    with pytest.raises(ValidationError) as err:
        services.dossier_receive(
            actor=officer,
            receiving_unit=unit,
            procedure=procedure,
            applicant=services.Applicant(name="Lê Văn A"),
            components=[],
        )
    assert "Tờ khai" in str(err.value.message_dict["components"])
    assert not Dossier.objects.exists()
    assert not DossierCodeCounter.objects.exists()


def test_a_component_marked_missing_blocks_reception():
    procedure = ProcedureFactory()
    component = procedure.cases.get().components.get()
    unit = UnitFactory()
    with pytest.raises(ValidationError):
        services.dossier_receive(
            actor=member(unit, "officer"),
            receiving_unit=unit,
            procedure=procedure,
            applicant=services.Applicant(name="Lê Văn A"),
            components=[
                services.ComponentInput(component_id=component.pk, source=ComponentSource.MISSING)
            ],
        )


def test_field_errors_for_bad_applicant_and_unit_level():
    unit = UnitFactory()
    department = UnitFactory(department=True)
    procedure = ProcedureFactory(boundary_free=True)  # commune level only
    with pytest.raises(ValidationError) as err:
        received(
            unit,
            resolving_unit=department,
            procedure=procedure,
            applicant=services.Applicant(name=" ", id_number="12ab"),
        )
    errors = err.value.message_dict
    assert set(errors) >= {"resolving_unit", "applicant_name", "applicant_id_number"}


def test_officer_needs_edit_on_the_receiving_unit():
    unit = UnitFactory()
    with pytest.raises(AccessDenied):
        received(unit, actor=member(unit, "viewer"))
    with pytest.raises(AccessDenied):
        received(unit, actor=member(UnitFactory(), "officer"))


def test_boundary_free_only_for_listed_procedures():
    a, b = UnitFactory(), UnitFactory()
    with pytest.raises(ValidationError) as err:
        received(a, resolving_unit=b, procedure=ProcedureFactory(boundary_free=False))
    assert "resolving_unit" in err.value.message_dict
    d = received(a, resolving_unit=b, procedure=ProcedureFactory(boundary_free=True))
    assert (d.receiving_unit, d.resolving_unit, d.return_unit) == (a, b, a)
    assert d.is_boundary_free


def test_boundary_free_dossier_is_seen_by_both_units_and_only_them():
    a, b, c = UnitFactory(), UnitFactory(), UnitFactory()
    d = received(a, resolving_unit=b)
    for unit, sees in ((a, True), (b, True), (c, False)):
        user = member(unit, "officer")
        assert scope(Dossier.objects.all(), user, Action.VIEW).filter(pk=d.pk).exists() is sees
    # Reading is shared, acting is not: the receiving counter cannot process it.
    assert (
        not scope(Dossier.objects.all(), member(a, "officer"), Action.EDIT).filter(pk=d.pk).exists()
    )
    with pytest.raises(AccessDenied):
        step(d, "start", timezone.now(), actor=member(a, "officer"))
    assert step(d, "start", timezone.now(), actor=member(b, "officer")).status == Status.IN_PROCESS


def test_missing_time_limit_must_be_entered_and_fractions_count_in_hours():
    procedure = ProcedureFactory()
    ProcedureTimeLimit.objects.filter(procedure=procedure).delete()
    ProcedureTimeLimit.objects.create(procedure=procedure, channel=Channel.IN_PERSON, note="?")
    with pytest.raises(ValidationError) as err:
        received(procedure=procedure, at=WED)
    assert "limit_amount" in err.value.message_dict
    d = received(procedure=procedure, at=WED, limit_amount="0.5", limit_unit="working_days")
    assert local(d.due_at) == dt.datetime(2025, 10, 1, 14, 30, tzinfo=TZ)  # 09:00 + 2.5 h + 1.5 h


def test_fee_of_the_channel_is_recorded():
    assert received().fee_total == 10000


# ------------------------------------------------------------------ clock


def test_supplement_pauses_the_clock_and_moves_the_due_date():
    d = received(at=WED)
    d = step(d, "start", at(1, 10))
    d = step(d, "request_supplement", at(2, 10), note="Thiếu bản sao giấy khai sinh")
    assert d.status == Status.SUPPLEMENT
    assert d.missing_items == "Thiếu bản sao giấy khai sinh"
    assert d.pause_started_at == at(2, 10)
    d = step(d, "supplement_received", at(6, 10))
    assert local(d.due_at) == dt.datetime(2025, 10, 9, 17, 0, tzinfo=TZ)
    assert local(d.original_due_at) == dt.datetime(2025, 10, 6, 17, 0, tzinfo=TZ)
    assert d.supplement_count == 1 and d.pause_started_at is None and d.missing_items == ""


def test_payment_wait_pauses_only_where_the_procedure_says_so():
    plain = received(at=WED)
    plain = step(step(plain, "start", at(1, 10)), "request_payment", at(2, 10))
    plain = step(plain, "payment_received", at(6, 10), paid_online=True)
    assert local(plain.due_at) == dt.datetime(2025, 10, 6, 17, 0, tzinfo=TZ)
    assert plain.paid_online
    land = received(
        at=WED, procedure=ProcedureFactory(boundary_free=True, payment_pauses_clock=True)
    )
    land = step(step(land, "start", at(1, 10)), "request_payment", at(2, 10))
    land = step(land, "payment_received", at(6, 10))
    assert local(land.due_at) == dt.datetime(2025, 10, 9, 17, 0, tzinfo=TZ)


@pytest.mark.parametrize(
    ("finished", "expected"),
    [(at(3, 10), "early"), (at(6, 16), "on_time"), (at(7, 8), "late")],
)
def test_timeliness_class_at_finish(finished, expected):
    d = step(received(at=WED), "start", at(1, 10))
    d = step(d, "finish", finished)
    assert (d.status, d.timeliness, d.finished_at) == (Status.DONE, expected, finished)


def test_apology_sets_one_new_appointment_and_statistics_keep_the_due():
    d = step(received(at=WED), "start", at(1, 10))
    with pytest.raises(ValidationError):
        step(d, "reschedule", at(3), note="Chờ xác minh", new_due_at=at(3))  # not later
    d = step(d, "reschedule", at(3), note="Chờ xác minh", new_due_at=at(10, 17))
    assert d.rescheduled_due_at == at(10, 17) and d.appointment_at == at(10, 17)
    with pytest.raises(DomainError) as err:
        step(d, "reschedule", at(6), note="Lần hai", new_due_at=at(14, 17))
    assert err.value.code == "already_rescheduled"
    d = step(d, "finish", at(8))  # within the new appointment, after the statutory due
    assert d.timeliness == "late"


@pytest.mark.parametrize("action", ["refuse", "stop", "withdraw", "request_supplement"])
def test_reasons_are_required(action):
    d = received(at=WED)
    if action == "refuse":
        d.status = Status.SUBMITTED
        d.save()
    with pytest.raises(ValidationError) as err:
        step(d, action, timezone.now(), note="  ")
    assert "note" in err.value.message_dict


def test_stop_and_withdraw_end_processing_with_the_reason():
    d = step(received(at=WED), "stop", at(2), note="Không đủ điều kiện theo Điều 5")
    assert d.status == Status.STOPPED and d.finished_at == at(2)
    assert d.outcome_reason == "Không đủ điều kiện theo Điều 5"


def test_stale_version_is_a_conflict_and_changes_nothing():
    d = received(at=WED)
    with pytest.raises(ConcurrentEditError):
        services.dossier_transition(
            actor=UserFactory(is_superuser=True),
            dossier=d,
            action="start",
            expected_version=d.version + 1,
        )
    assert Dossier.objects.get(pk=d.pk).status == Status.RECEIVED


def test_a_step_cannot_be_dated_before_the_last_one_or_in_the_future():
    d = received(at=WED)
    with pytest.raises(ValidationError):
        step(d, "start", at(1, 8))
    with pytest.raises(ValidationError):
        step(d, "start", timezone.now() + dt.timedelta(days=1))


# ------------------------------------------------------------------ online


def test_online_dossier_has_no_clock_until_received():
    unit = UnitFactory()
    procedure = ProcedureFactory()
    officer = member(unit, "officer")
    d = services.dossier_submit_online(
        actor=officer,
        resolving_unit=unit,
        procedure=procedure,
        applicant=services.Applicant(name="Phạm Thị B"),
        submitted_at=WED,
    )
    assert (d.status, d.received_at, d.due_at, d.national_status) == (
        Status.SUBMITTED,
        None,
        None,
        1,
    )
    d = step(d, "receive", at(1, 10), actor=officer)
    assert d.received_at == at(1, 10)
    assert local(d.due_at) == dt.datetime(2025, 10, 6, 17, 0, tzinfo=TZ)


# ------------------------------------------------------------------ results and re-use


def test_e_result_and_digitisation_flags():
    scan = SimpleUploadedFile("to-khai.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    procedure = ProcedureFactory(boundary_free=True)
    component = procedure.cases.get().components.get()
    unit = UnitFactory()
    d = services.dossier_receive(
        actor=member(unit, "officer"),
        receiving_unit=unit,
        procedure=procedure,
        applicant=services.Applicant(name="Đỗ Văn C", id_number="079201009999"),
        components=[services.ComponentInput(component_id=component.pk, file=scan)],
        received_at=WED,
    )
    assert not d.is_digitised  # the procedure returns a document: needs an e-result too
    d = step(
        step(d, "start", at(1, 10)),
        "finish",
        at(2),
        result_name="Trích lục khai sinh",
        result_code="KS-01",
        result_file=SimpleUploadedFile("kq.pdf", b"%PDF-1.4 kq"),
    )
    assert d.has_e_result and d.is_digitised
    result = d.results.get()
    assert (result.name, result.result_code, result.is_electronic) == (
        "Trích lục khai sinh",
        "KS-01",
        True,
    )
    # The same applicant's next dossier re-uses that result instead of a paper copy.
    other = UnitFactory()
    again = services.dossier_receive(
        actor=member(other, "officer"),
        receiving_unit=other,
        procedure=procedure,
        applicant=services.Applicant(name="Đỗ Văn C", id_number="0792 0100 9999"),
        components=[
            services.ComponentInput(
                component_id=component.pk,
                source=ComponentSource.REUSED,
                reused_result_id=result.pk,
            )
        ],
    )
    assert again.has_reused
    assert again.components.get().reused_result == result
    # Somebody else cannot re-use it.
    with pytest.raises(ValidationError):
        services.dossier_receive(
            actor=member(other, "officer"),
            receiving_unit=other,
            procedure=procedure,
            applicant=services.Applicant(name="Người khác", id_number="079201000001"),
            components=[
                services.ComponentInput(
                    component_id=component.pk,
                    source=ComponentSource.REUSED,
                    reused_result_id=result.pk,
                )
            ],
        )


# ------------------------------------------------------------------ outbox


def test_each_step_writes_a_portal_message_and_notices_only_what_the_applicant_needs():
    d = received(at=WED)
    d = step(d, "start", at(1, 10))
    d = step(d, "request_supplement", at(2, 10), note="Thiếu tờ khai")
    portal = OutboxMessage.objects.filter(dossier=d, channel=OutboxChannel.PORTAL).order_by("id")
    assert [m.payload["TrangThaiHoSo"] for m in portal] == [2, 4, 5]
    assert portal[0].payload["MaHoSo"] == d.code
    assert portal[2].payload["NgayHenTra"] == "20251006170000"
    assert len({m.idempotency_key for m in portal}) == 3
    mails = OutboxMessage.objects.filter(dossier=d, channel=OutboxChannel.EMAIL).order_by("id")
    assert [m.kind for m in mails] == ["receive", "request_supplement"]  # not "start"
    assert mails[1].payload["missing"] == "Thiếu tờ khai"
    assert "079201001234" not in str([m.payload for m in OutboxMessage.objects.all()])


# ------------------------------------------------------------------ evaluation, identity


def test_evaluation_rules():
    d = received(at=WED)
    actor = UserFactory(is_superuser=True)
    scores = {q.code: 2 for q in services.questions_on(timezone.localdate())}
    assert len(scores) == 9
    with pytest.raises(ValidationError):
        services.evaluation_submit(actor=actor, dossier=d, scores=scores)  # not finished
    d = step(step(d, "start", at(1, 10)), "finish", at(2))
    with pytest.raises(ValidationError) as err:
        services.evaluation_submit(actor=actor, dossier=d, scores={**scores, "attitude": 3})
    assert "attitude" in err.value.message_dict
    evaluation = services.evaluation_submit(actor=actor, dossier=d, scores=scores)
    assert (evaluation.total, evaluation.max_total, evaluation.level) == (18, 18, "very_satisfied")
    with pytest.raises(ValidationError):
        services.evaluation_submit(actor=actor, dossier=d, scores=scores)


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (0, "not_satisfied"),
        (8, "not_satisfied"),
        (9, "satisfied"),
        (16, "satisfied"),
        (17, "very_satisfied"),
    ],
)
def test_level_from_points(total, level):
    assert services.level_for(total, 18) == level


def test_revealing_the_identity_number_is_audited_and_needs_edit():
    d = received(at=WED)
    assert d.masked_id_number == "079*******34"
    officer = member(d.resolving_unit, "officer")
    assert services.dossier_reveal_identity(actor=officer, dossier=d) == "079201001234"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.READ, actor=officer).count() == 1
    with pytest.raises(AccessDenied):
        services.dossier_reveal_identity(actor=member(d.resolving_unit, "viewer"), dossier=d)


def test_audit_rows_never_hold_the_identity_number():
    d = received(at=WED)
    step(d, "start", at(1, 10))
    for entry in AuditEntry.objects.all():
        assert "079201001234" not in str(entry.before) + str(entry.after)
