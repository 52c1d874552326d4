"""Read use-cases of tasks: the filtered list, one task with its status and timeline, and
the counts behind "67 tasks completed, 62 on schedule".

Access: every selector starts from `Task.objects.for_user(user, Action.VIEW)`: the lead
unit's subtree readers and the co-ordinating units (`shared_unit_lookups`) see a task; a
task someone may not see is missing (404). Rows under a task (progress, attachments,
extensions, history) are read through the task the user may see.

Counting rule (`task_status_counts`): `Task.objects.counted()` — tasks and period
instances, not recurring templates, not proposed or cancelled ones — assigned on or before
`as_of` (or with no assignment date), statuses on the ORIGINAL deadline. With a unit, the
rows led inside that unit's subtree count, plus delegated sub-tasks led inside it whose
parent is led outside it (the parent is then not counted, so nothing counts twice).
"""

from __future__ import annotations

from .choices import group_choices as group_choices
from .choices import plan_choices as plan_choices
from .choices import target_choices as target_choices
from .choices import unit_choices as unit_choices
from .choices import unit_choices_below as unit_choices_below
from .common import COUNTED_KINDS as COUNTED_KINDS
from .common import NOT_COUNTED_STATES as NOT_COUNTED_STATES
from .common import _plan_q as _plan_q
from .common import _scoped as _scoped
from .common import _subtree_ids as _subtree_ids
from .common import _today as _today
from .common import unit_by_code as unit_by_code
from .counts import _count_aggregates as _count_aggregates
from .counts import _counted as _counted
from .counts import _rates as _rates
from .counts import task_clarity_completeness as task_clarity_completeness
from .counts import task_status_counts as task_status_counts
from .counts import task_unit_summary as task_unit_summary
from .lists import TaskRows as TaskRows
from .lists import TimelineEntry as TimelineEntry
from .lists import decorate as decorate
from .lists import task_attachments as task_attachments
from .lists import task_children as task_children
from .lists import task_get as task_get
from .lists import task_list as task_list
from .lists import task_milestones as task_milestones
from .lists import task_progress_list as task_progress_list
from .lists import task_rows as task_rows
from .lists import task_timeline as task_timeline
