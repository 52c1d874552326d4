"""Services: validation with field errors, access, version conflicts, audit rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError
from tinhso.finance import services
from tinhso.finance.models import BudgetSnapshot
from tinhso.projects.models import Project
from tinhso.tasks.tests.factories import PlanFactory, TaskFactory

from .factories import BN, BudgetLineFactory, BudgetSnapshotFactory

pytestmark = pytest.mark.django_db

D = dt.date


def _line_data(tree, **extra):
    return {
        "fiscal_year": 2025,
        "code": "DT-01",
        "title": "Trung tâm dữ liệu tỉnh",
        "expenditure_type": "investment",
        "source": "local",
        "unit": tree["s"],
        **extra,
    }


def _audits(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))


def test_create_line_is_audited_and_scoped(tree, users):
    line = services.budget_line_create(actor=users["s_officer"], data=_line_data(tree))
    assert line.version == 1 and line.unit == tree["s"]
    assert _audits(line).filter(action="create").count() == 1
    with pytest.raises(AccessDenied):
        services.budget_line_create(actor=users["x_officer"], data=_line_data(tree, code="X"))
    with pytest.raises(AccessDenied):
        services.budget_line_create(actor=users["s_viewer"], data=_line_data(tree, code="Y"))


def test_create_line_field_errors(tree, users):
    actor = users["s_officer"]
    services.budget_line_create(actor=actor, data=_line_data(tree))
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(actor=actor, data=_line_data(tree))
    assert "code" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(
            actor=actor, data=_line_data(tree, code="2", expenditure_type="other", fiscal_year=1990)
        )
    assert {"expenditure_type", "fiscal_year"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(actor=actor, data=_line_data(tree, code="3", amount=5))
    assert "amount" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(actor=actor, data={**_line_data(tree), "unit": None})
    assert "unit" in exc.value.message_dict


def test_links_must_be_visible_to_the_actor(tree, users):
    actor = users["s_officer"]
    own_plan = PlanFactory(unit=tree["s"], document__owner_unit=tree["s"])
    other_task = TaskFactory(lead_unit=tree["x"], plan=own_plan)
    project = Project.objects.create(code="P1", name="Trung tâm dữ liệu", unit=tree["s"])
    line = services.budget_line_create(
        actor=actor, data=_line_data(tree, plan=own_plan.pk, project=project)
    )
    assert (line.plan_id, line.project_id) == (own_plan.pk, project.pk)
    with pytest.raises(ValidationError) as exc:
        services.budget_line_create(
            actor=actor, data=_line_data(tree, code="2", task=other_task.pk)
        )
    assert set(exc.value.message_dict) == {"task"}
    with pytest.raises(ValidationError):
        services.budget_line_create(actor=actor, data=_line_data(tree, code="3", plan=999999))


def test_update_checks_version_and_audits_the_diff(tree, users):
    actor = users["s_officer"]
    line = services.budget_line_create(actor=actor, data=_line_data(tree))
    updated = services.budget_line_update(
        actor=actor, line=line, data={"title": "Trung tâm dữ liệu (GĐ 1)"}, version=1
    )
    assert updated.version == 2
    entry = _audits(line).get(action="update")
    assert entry.before["title"] == "Trung tâm dữ liệu tỉnh" and entry.before["version"] == 1
    assert entry.after["title"] == "Trung tâm dữ liệu (GĐ 1)"
    with pytest.raises(ConcurrentEditError):
        services.budget_line_update(actor=actor, line=line, data={"title": "Z"}, version=1)
    # Nothing changed: no new version, no audit row.
    same = services.budget_line_update(
        actor=actor, line=line, data={"title": "Trung tâm dữ liệu (GĐ 1)"}, version=2
    )
    assert same.version == 2 and _audits(line).filter(action="update").count() == 1


def test_moving_a_line_needs_edit_on_both_units(tree, users):
    line = services.budget_line_create(actor=users["s_officer"], data=_line_data(tree))
    with pytest.raises(AccessDenied):
        services.budget_line_update(
            actor=users["s_officer"], line=line, data={"unit": tree["x"]}, version=1
        )
    moved = services.budget_line_update(
        actor=users["p_leader"], line=line, data={"unit": tree["x"]}, version=1
    )
    assert moved.unit_id == tree["x"].pk


AUG_31 = D(2025, 8, 31)


def _record(actor, line, as_of=AUG_31, committed=None, **amounts):
    return services.budget_snapshot_record(
        actor=actor, line=line, as_of=as_of, amounts=amounts, committed=committed
    )


def test_snapshot_rules_give_field_errors(tree, users):
    actor = users["s_officer"]
    line = BudgetLineFactory(unit=tree["s"])
    cases = [
        (dict(allocated=100, disbursed=101), "disbursed"),
        (dict(allocated=100, supplementary=10, returned=20, disbursed=91), "disbursed"),
        (dict(allocated=100, returned=101), "returned"),
        (dict(allocated=-1), "allocated"),
        (dict(allocated=1.5), "allocated"),
        (dict(allocated="100"), "allocated"),
        (dict(allocated=100, settled=5), "settled"),
    ]
    for amounts, field in cases:
        with pytest.raises(ValidationError) as exc:
            _record(actor, line, **amounts)
        assert field in exc.value.message_dict, amounts
    with pytest.raises(ValidationError) as exc:
        _record(actor, line, allocated=100, committed=101)
    assert "committed" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _record(actor, line, as_of=D(2027, 1, 1), allocated=100)
    assert "as_of" in exc.value.message_dict
    assert not BudgetSnapshot.objects.exists()
    assert not AuditEntry.objects.filter(object_type="finance.budgetsnapshot").exists()


def test_snapshot_with_carried_over_capital_may_disburse_it(tree, users):
    line = BudgetLineFactory(unit=tree["s"])
    snap = _record(users["s_officer"], line, allocated=100, carried_over=50, disbursed=150)
    assert snap.available == 150 and snap.author == users["s_officer"]
    # Settling carried-over capital early in the following year is accepted.
    _record(users["s_officer"], line, as_of=D(2026, 1, 31), allocated=100, carried_over=50)


def test_one_snapshot_per_date_and_back_dated_corrections_are_audited(tree, users):
    actor = users["s_officer"]
    line = BudgetLineFactory(unit=tree["s"])
    first = _record(actor, line, as_of=D(2025, 8, 31), allocated=100 * BN, disbursed=40 * BN)
    assert _audits(first).get().message == ""
    with pytest.raises(ValidationError) as exc:
        _record(actor, line, as_of=D(2025, 8, 31), allocated=100 * BN)
    assert "as_of" in exc.value.message_dict
    older = _record(actor, line, as_of=D(2025, 7, 31), allocated=100 * BN, disbursed=30 * BN)
    assert "back-dated" in _audits(older).get().message
    assert "2025-08-31" in _audits(older).get().message


def test_snapshot_needs_edit_on_the_line_unit(tree, users):
    line = BudgetLineFactory(unit=tree["s"])
    for who in ("x_officer", "s_viewer", "a_officer"):
        with pytest.raises(AccessDenied):
            _record(users[who], line, allocated=100)
    assert _record(users["p_leader"], line, allocated=100).pk


def test_database_guards_the_amount_rules(tree):
    line = BudgetLineFactory(unit=tree["s"])
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetSnapshot.objects.create(line=line, as_of=D(2025, 1, 31), allocated=10, disbursed=11)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetSnapshot.objects.create(line=line, as_of=D(2025, 1, 31), allocated=-10)
    BudgetSnapshotFactory(line=line, as_of=D(2025, 2, 28))
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetSnapshotFactory(line=line, as_of=D(2025, 2, 28))


def test_local_budget_total(tree, users):
    total = services.local_budget_total_record(
        actor=users["p_leader"],
        unit=tree["p"],
        fiscal_year=2025,
        as_of=D(2025, 1, 1),
        total_estimate=42_000 * BN,
        total_settled=None,
        source="Dự toán 2025 (minh họa)",
        is_illustrative=True,
    )
    assert _audits(total).filter(action="create").count() == 1
    kwargs = dict(unit=tree["p"], fiscal_year=2025, as_of=D(2025, 1, 1), source="x")
    with pytest.raises(ValidationError) as exc:
        services.local_budget_total_record(
            actor=users["p_leader"], total_estimate=1, total_settled=None, **kwargs
        )
    assert "as_of" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.local_budget_total_record(
            actor=users["p_leader"],
            total_estimate=None,
            total_settled=None,
            **{**kwargs, "as_of": D(2025, 6, 1)},
        )
    assert "total_estimate" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.local_budget_total_record(
            actor=users["p_leader"],
            total_estimate=0,
            total_settled=None,
            **{**kwargs, "as_of": D(2025, 6, 1), "source": ""},
        )
    assert {"total_estimate", "source"} <= set(exc.value.message_dict)
    with pytest.raises(AccessDenied):
        services.local_budget_total_record(
            actor=users["s_officer"],
            total_estimate=5,
            total_settled=None,
            **{**kwargs, "as_of": D(2025, 7, 1)},
        )
