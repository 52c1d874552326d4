"""Project services: rules, access, version conflicts and the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tinhso.accounts.access import AccessDenied
from tinhso.audit.models import AuditEntry
from tinhso.core.exceptions import ConcurrentEditError, DomainError
from tinhso.projects import services
from tinhso.projects.models import Project, ProjectMilestone
from tinhso.projects.tests.factories import (
    PNG_BYTES,
    ProjectBlockerFactory,
    ProjectFactory,
)
from tinhso.tasks.tests.factories import DocumentFactory, TaskFactory

pytestmark = pytest.mark.django_db
D = dt.date


def _audits() -> int:
    return AuditEntry.objects.count()


def test_create_links_decision_communes_and_audits(tree, users):
    doc = DocumentFactory(number="123/QĐ-UBND", owner_unit=tree["p"])
    task = TaskFactory(lead_unit=tree["d"])
    before = _audits()
    project = services.project_create(
        actor=users["d_officer"],
        data={
            "code": "DA-99",
            "name": "Trung tâm dữ liệu",
            "unit": tree["d"].pk,
            "decision_number": " 123/qđ-ubnd ",
            "communes": [tree["a"].pk, tree["b"]],
            "tasks": [task.pk],
            "total_investment": 5_000_000_000,
        },
    )
    assert project.decision_document == doc
    assert project.decision_number == "123/qđ-ubnd"
    assert {u.pk for u in project.communes.all()} == {tree["a"].pk, tree["b"].pk}
    assert list(project.tasks.all()) == [task]
    assert _audits() == before + 1
    entry = AuditEntry.objects.order_by("-pk").first()
    assert entry.action == AuditEntry.Action.CREATE


def test_create_refuses_other_unit_and_unknown_fields(tree, users):
    with pytest.raises(AccessDenied):
        services.project_create(
            actor=users["a_officer"], data={"code": "X", "name": "X", "unit": tree["b"].pk}
        )
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            actor=users["a_officer"],
            data={"code": "X", "name": "X", "unit": tree["a"].pk, "physical_percent": 90},
        )
    assert "physical_percent" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            actor=users["a_officer"],
            data={"code": "X", "name": "X", "unit": tree["a"].pk, "latitude": 10.9},
        )
    assert "longitude" in exc.value.message_dict
    assert not Project.objects.exists()


def test_create_refuses_tasks_the_actor_cannot_see(tree, users):
    hidden = TaskFactory(lead_unit=tree["b"])
    with pytest.raises(ValidationError) as exc:
        services.project_create(
            actor=users["a_officer"],
            data={"code": "X", "name": "X", "unit": tree["a"].pk, "tasks": [hidden.pk]},
        )
    assert "tasks" in exc.value.message_dict


def test_update_checks_version_and_audits_once(tree, users):
    project = ProjectFactory(unit=tree["a"])
    updated = services.project_update(
        actor=users["a_officer"], project=project, data={"name": "Tên mới"}, version=1
    )
    assert (updated.name, updated.version) == ("Tên mới", 2)
    with pytest.raises(ConcurrentEditError):
        services.project_update(
            actor=users["a_officer"], project=project, data={"name": "Cũ"}, version=1
        )
    before = _audits()
    same = services.project_update(
        actor=users["a_officer"], project=project, data={"name": "Tên mới"}, version=2
    )
    assert same.version == 2 and _audits() == before  # nothing changed, nothing written


def test_moving_a_project_needs_edit_on_both_units(tree, users):
    project = ProjectFactory(unit=tree["a"])
    with pytest.raises(AccessDenied):
        services.project_update(
            actor=users["a_officer"], project=project, data={"unit": tree["b"].pk}, version=1
        )


def test_progress_updates_latest_figures_and_rules(tree, users):
    project = ProjectFactory(unit=tree["a"], total_investment=200_000_000_000)
    p1 = services.project_progress_create(
        actor=users["a_officer"],
        project=project,
        as_of=D(2025, 6, 30),
        physical_percent=30,
        disbursed_amount=50_000_000_000,
        narrative="Thi công móng",
        version=1,
    )
    assert p1.financial_percent == 25  # 50 of 200 bn
    project.refresh_from_db()
    assert (project.physical_percent, project.financial_percent, project.version) == (30, 25, 2)
    assert project.progress_as_of == D(2025, 6, 30)
    with pytest.raises(ConcurrentEditError):
        services.project_progress_create(
            actor=users["a_officer"],
            project=project,
            as_of=D(2025, 7, 31),
            physical_percent=35,
            financial_percent=30,
            narrative="x",
            version=1,
        )
    for kwargs, field in [
        ({"as_of": D(2025, 6, 1), "physical_percent": 40}, "as_of"),
        ({"as_of": D(2025, 7, 31), "physical_percent": 20}, "physical_percent"),
        ({"as_of": D(2099, 1, 1), "physical_percent": 40}, "as_of"),
        ({"as_of": D(2025, 7, 31), "physical_percent": 101}, "physical_percent"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.project_progress_create(
                actor=users["a_officer"],
                project=project,
                financial_percent=30,
                narrative="x",
                **kwargs,
            )
        assert field in exc.value.message_dict, kwargs
    with pytest.raises(ValidationError) as exc:
        services.project_progress_create(
            actor=users["a_officer"], project=project, physical_percent=40, narrative="x"
        )
    assert "financial_percent" in exc.value.message_dict


def test_progress_needs_edit(tree, users):
    project = ProjectFactory(unit=tree["a"])
    for actor in (users["b_officer"], users["a_viewer"]):
        with pytest.raises(AccessDenied):
            services.project_progress_create(
                actor=actor, project=project, physical_percent=1, financial_percent=1, narrative="x"
            )


def test_milestones_update_by_kind_and_id(tree, users):
    project = ProjectFactory(unit=tree["a"])
    rows = services.project_milestones_update(
        actor=users["a_officer"],
        project=project,
        milestones=[
            {"kind": "planning_approval", "planned_on": D(2025, 3, 31)},
            {"kind": "completion", "planned_on": D(2026, 12, 31)},
        ],
        version=1,
    )
    assert [r.kind for r in rows] == ["planning_approval", "completion"]
    services.project_milestones_update(
        actor=users["a_officer"],
        project=project,
        milestones=[{"id": rows[0].pk, "actual_on": D(2025, 4, 2)}],
        version=2,
    )
    approval = ProjectMilestone.objects.get(pk=rows[0].pk)
    assert (approval.planned_on, approval.actual_on, approval.version) == (
        D(2025, 3, 31),
        D(2025, 4, 2),
        2,
    )
    # The same kind again updates the row, it does not add one.
    services.project_milestones_update(
        actor=users["a_officer"],
        project=project,
        milestones=[{"kind": "completion", "planned_on": D(2027, 6, 30)}],
        version=3,
    )
    assert ProjectMilestone.objects.filter(project=project).count() == 2
    with pytest.raises(ConcurrentEditError):
        services.project_milestones_update(
            actor=users["a_officer"], project=project, milestones=[{"kind": "operation"}], version=1
        )
    with pytest.raises(ValidationError):
        services.project_milestones_update(
            actor=users["a_officer"],
            project=project,
            milestones=[{"kind": "operation", "actual_on": D(2099, 1, 1)}],
            version=4,
        )
    other = ProjectFactory(unit=tree["a"])
    foreign = ProjectMilestone.objects.create(project=other, kind="completion")
    with pytest.raises(ValidationError):
        services.project_milestones_update(
            actor=users["a_officer"], project=project, milestones=[{"id": foreign.pk}], version=4
        )


def test_blockers_create_and_resolve(tree, users):
    project = ProjectFactory(unit=tree["a"])
    before = _audits()
    blocker = services.project_blocker_create(
        actor=users["a_officer"],
        project=project,
        description="Chưa bàn giao mặt bằng",
        raised_on=D(2025, 5, 1),
        owner_unit=tree["d"].pk,
        decision_from="Ủy ban nhân dân tỉnh",
    )
    with pytest.raises(ValidationError):
        services.project_blocker_resolve(
            actor=users["a_officer"], blocker=blocker, resolved_on=D(2025, 4, 1), resolution="x"
        )
    with pytest.raises(ConcurrentEditError):
        services.project_blocker_resolve(
            actor=users["a_officer"], blocker=blocker, resolution="x", version=7
        )
    resolved = services.project_blocker_resolve(
        actor=users["a_officer"],
        blocker=blocker,
        resolved_on=D(2025, 6, 1),
        resolution="Đã bàn giao",
        version=1,
    )
    assert (resolved.resolved_on, resolved.version) == (D(2025, 6, 1), 2)
    assert _audits() == before + 2
    with pytest.raises(DomainError):
        services.project_blocker_resolve(actor=users["a_officer"], blocker=resolved, resolution="y")
    with pytest.raises(AccessDenied):
        services.project_blocker_resolve(
            actor=users["b_officer"], blocker=ProjectBlockerFactory(project=project), resolution="y"
        )


def test_photo_add_checks_the_file(tree, users, settings, tmp_path):
    project = ProjectFactory(unit=tree["a"])
    photo = services.project_photo_add(
        actor=users["a_officer"],
        project=project,
        file=SimpleUploadedFile("site.png", PNG_BYTES),
        caption="Mặt bằng",
        taken_on=D(2025, 6, 1),
        latitude=10.75,
        longitude=106.95,
    )
    assert (photo.content_type, photo.size) == ("image/png", len(PNG_BYTES))
    with pytest.raises(ValidationError) as exc:
        services.project_photo_add(
            actor=users["a_officer"],
            project=project,
            file=SimpleUploadedFile("site.png", b"GIF89a" + b"\x00" * 20),
            caption="x",
        )
    assert "file" in exc.value.message_dict
    with pytest.raises(AccessDenied):
        services.project_photo_add(
            actor=users["b_officer"],
            project=project,
            file=SimpleUploadedFile("site.png", PNG_BYTES),
            caption="x",
        )
