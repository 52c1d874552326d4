"""Services: the clock, workflow steps, outbox, evaluation and identity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tinhso.accounts.access import AccessDenied
from tinhso.accounts.tests.factories import UserFactory, member
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.dossiers import services
from tinhso.dossiers.models import (
    Dossier,
    OutboxChannel,
    OutboxMessage,
    Status,
)
from tinhso.dossiers.tests.factories import TZ, received
from tinhso.dossiers.tests.service_helpers import WED, at, local, step
from tinhso.procedures.tests.factories import ProcedureFactory

pytestmark = pytest.mark.django_db


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
