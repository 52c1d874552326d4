"""Services: reception, online dossiers, results and re-use."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tinhso.accounts.access import AccessDenied, Action, scope
from tinhso.accounts.tests.factories import member
from tinhso.dossiers import services
from tinhso.dossiers.models import (
    ComponentSource,
    Dossier,
    DossierCodeCounter,
    Status,
)
from tinhso.dossiers.tests.factories import TZ, received
from tinhso.dossiers.tests.service_helpers import WED, at, local, step
from tinhso.procedures.models import Channel, ProcedureTimeLimit
from tinhso.procedures.tests.factories import ProcedureFactory
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


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
