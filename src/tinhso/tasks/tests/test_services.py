"""Services: create/update with version and deadline rules, progress, extensions,
delegation with roll-up, recurring instances, clarities kept on save."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.tasks import clarities, services
from tinhso.tasks.models import Task, TaskKind, TaskMilestone, TaskTransition, WorkflowState
from tinhso.tasks.tests.factories import PlanGroupFactory, TaskFactory
from tinhso.units.tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def _data(tree, plan, **extra):
    data = {"plan": plan, "title": "Xây dựng kho dữ liệu dùng chung", "lead_unit": tree["d"]}
    data.update(extra)
    return data


def test_create_records_missing_clarities_history_and_audit(tree, plan, users):
    before = AuditEntry.objects.count()
    task = services.task_create(actor=users["d_officer"], data=_data(tree, plan))
    assert task.workflow_state == WorkflowState.PROPOSED
    assert clarities.decode(task.missing_clarities) == [
        "what",
        "responsibility",
        "time",
        "product",
        "authority",
    ]
    assert AuditEntry.objects.count() == before + 1
    assert TaskTransition.objects.filter(task=task, action="propose").exists()


def test_clarities_complete_when_all_six_present(tree, plan, users):
    group = PlanGroupFactory(plan=plan)
    task = services.task_create(
        actor=users["d_officer"],
        data=_data(
            tree,
            plan,
            group=group,
            responsible_title="Giám đốc Sở",
            deadline=dt.date(2025, 12, 31),
            product_type="system",
            expected_product="Hệ thống vận hành",
            acceptance_criterion="Nghiệm thu đưa vào sử dụng",
            assigning_authority="UBND tỉnh",
            approving_unit=tree["p"].pk,
            co_units=[tree["a"].pk],
        ),
    )
    assert task.missing_clarities == ""
    assert task.current_deadline == dt.date(2025, 12, 31)
    assert list(task.co_units.all()) == [tree["a"]]


def test_time_clarity_from_milestones(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], deadline=None)
    assert "time" in clarities.decode(task.missing_clarities)
    services.task_milestones_set(
        actor=users["d_officer"],
        task=task,
        milestones=[{"title": "Dự thảo", "due_on": dt.date(2025, 8, 1)}],
    )
    task.refresh_from_db()
    assert "time" not in clarities.decode(task.missing_clarities)


def test_create_needs_edit_on_lead_unit(tree, plan, users):
    with pytest.raises(Http404):
        services.task_create(actor=users["b_leader"], data=_data(tree, plan))
    with pytest.raises(ValidationError):
        services.task_create(actor=users["d_officer"], data={"plan": plan, "title": "x"})


def test_create_rejects_group_of_another_plan_and_bad_fields(tree, plan, users):
    other = PlanGroupFactory()
    with pytest.raises(ValidationError) as exc:
        services.task_create(actor=users["d_officer"], data=_data(tree, plan, group=other))
    assert "group" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.task_create(
            actor=users["d_officer"], data=_data(tree, plan, workflow_state="accepted")
        )
    assert "workflow_state" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.task_create(actor=users["d_officer"], data=_data(tree, plan), kind="instance")
    with pytest.raises(ValidationError):
        services.task_create(
            actor=users["d_officer"], data=_data(tree, plan, co_units=[tree["d"].pk])
        )


def test_update_version_conflict_and_success(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"])
    with pytest.raises(ConcurrentEditError) as exc:
        services.task_update(
            actor=users["d_officer"], task=task, data={"title": "Mới"}, version=task.version + 1
        )
    assert "Tải lại" in exc.value.message or "Reload" in exc.value.message
    task = services.task_update(
        actor=users["d_officer"], task=task, data={"title": "Mới"}, version=task.version
    )
    assert task.title == "Mới" and task.version == 2
    # No change, no new version nor audit row.
    count = AuditEntry.objects.count()
    same = services.task_update(
        actor=users["d_officer"], task=task, data={"title": "Mới"}, version=2
    )
    assert same.version == 2 and AuditEntry.objects.count() == count


def test_deadline_is_immutable_once_assigned(tree, plan, users):
    proposed = TaskFactory(plan=plan, lead_unit=tree["d"])
    proposed = services.task_update(
        actor=users["d_officer"],
        task=proposed,
        data={"deadline": dt.date(2025, 12, 31)},
        version=1,
    )
    assert proposed.current_deadline == dt.date(2025, 12, 31)
    assigned = TaskFactory(plan=plan, lead_unit=tree["d"], assigned=True)
    with pytest.raises(ValidationError) as exc:
        services.task_update(
            actor=users["d_officer"],
            task=assigned,
            data={"deadline": dt.date(2025, 12, 31)},
            version=1,
        )
    assert "deadline" in exc.value.message_dict


def test_update_refuses_closed_task_and_unknown_fields(tree, plan, users):
    done = TaskFactory(plan=plan, lead_unit=tree["d"], accepted=True)
    with pytest.raises(DomainError):
        services.task_update(actor=users["d_officer"], task=done, data={"title": "x"}, version=1)
    with pytest.raises(ValidationError):
        services.task_update(
            actor=users["d_officer"], task=done, data={"completed_on": None}, version=1
        )


def test_progress_sets_started_percent_and_last_update(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], assigned=True)
    services.task_progress_add(
        actor=users["d_officer"],
        task=task,
        reported_on=dt.date(2025, 7, 10),
        percent=30,
        narrative="Đã khảo sát",
        difficulties="Thiếu kinh phí",
        attachments=[{"kind": "evidence", "title": "Báo cáo", "url": "https://x.vn/a"}],
    )
    task.refresh_from_db()
    assert task.started_on == dt.date(2025, 7, 10)
    assert task.progress_percent == 30
    assert task.last_update_on == dt.date(2025, 7, 10)
    assert task.attachments.get().progress is not None
    services.task_progress_add(
        actor=users["d_officer"], task=task, reported_on=dt.date(2025, 7, 5), narrative="Bổ sung"
    )
    task.refresh_from_db()
    assert task.started_on == dt.date(2025, 7, 10)  # kept
    assert task.last_update_on == dt.date(2025, 7, 10)  # an older update does not move it back
    assert task.workflow_state == WorkflowState.ASSIGNED  # progress never changes the state


def test_progress_rules(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    with pytest.raises(ValidationError) as exc:
        services.task_progress_add(actor=users["d_officer"], task=task, narrative="", percent=101)
    assert {"narrative", "percent"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.task_progress_add(actor=users["d_officer"], task=task, narrative="x", percent=10)
    with pytest.raises(ValidationError):
        services.task_progress_add(
            actor=users["d_officer"], task=task, narrative="x", milestone=999
        )
    with pytest.raises(Http404):
        services.task_progress_add(actor=users["b_leader"], task=task, narrative="x")
    proposed = TaskFactory(plan=plan, lead_unit=tree["d"])
    with pytest.raises(DomainError):
        services.task_progress_add(actor=users["d_officer"], task=proposed, narrative="x")


def test_progress_marks_milestone_reached(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    milestone = TaskMilestone.objects.create(task=task, title="Dự thảo", due_on=dt.date(2025, 8, 1))
    services.task_progress_add(
        actor=users["d_officer"],
        task=task,
        narrative="Xong dự thảo",
        milestone=milestone,
        reported_on=dt.date(2025, 7, 30),
    )
    milestone.refresh_from_db()
    assert milestone.done_on == dt.date(2025, 7, 30)


def test_attachment_needs_file_or_url(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    with pytest.raises(ValidationError):
        services.task_attachment_add(
            actor=users["d_officer"], task=task, kind="evidence", title="x"
        )
    with pytest.raises(ValidationError):
        services.task_attachment_add(
            actor=users["d_officer"], task=task, kind="photo", title="x", url="https://x.vn"
        )
    att = services.task_attachment_add(
        actor=users["d_officer"], task=task, kind="evidence", title="QĐ", url="https://x.vn/qd"
    )
    assert att.uploaded_by == users["d_officer"]


def test_extension_moves_current_deadline_only(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    ext = services.task_extend(
        actor=users["d_leader"],
        task=task,
        new_deadline=dt.date(2025, 12, 31),
        decision_number="456/QĐ-UBND",
        decision_date=dt.date(2025, 9, 20),
        reason="Chờ hướng dẫn",
        expected_version=task.version,
    )
    task.refresh_from_db()
    assert task.deadline == dt.date(2025, 9, 30)
    assert task.current_deadline == dt.date(2025, 12, 31)
    assert ext.previous_deadline == dt.date(2025, 9, 30)
    # Statistics still use the original deadline.
    done = Task.objects.filter(pk=task.pk)
    done.update(completed_on=dt.date(2025, 11, 1), workflow_state=WorkflowState.ACCEPTED)
    from tinhso.tasks.selectors import task_get

    shown = task_get(user=users["d_leader"], pk=task.pk, as_of=dt.date(2025, 11, 2))
    assert shown.status == "DONE_LATE"
    assert shown.status_current == "DONE_ON_TIME"


def test_extension_rules(tree, plan, users):
    task = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True)
    common = {"decision_date": dt.date(2025, 9, 1), "reason": "x", "decision_number": "1/QĐ"}
    with pytest.raises(Http404):
        services.task_extend(
            actor=users["d_officer"], task=task, new_deadline=dt.date(2025, 12, 1), **common
        )
    with pytest.raises(ValidationError) as exc:
        services.task_extend(
            actor=users["d_leader"],
            task=task,
            new_deadline=dt.date(2025, 12, 1),
            decision_number="",
            decision_date=dt.date(2099, 1, 1),
            reason="",
        )
    assert {"decision_number", "decision_date", "reason"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError):
        services.task_extend(
            actor=users["d_leader"], task=task, new_deadline=dt.date(2025, 9, 30), **common
        )
    with pytest.raises(ConcurrentEditError):
        services.task_extend(
            actor=users["d_leader"],
            task=task,
            new_deadline=dt.date(2025, 12, 1),
            expected_version=9,
            **common,
        )
    no_deadline = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True, deadline=None)
    with pytest.raises(DomainError):
        services.task_extend(
            actor=users["d_leader"], task=no_deadline, new_deadline=dt.date(2025, 12, 1), **common
        )


def test_delegate_and_roll_up(tree, plan, users):
    parent = TaskFactory(plan=plan, lead_unit=tree["p"], in_progress=True, progress_percent=0)
    with pytest.raises(ValidationError):
        services.task_delegate(actor=users["p_leader"], task=parent, unit=tree["p"])
    with pytest.raises(ValidationError):
        services.task_delegate(
            actor=users["p_leader"], task=parent, unit=tree["a"], deadline=dt.date(2026, 1, 1)
        )
    with pytest.raises(Http404):
        services.task_delegate(actor=users["a_leader"], task=parent, unit=tree["a"])
    a = services.task_delegate(actor=users["p_leader"], task=parent, unit=tree["a"])
    b = services.task_delegate(actor=users["p_leader"], task=parent, unit=tree["b"])
    assert a.kind == TaskKind.SUBTASK and a.workflow_state == WorkflowState.ASSIGNED
    assert a.deadline == parent.deadline and a.approving_unit_id == tree["p"].pk
    services.task_progress_add(actor=users["a_officer"], task=a, narrative="x", percent=80)
    services.task_progress_add(actor=users["b_leader"], task=b, narrative="y", percent=40)
    parent.refresh_from_db()
    assert parent.progress_percent == 60
    with pytest.raises(DomainError):
        services.task_delegate(actor=users["a_leader"], task=a, unit=tree["c"])


def test_a_department_delegates_to_communes_of_its_province_and_reads_their_sub_tasks(
    tree, plan, users
):
    parent = TaskFactory(plan=plan, lead_unit=tree["d"], in_progress=True, progress_percent=0)
    sub = services.task_delegate(actor=users["d_leader"], task=parent, unit=tree["a"])
    assert sub.lead_unit_id == tree["a"].pk and sub.approving_unit_id == tree["d"].pk
    # The delegating department reads the sub-task; a sibling commune does not.
    assert Task.objects.for_user(users["d_officer"], "view").filter(pk=sub.pk).exists()
    assert not Task.objects.for_user(users["b_leader"], "view").filter(pk=sub.pk).exists()
    assert not Task.objects.for_user(users["d_officer"], "edit").filter(pk=sub.pk).exists()
    # Not to another department, not to a unit of another province.
    other_dept = UnitFactory(parent=tree["p"], department=True, code="STC")
    with pytest.raises(ValidationError):
        services.task_delegate(actor=users["d_leader"], task=parent, unit=other_dept)
    elsewhere = UnitFactory(parent=UnitFactory(province=True, code="79"))
    with pytest.raises(ValidationError):
        services.task_delegate(actor=users["d_leader"], task=parent, unit=elsewhere)


def test_recurring_instances_are_generated_once(tree, plan, users):
    template = services.task_create(
        actor=users["d_officer"],
        kind=TaskKind.RECURRING,
        data=_data(
            tree,
            plan,
            deadline_kind="recurring",
            recurrence="quarter",
            start_date=dt.date(2025, 5, 10),
            recurrence_until=dt.date(2025, 12, 31),
        ),
    )
    with pytest.raises(DomainError):
        services.task_generate_instances(actor=users["d_officer"], task=template)
    Task.objects.filter(pk=template.pk).update(
        workflow_state=WorkflowState.ASSIGNED, assigned_on=dt.date(2025, 5, 10)
    )
    template.refresh_from_db()
    created = services.task_generate_instances(
        actor=users["d_officer"], task=template, offset_days=5
    )
    assert [(c.period_label, c.deadline, c.assigned_on) for c in created] == [
        ("Q2/2025", dt.date(2025, 7, 5), dt.date(2025, 5, 10)),
        ("Q3/2025", dt.date(2025, 10, 5), dt.date(2025, 7, 1)),
        ("Q4/2025", dt.date(2026, 1, 5), dt.date(2025, 10, 1)),
    ]
    assert all(c.kind == TaskKind.INSTANCE and c.parent_id == template.pk for c in created)
    assert services.task_generate_instances(actor=users["d_officer"], task=template) == []
    plain = TaskFactory(plan=plan, lead_unit=tree["d"], assigned=True)
    with pytest.raises(DomainError):
        services.task_generate_instances(actor=users["d_officer"], task=plain)


def test_recurrence_periods_labels():
    assert [
        p[0]
        for p in services.recurrence_periods("month", dt.date(2025, 11, 5), dt.date(2026, 1, 1))
    ] == [
        "11/2025",
        "12/2025",
        "01/2026",
    ]
    assert [
        p[0] for p in services.recurrence_periods("half", dt.date(2025, 3, 1), dt.date(2025, 12, 1))
    ] == [
        "H1/2025",
        "H2/2025",
    ]
    assert services.recurrence_periods("year", dt.date(2025, 3, 1), dt.date(2025, 3, 1)) == [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    ]
