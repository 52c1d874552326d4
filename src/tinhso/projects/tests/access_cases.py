"""Access-matrix cases of projects (see tinhso.core.testing.access_matrix).

Every project row is owned by the project's managing unit: its subtree readers see the
project and everything under it; editors (EDIT) add progress, milestones, blockers and
photos; a sibling or a child unit gets 404. Reads and writes go through the project's
page and API (the rows under a project have no page of their own).
"""

from __future__ import annotations

from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.projects.models import (
    Project,
    ProjectBlocker,
    ProjectMilestone,
    ProjectPhoto,
    ProjectProgress,
)
from tinhso.projects.tests.factories import (
    ProjectBlockerFactory,
    ProjectFactory,
    ProjectMilestoneFactory,
    ProjectPhotoFactory,
    ProjectProgressFactory,
)


def _project_of(obj: Any) -> Any:
    return getattr(obj, "project", obj)


def _cases() -> list[AccessCase]:
    common: dict[str, Any] = {
        "read_action": "view",
        "write_role": "admin",
        "ui_read": lambda o: f"/projects/{_project_of(o).pk}/",
        "api_read": lambda o: f"/api/v1/projects/{_project_of(o).pk}",
        "ui_write": Write(
            url=lambda o: f"/projects/{_project_of(o).pk}/blockers/",
            data=lambda o: {"description": "Matrix blocker", "raised_on": "02/07/2025"},
        ),
        "api_write": Write(
            url=lambda o: f"/api/v1/projects/{_project_of(o).pk}/blockers",
            data=lambda o: {"description": "Matrix blocker", "raised_on": "2025-07-02"},
        ),
    }
    return [
        AccessCase(
            model=Project,
            make=lambda unit: ProjectFactory(unit=unit, name="Matrix project 7731"),
            ui_list=("/projects/?as_of=01/07/2025", lambda o: "Matrix project 7731"),
            api_list=("/api/v1/projects?page_size=100", lambda o: "Matrix project 7731"),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/projects/{o.pk}",
                    data=lambda o: {"version": o.version, "name": "Matrix renamed"},
                    method="patch",
                ),
            },
        ),
        AccessCase(
            model=ProjectProgress,
            make=lambda unit: ProjectProgressFactory(project=ProjectFactory(unit=unit)),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/projects/{o.project_id}/progress",
                    data=lambda o: {
                        "as_of": "2025-07-02",
                        "physical_percent": 40,
                        "financial_percent": 30,
                        "narrative": "Matrix",
                    },
                ),
            },
        ),
        AccessCase(
            model=ProjectMilestone,
            make=lambda unit: ProjectMilestoneFactory(project=ProjectFactory(unit=unit)),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/projects/{o.project_id}/milestones",
                    data=lambda o: {
                        "version": o.project.version,
                        "milestones": [{"id": o.pk, "actual_on": "2025-03-05"}],
                    },
                    method="put",
                ),
            },
        ),
        AccessCase(
            model=ProjectBlocker,
            make=lambda unit: ProjectBlockerFactory(
                project=ProjectFactory(unit=unit), description="Matrix blocker 4417"
            ),
            api_list=(
                "/api/v1/projects/blockers?as_of=2025-07-01",
                lambda o: "Matrix blocker 4417",
            ),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/projects/{o.project_id}/blockers/{o.pk}/resolve",
                    data=lambda o: {"resolved_on": "2025-07-02", "resolution": "Matrix"},
                ),
            },
        ),
        AccessCase(
            model=ProjectPhoto,
            make=lambda unit: ProjectPhotoFactory(project=ProjectFactory(unit=unit)),
            **{**common, "ui_read": lambda o: f"/projects/photos/{o.pk}/"},
        ),
    ]


CASES = _cases()
