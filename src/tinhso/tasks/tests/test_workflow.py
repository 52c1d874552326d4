"""The transition table through `task_transition`: every action, state and right."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.tasks import workflow
from tinhso.tasks.models import TaskKind, TaskTransition, WorkflowState
from tinhso.tasks.services import task_transition
from tinhso.tasks.tests.factories import TaskAttachmentFactory, TaskFactory

S = WorkflowState
pytestmark = pytest.mark.django_db


def _task(tree, plan, **kwargs):
    kwargs.setdefault("lead_unit", tree["d"])
    return TaskFactory(plan=plan, **kwargs)


def test_full_happy_path_records_history_and_audit(tree, plan, users):
    task = _task(tree, plan, complete=True)  # approving unit = P (lead's parent)
    before = AuditEntry.objects.count()
    task = task_transition(actor=users["p_leader"], task=task, action="assign")
    assert task.workflow_state == S.ASSIGNED
    assert task.assigned_on == timezone.localdate()
    task = task_transition(
        actor=users["d_officer"], task=task, action="start", on_date=dt.date(2025, 7, 1)
    )
    assert task.started_on == dt.date(2025, 7, 1)
    TaskAttachmentFactory(task=task)
    task = task_transition(actor=users["d_officer"], task=task, action="submit")
    task = task_transition(
        actor=users["d_leader"], task=task, action="accept", on_date=dt.date(2025, 9, 1)
    )
    assert task.workflow_state == S.ACCEPTED
    assert task.completed_on == dt.date(2025, 9, 1)
    assert task.accepted_by == users["d_leader"]
    assert task.progress_percent == 100
    assert list(
        TaskTransition.objects.filter(task=task).order_by("pk").values_list("action", flat=True)
    ) == ["assign", "start", "submit", "accept"]
    assert AuditEntry.objects.count() == before + 4
    assert task.version == 5


def test_accept_defaults_to_submission_date(tree, plan, users):
    task = _task(tree, plan, in_progress=True)
    TaskAttachmentFactory(task=task)
    task = task_transition(actor=users["d_officer"], task=task, action="submit")
    task = task_transition(actor=users["d_leader"], task=task, action="accept")
    assert task.completed_on == timezone.localdate()


def test_start_keeps_an_earlier_start_date(tree, plan, users):
    task = _task(tree, plan, assigned=True, started_on=dt.date(2025, 6, 20))
    task = task_transition(actor=users["d_officer"], task=task, action="start")
    assert task.started_on == dt.date(2025, 6, 20)


def test_accept_moves_a_later_start_back(tree, plan, users):
    task = _task(tree, plan, submitted=True, started_on=None)
    TaskAttachmentFactory(task=task)
    task = task_transition(
        actor=users["d_leader"], task=task, action="accept", on_date=dt.date(2025, 8, 1)
    )
    assert task.started_on == dt.date(2025, 8, 1)


def test_unknown_action_is_a_field_error(tree, plan, users):
    with pytest.raises(ValidationError) as exc:
        task_transition(actor=users["d_leader"], task=_task(tree, plan), action="finish")
    assert "action" in exc.value.message_dict


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (S.PROPOSED, "start"),
        (S.ASSIGNED, "submit"),
        (S.IN_PROGRESS, "accept"),
        (S.ACCEPTED, "return"),
        (S.CANCELLED, "resume"),
        (S.SUBMITTED, "assign"),
    ],
)
def test_action_from_wrong_state_is_refused(tree, plan, users, state, action):
    task = _task(tree, plan, workflow_state=state)
    TaskAttachmentFactory(task=task)
    with pytest.raises(DomainError) as exc:
        task_transition(actor=users["p_leader"], task=task, action=action, note="QĐ 1/QĐ")
    assert exc.value.code == "invalid_transition"
    task.refresh_from_db()
    assert task.workflow_state == state


def test_submit_and_accept_need_evidence(tree, plan, users):
    task = _task(tree, plan, in_progress=True)
    TaskAttachmentFactory(task=task, kind="attachment")
    with pytest.raises(DomainError) as exc:
        task_transition(actor=users["d_officer"], task=task, action="submit")
    assert exc.value.code == "evidence_required"
    submitted = _task(tree, plan, submitted=True)
    with pytest.raises(DomainError):
        task_transition(actor=users["d_leader"], task=submitted, action="accept")
    submitted.refresh_from_db()
    assert submitted.completed_on is None


def test_accept_needs_approve_on_lead_unit(tree, plan, users):
    task = _task(tree, plan, submitted=True)
    TaskAttachmentFactory(task=task)
    with pytest.raises(Http404):
        task_transition(actor=users["d_officer"], task=task, action="accept")
    with pytest.raises(Http404):
        task_transition(actor=users["b_leader"], task=task, action="accept")
    # A leader above the lead unit may sign off too.
    task = task_transition(actor=users["p_leader"], task=task, action="accept")
    assert task.workflow_state == S.ACCEPTED


def test_assign_needs_approve_on_the_approving_unit(tree, plan, users):
    task = _task(tree, plan, approving_unit=tree["b"])
    with pytest.raises(Http404):
        task_transition(actor=users["d_leader"], task=task, action="assign")
    task = task_transition(actor=users["b_leader"], task=task, action="assign")
    assert task.workflow_state == S.ASSIGNED


def test_assign_without_approving_unit_falls_back_to_parent_or_self(tree, plan, users):
    task = _task(tree, plan)
    assert workflow.authority_unit_id(task) == tree["p"].pk
    with pytest.raises(Http404):
        task_transition(actor=users["d_leader"], task=task, action="assign")
    top = _task(tree, plan, lead_unit=tree["p"])
    assert workflow.authority_unit_id(top) == tree["p"].pk


def test_return_needs_a_reason_then_restart(tree, plan, users):
    task = _task(tree, plan, submitted=True)
    with pytest.raises(ValidationError) as exc:
        task_transition(actor=users["d_leader"], task=task, action="return", note="  ")
    assert "note" in exc.value.message_dict
    task = task_transition(
        actor=users["d_leader"], task=task, action="return", note="Thiếu quyết định"
    )
    assert task.workflow_state == S.RETURNED
    assert TaskTransition.objects.filter(task=task, action="return").get().note == (
        "Thiếu quyết định"
    )
    task = task_transition(actor=users["d_officer"], task=task, action="start")
    assert task.workflow_state == S.IN_PROGRESS


def test_suspend_resume_cancel_need_decision_reference(tree, plan, users):
    task = _task(tree, plan, in_progress=True)
    with pytest.raises(ValidationError):
        task_transition(actor=users["p_leader"], task=task, action="suspend")
    task = task_transition(
        actor=users["p_leader"], task=task, action="suspend", note="QĐ 12/QĐ-UBND"
    )
    assert task.workflow_state == S.SUSPENDED
    task = task_transition(actor=users["p_leader"], task=task, action="resume", note="QĐ 13")
    assert task.workflow_state == S.IN_PROGRESS
    task = task_transition(actor=users["p_leader"], task=task, action="cancel", note="QĐ 14")
    assert task.workflow_state == S.CANCELLED


def test_stale_version_is_a_conflict(tree, plan, users):
    task = _task(tree, plan, assigned=True)
    with pytest.raises(ConcurrentEditError):
        task_transition(
            actor=users["d_officer"], task=task, action="start", expected_version=task.version + 1
        )
    task = task_transition(
        actor=users["d_officer"], task=task, action="start", expected_version=task.version
    )
    assert task.workflow_state == S.IN_PROGRESS


def test_future_date_is_refused(tree, plan, users):
    task = _task(tree, plan, assigned=True)
    with pytest.raises(ValidationError):
        task_transition(
            actor=users["d_officer"],
            task=task,
            action="start",
            on_date=timezone.localdate() + dt.timedelta(days=1),
        )


def test_parent_cannot_be_accepted_while_a_subtask_is_open(tree, plan, users):
    parent = _task(tree, plan, submitted=True, lead_unit=tree["p"])
    TaskAttachmentFactory(task=parent)
    child = TaskFactory(
        plan=plan, parent=parent, kind=TaskKind.SUBTASK, lead_unit=tree["a"], assigned=True
    )
    with pytest.raises(DomainError) as exc:
        task_transition(actor=users["p_leader"], task=parent, action="accept")
    assert exc.value.code == "open_subtasks"
    task_transition(actor=users["p_leader"], task=child, action="cancel", note="QĐ 2")
    parent = task_transition(actor=users["p_leader"], task=parent, action="accept")
    assert parent.workflow_state == S.ACCEPTED


def test_available_lists_only_allowed_transitions(tree, plan, users):
    task = _task(tree, plan, in_progress=True)
    assert [t.action for t in workflow.available(users["d_officer"], task)] == ["submit"]
    assert [t.action for t in workflow.available(users["p_leader"], task)] == [
        "submit",
        "suspend",
        "cancel",
    ]
    assert workflow.available(users["b_leader"], task) == []
    assert workflow.get("nope") is None
    assert workflow.unit_for(workflow.BY_ACTION["start"], task) == tree["d"].pk
