"""Write use-cases of projects: create, edit, progress updates, milestones, blockers, photos.

Every service: `require(...)` first (EDIT on the project's managing unit; moving a project
to another unit needs EDIT on both), `full_clean()`, one `transaction.atomic()` with a row
lock on the project (`select_for_update`), a `version` check where the caller edits what it
read (stale → `ConcurrentEditError`, HTTP 409), and exactly one `audit_record(...)`.
"""

from __future__ import annotations

from .blockers import project_blocker_create as project_blocker_create
from .blockers import project_blocker_resolve as project_blocker_resolve
from .common import _check_version as _check_version
from .common import _conflict as _conflict
from .common import _lock as _lock
from .common import _today as _today
from .common import _unit as _unit
from .common import _user as _user
from .milestones import _MILESTONE_FIELDS as _MILESTONE_FIELDS
from .milestones import MILESTONE_ORDER as MILESTONE_ORDER
from .milestones import _milestone_row as _milestone_row
from .milestones import project_milestones_update as project_milestones_update
from .photos import project_photo_add as project_photo_add
from .progress import project_progress_create as project_progress_create
from .projects import EDITABLE_FIELDS as EDITABLE_FIELDS
from .projects import M2M_FIELDS as M2M_FIELDS
from .projects import _assign as _assign
from .projects import _check_fields as _check_fields
from .projects import _ids as _ids
from .projects import _is_text as _is_text
from .projects import _m2m_ids as _m2m_ids
from .projects import _m2m_snapshot as _m2m_snapshot
from .projects import _resolve_decision as _resolve_decision
from .projects import _validate as _validate
from .projects import project_create as project_create
from .projects import project_update as project_update
