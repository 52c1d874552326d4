"""The report workflow: the transition table, who may fire each step, locking, reopening."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.indicators.models import IndicatorValue
from tinhso.reporting import services, workflow
from tinhso.reporting.models import Report, ReportEvent, ReportState
from tinhso.reporting.workflow import TRANSITIONS, Approver, ReportAction

from .factories import IndicatorFactory, value

ALL_STATES = [s.value for s in ReportState]
ALL_ACTIONS = [a.value for a in ReportAction]
TABLE = {
    ("draft", "approve"): "unit_approved",
    ("returned", "approve"): "unit_approved",
    ("unit_approved", "accept"): "accepted",
    ("unit_approved", "return"): "returned",
    ("accepted", "reopen"): "draft",
}


def _set_state(report: Report, state: str) -> Report:
    Report.objects.filter(pk=report.pk).update(state=state)
    report.refresh_from_db()
    return report


def _actor(world: dict[str, Any], action: str) -> Any:
    return world["leader_a"] if action == "approve" else world["reviewer"]


def test_the_table_is_exactly_the_documented_one():
    assert {(t.source, t.action): t.target for t in TRANSITIONS} == TABLE
    assert {t.action for t in TRANSITIONS if t.needs_reason} == {"return", "reopen"}
    assert {t.action for t in TRANSITIONS if t.approver is Approver.UNIT} == {"approve"}


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("action", ALL_ACTIONS)
def test_every_state_and_action(world, report, state, action):
    report = _set_state(report, state)
    actor = _actor(world, action)
    target = TABLE.get((state, action))
    if target is None:
        with pytest.raises(DomainError) as exc:
            services.report_transition(actor=actor, report=report, action=action, note="lý do")
        assert exc.value.code == "invalid_transition"
        report.refresh_from_db()
        assert report.state == state
        assert not ReportEvent.objects.filter(report=report).exists()
        return
    before = AuditEntry.objects.filter(action="transition").count()
    done = services.report_transition(actor=actor, report=report, action=action, note="lý do")
    assert done.state == target
    event = ReportEvent.objects.get(report=report)
    assert (event.action, event.from_state, event.to_state) == (action, state, target)
    assert event.actor == actor
    assert AuditEntry.objects.filter(action="transition").count() == before + 1
    assert done.version == report.version + 1


def test_transition_for_and_edit_refusal():
    assert workflow.transition_for("draft", "approve") is not None
    assert workflow.transition_for("draft", "accept") is None
    assert workflow.edit_refusal("draft") is None
    assert workflow.edit_refusal("returned") is None
    assert "khóa" in workflow.edit_refusal("accepted")
    assert "chờ" in workflow.edit_refusal("unit_approved")


def test_allowed_steps_follow_the_actor(world, report):
    assert [s.action for s in workflow.allowed_steps(world["leader_a"], report)] == ["approve"]
    assert workflow.allowed_steps(world["officer_a"], report) == []
    assert workflow.allowed_steps(world["reviewer"], report) == []
    report = _set_state(report, "unit_approved")
    assert [s.action for s in workflow.allowed_steps(world["reviewer"], report)] == [
        "accept",
        "return",
    ]
    assert workflow.allowed_steps(world["leader_a"], report) == []
    assert workflow.allowed_steps(world["leader_d"], report) == []


@pytest.mark.parametrize("who", ["officer_a", "viewer_a", "reviewer", "leader_b", "leader_d"])
def test_approve_needs_approve_on_the_unit(world, report, who):
    with pytest.raises(AccessDenied):
        services.report_transition(actor=world[who], report=report, action="approve")
    report.refresh_from_db()
    assert report.state == "draft"


@pytest.mark.parametrize("who", ["leader_a", "leader_b", "leader_d", "officer_a"])
def test_accept_needs_approve_on_the_reviewing_agency(world, report, who):
    report = _set_state(report, "unit_approved")
    with pytest.raises(AccessDenied):
        services.report_transition(actor=world[who], report=report, action="accept")


def test_unknown_action_and_missing_reason(world, report):
    with pytest.raises(ValidationError) as exc:
        services.report_transition(actor=world["leader_a"], report=report, action="publish")
    assert "action" in exc.value.message_dict
    report = _set_state(report, "unit_approved")
    for action in ("return",):
        with pytest.raises(ValidationError) as exc:
            services.report_transition(
                actor=world["reviewer"], report=report, action=action, note=" "
            )
        assert "note" in exc.value.message_dict


def test_full_cycle_moves_values_and_locks(world, report):
    ind = IndicatorFactory()
    v = value(ind, world["A"], world["period"])
    other = value(ind, world["B"], world["period"])
    r = services.report_transition(actor=world["leader_a"], report=report, action="approve")
    assert r.submitted_at is not None and r.state == "unit_approved"
    v.refresh_from_db()
    assert v.status == "submitted"
    with pytest.raises(DomainError) as exc:
        services.report_update(
            actor=world["officer_a"], report=r, data={"results": "x"}, expected_version=r.version
        )
    assert exc.value.code == "report_locked"
    r = services.report_transition(actor=world["reviewer"], report=r, action="accept")
    assert r.accepted_at is not None and r.is_locked
    v.refresh_from_db()
    other.refresh_from_db()
    assert v.status == "confirmed"
    assert other.status == "draft"  # another unit's values are untouched
    with pytest.raises(DomainError) as exc:
        services.report_update(
            actor=world["officer_a"], report=r, data={"results": "x"}, expected_version=r.version
        )
    assert "khóa" in exc.value.message


def test_return_clears_submission_and_values(world, report):
    ind = IndicatorFactory()
    v = value(ind, world["A"], world["period"])
    r = services.report_transition(actor=world["leader_a"], report=report, action="approve")
    r = services.report_transition(
        actor=world["reviewer"], report=r, action="return", note="Thiếu số liệu tháng 9"
    )
    assert r.state == "returned" and r.submitted_at is None
    assert r.return_reason == "Thiếu số liệu tháng 9"
    v.refresh_from_db()
    assert v.status == "draft"
    r = services.report_update(
        actor=world["officer_a"],
        report=r,
        data={"results": "Đã bổ sung"},
        expected_version=r.version,
    )
    r = services.report_transition(actor=world["leader_a"], report=r, action="approve")
    assert r.state == "unit_approved" and r.return_reason == ""


def test_reopen_versions_and_snapshots(world, report):
    ind = IndicatorFactory(code="NQ57-DVC")
    value(ind, world["A"], world["period"])
    r = services.report_update(
        actor=world["officer_a"], report=report, data={"results": "Kết quả v1"}, expected_version=1
    )
    r = services.report_transition(actor=world["leader_a"], report=r, action="approve")
    r = services.report_transition(actor=world["reviewer"], report=r, action="accept")
    submitted = r.submitted_at
    with pytest.raises(ValidationError):
        services.report_transition(actor=world["reviewer"], report=r, action="reopen", note="")
    r = services.report_transition(
        actor=world["reviewer"], report=r, action="reopen", note="Số liệu sai"
    )
    assert (r.state, r.revision, r.accepted_at) == ("draft", 2, None)
    assert r.submitted_at == submitted  # the unit did report on time; reopening is the agency's
    event = ReportEvent.objects.get(report=r, action="reopen")
    assert event.revision == 1
    assert event.snapshot["narrative"]["results"] == "Kết quả v1"
    assert event.snapshot["values"][0]["code"] == "NQ57-DVC"
    assert event.snapshot["values"][0]["status"] == "confirmed"
    assert IndicatorValue.objects.get(indicator=ind).status == "draft"
    r = services.report_update(
        actor=world["officer_a"],
        report=r,
        data={"results": "Kết quả v2"},
        expected_version=r.version,
    )
    assert r.results == "Kết quả v2"


def test_version_conflict(world, report):
    services.report_update(
        actor=world["officer_a"], report=report, data={"results": "A"}, expected_version=1
    )
    with pytest.raises(ConcurrentEditError):
        services.report_update(
            actor=world["officer_a"], report=report, data={"results": "B"}, expected_version=1
        )
    with pytest.raises(ConcurrentEditError):
        services.report_transition(
            actor=world["leader_a"], report=report, action="approve", expected_version=1
        )
    report.refresh_from_db()
    assert report.results == "A" and report.state == "draft"


def test_approve_keeps_the_first_submission_time(world, report, django_capture_on_commit_callbacks):
    r = services.report_transition(actor=world["leader_a"], report=report, action="approve")
    first = r.submitted_at
    assert isinstance(first, dt.datetime)
    r = services.report_transition(actor=world["reviewer"], report=r, action="accept")
    r = services.report_transition(actor=world["reviewer"], report=r, action="reopen", note="x")
    r = services.report_transition(actor=world["leader_a"], report=r, action="approve")
    assert r.submitted_at == first
