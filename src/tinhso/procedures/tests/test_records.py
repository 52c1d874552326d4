"""Import/export of the exchange shape: the 25 seed records round-trip, nulls stay null."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command

from tinhso.audit.models import AuditEntry
from tinhso.documents.models import Document
from tinhso.procedures import selectors, services
from tinhso.procedures.models import Procedure, ProcedureTimeLimit


@pytest.fixture
def loaded(tree, seed_data, admin):
    result = services.procedures_import(actor=admin, data=seed_data, owner_unit=tree["P"])
    assert result.ok, result.errors
    return result


def test_seed_round_trips_exactly(loaded, seed_data, admin):
    assert len(loaded.created) == 25
    exported = selectors.procedure_export_records(user=admin)
    assert {r["key"]: r for r in exported} == {r["key"]: r for r in seed_data}


def test_nulls_stay_null(loaded, admin):
    birth = selectors.procedure_get(user=admin, ref="1.001193")
    assert birth.agency is None and birth.requirements is None
    limits = list(birth.time_limits.all())
    assert [t.unit for t in limits] == [None, None, None]
    missing = selectors.procedure_get(user=admin, ref="tro_cap_xa_hoi")
    assert missing.code is None and missing.name is None
    assert ProcedureTimeLimit.objects.filter(procedure=missing).count() == 0
    assert set(missing.null_lists) >= {"time_limits", "fees", "components", "legal_basis"}


def test_legal_bases_link_to_registry_when_dated(loaded, admin):
    birth = selectors.procedure_get(user=admin, ref="1.001193")
    linked = [b for b in birth.legal_bases.all() if b.number == "123/2015/NĐ-CP"]
    assert linked and linked[0].document is not None
    assert linked[0].document.issued_on.isoformat() == "2015-11-15"
    assert loaded.documents_created == Document.objects.count() > 0


def test_reimport_is_idempotent(loaded, seed_data, admin, tree):
    audits = AuditEntry.objects.count()
    again = services.procedures_import(actor=admin, data=seed_data, owner_unit=tree["P"])
    assert again.ok and again.created == [] and again.updated == []
    assert len(again.unchanged) == 25
    assert AuditEntry.objects.count() == audits


def test_changed_record_is_replaced_and_versioned(loaded, seed_data, admin, tree):
    data = copy.deepcopy(seed_data)
    data[0]["time_limits"][0]["unit"] = "Ngày làm việc"
    result = services.procedures_import(actor=admin, data=data, owner_unit=tree["P"])
    assert result.updated == [data[0]["key"]]
    proc = Procedure.objects.get(key=data[0]["key"])
    assert proc.version == 2
    assert proc.time_limits.order_by("position").first().unit == "working_days"


def test_errors_write_nothing(tree, seed_data, admin):
    data = copy.deepcopy(seed_data)
    data[3]["time_limits"][1]["unit"] = "tuần"
    data[5]["level"] = "Cấp huyện"
    result = services.procedures_import(actor=admin, data=data, owner_unit=tree["P"])
    assert not result.ok
    assert set(result.errors) == {"3.time_limits.1.unit", "5.level"}
    assert Procedure.objects.count() == 0


def test_other_unit_admin_cannot_import(tree, seed_data, admin_b):
    from tinhso.accounts.access import AccessDenied

    with pytest.raises(AccessDenied):
        services.procedures_import(actor=admin_b, data=seed_data, owner_unit=tree["P"])
    assert Procedure.objects.count() == 0


def test_load_command_is_idempotent(tree, capsys):
    call_command("load_procedures")
    call_command("load_procedures")
    out = capsys.readouterr().out
    assert "unchanged 25" in out
    assert Procedure.objects.count() == 25


def test_generator_marks_synthetic_and_is_fast(tree):
    import time

    call_command("load_procedures")
    started = time.perf_counter()
    call_command("generate_procedures", "--count", "2200", "--seed", "1")
    elapsed = time.perf_counter() - started
    assert Procedure.objects.count() == 2200
    assert Procedure.objects.filter(is_synthetic=True).count() == 2175
    assert not Procedure.objects.filter(is_synthetic=False, key__startswith="syn-").exists()
    assert elapsed < 20
    first = list(Procedure.objects.filter(is_synthetic=True).values_list("name", flat=True)[:5])
    call_command("generate_procedures", "--count", "2200", "--seed", "1")
    assert Procedure.objects.count() == 2200
    again = list(Procedure.objects.filter(is_synthetic=True).values_list("name", flat=True)[:5])
    assert first == again


def test_code_taken_by_another_key_is_an_error(tree, seed_data, admin):
    services.procedures_import(actor=admin, data=seed_data[:1], owner_unit=tree["P"])
    clash = copy.deepcopy(seed_data[1])
    clash["code"] = seed_data[0]["code"]
    result = services.procedures_import(actor=admin, data=[clash], owner_unit=tree["P"])
    assert set(result.errors) == {"0.code"}
    assert Procedure.objects.count() == 1


def test_synthetic_records_keep_their_mark_through_json(tree, admin):
    call_command("load_procedures")
    call_command("generate_procedures", "--count", "30")
    records = selectors.procedure_export_records(user=admin, filters={"origin": "synthetic"})
    assert len(records) == 5
    Procedure.objects.filter(is_synthetic=True).delete()
    result = services.procedures_import(actor=admin, data=records, owner_unit=tree["P"])
    assert result.ok and len(result.created) == 5
    assert Procedure.objects.filter(is_synthetic=True).count() == 5
