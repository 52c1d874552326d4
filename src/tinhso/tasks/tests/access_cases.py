"""Access-matrix cases of tasks (see tinhso.core.testing.access_matrix).

Every task row is owned by the task's lead unit: its subtree readers see the task and
everything under it; editors (EDIT) report progress and add attachments; a sibling or a
child unit gets 404. Co-ordinating units may also view the task (tested in
`test_access.py`, the matrix has no co-unit relation).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tinhso.core.testing.access_matrix import AccessCase, Write
from tinhso.tasks.models import Task, TaskAttachment, TaskExtension, TaskProgress, TaskTransition
from tinhso.tasks.tests.factories import (
    TaskAttachmentFactory,
    TaskExtensionFactory,
    TaskFactory,
    TaskProgressFactory,
    TaskTransitionFactory,
)


def _progress_write(obj: Any) -> dict[str, Any]:
    return {"narrative": "Matrix update", "percent": 60, "reported_on": "2025-07-02"}


def _task_of(obj: Any) -> Any:
    return getattr(obj, "task", obj)


def _api_progress(obj: Any) -> Write:
    return Write(url=lambda o: f"/api/v1/tasks/{_task_of(o).pk}/progress", data=_progress_write)


def _ui_progress(obj: Any) -> Write:
    return Write(
        url=lambda o: f"/tasks/{_task_of(o).pk}/progress/",
        data=lambda o: {"narrative": "Matrix update", "percent": 60, "reported_on": "02/07/2025"},
    )


def _cases() -> list[AccessCase]:
    common: dict[str, Any] = {
        "read_action": "view",
        "write_role": "admin",
        "ui_read": lambda o: f"/tasks/{_task_of(o).pk}/",
        "api_read": lambda o: f"/api/v1/tasks/{_task_of(o).pk}",
        "ui_write": _ui_progress(None),
        "api_write": _api_progress(None),
    }
    return [
        AccessCase(
            model=Task,
            make=lambda unit: TaskFactory(
                lead_unit=unit, in_progress=True, title="Matrix task 5521"
            ),
            ui_list=("/tasks/?as_of=01/07/2025", lambda o: "Matrix task 5521"),
            api_list=("/api/v1/tasks?page_size=100", lambda o: "Matrix task 5521"),
            **common,
        ),
        AccessCase(
            model=TaskProgress,
            make=lambda unit: TaskProgressFactory(
                task=TaskFactory(lead_unit=unit, in_progress=True), narrative="Matrix note 8812"
            ),
            **common,
        ),
        AccessCase(
            model=TaskAttachment,
            make=lambda unit: TaskAttachmentFactory(
                task=TaskFactory(lead_unit=unit, in_progress=True)
            ),
            **common,
        ),
        AccessCase(
            model=TaskExtension,
            make=lambda unit: TaskExtensionFactory(
                task=TaskFactory(lead_unit=unit, in_progress=True, deadline=dt.date(2025, 9, 30))
            ),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/tasks/{o.task_id}/extensions",
                    data=lambda o: {
                        "new_deadline": (o.new_deadline + dt.timedelta(days=30)).isoformat(),
                        "decision_number": "99/QĐ-UBND",
                        "decision_date": "2025-09-15",
                        "reason": "Matrix",
                    },
                ),
            },
        ),
        AccessCase(
            model=TaskTransition,
            make=lambda unit: TaskTransitionFactory(
                task=TaskFactory(lead_unit=unit, assigned=True)
            ),
            **{
                **common,
                "api_write": Write(
                    url=lambda o: f"/api/v1/tasks/{o.task_id}/transitions",
                    data=lambda o: {"action": "start", "version": o.task.version},
                ),
            },
        ),
    ]


CASES = _cases()
