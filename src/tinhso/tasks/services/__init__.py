"""Write use-cases of tasks: create, edit, progress, evidence, extensions, delegation,
recurring instances and the workflow (`task_transition`, the only writer of the state).

Every service: `require(...)` first, `full_clean()`, one `transaction.atomic()` with a row
lock (`select_for_update`) on the task, a version check where the caller edits what it
read, and exactly one `audit_record(...)`.

Rights (see `accounts.access`): editing a task, adding progress and attachments needs EDIT on
the lead unit; delegating needs APPROVE on the lead unit; an extension needs APPROVE on the
approving unit or on the lead unit; workflow rights are in `workflow.py`.
"""

from __future__ import annotations

from .common import CLOSED_STATES as CLOSED_STATES
from .common import CREATABLE_KINDS as CREATABLE_KINDS
from .common import EDITABLE_FIELDS as EDITABLE_FIELDS
from .common import FK_FIELDS as FK_FIELDS
from .common import M2M_FIELDS as M2M_FIELDS
from .common import PROGRESS_STATES as PROGRESS_STATES
from .common import _assign_fields as _assign_fields
from .common import _check_version as _check_version
from .common import _conflict as _conflict
from .common import _history as _history
from .common import _ids as _ids
from .common import _is_text as _is_text
from .common import _lock as _lock
from .common import _refresh_clarities as _refresh_clarities
from .common import _set_m2m as _set_m2m
from .common import _today as _today
from .common import _unit as _unit
from .common import _validate as _validate
from .delegation import _MONTHS as _MONTHS
from .delegation import _may_receive_delegation as _may_receive_delegation
from .delegation import _new_child as _new_child
from .delegation import _period_label as _period_label
from .delegation import recurrence_periods as recurrence_periods
from .delegation import task_delegate as task_delegate
from .delegation import task_generate_instances as task_generate_instances
from .progress import _attachment as _attachment
from .progress import task_attachment_add as task_attachment_add
from .progress import task_extend as task_extend
from .progress import task_progress_add as task_progress_add
from .tasks import _m2m_changed as _m2m_changed
from .tasks import _rollup_parent as _rollup_parent
from .tasks import task_create as task_create
from .tasks import task_update as task_update
from .transitions import _milestone_rows as _milestone_rows
from .transitions import _milestone_snapshot as _milestone_snapshot
from .transitions import _submitted_on as _submitted_on
from .transitions import task_milestones_set as task_milestones_set
from .transitions import task_transition as task_transition
