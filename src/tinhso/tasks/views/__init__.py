"""Task pages: the list (status as of a date, filters, export), a task's page with its
six clarities, deadlines, timeline and actions, the create/edit form, and the per-unit
summary. Views call selectors and services only (CONVENTIONS §5).
"""

from __future__ import annotations

from .actions import TaskAttachmentView as TaskAttachmentView
from .actions import TaskDelegateView as TaskDelegateView
from .actions import TaskExtensionView as TaskExtensionView
from .actions import TaskInstancesView as TaskInstancesView
from .actions import TaskMilestonesView as TaskMilestonesView
from .actions import TaskProgressView as TaskProgressView
from .actions import TaskTransitionView as TaskTransitionView
from .actions import _TaskActionView as _TaskActionView
from .detail import TaskDetailView as TaskDetailView
from .detail import _apply_errors as _apply_errors
from .detail import _as_of as _as_of
from .detail import _detail_context as _detail_context
from .detail import _done as _done
from .editing import FORM_FIELDS as FORM_FIELDS
from .editing import M2M_FORM_FIELDS as M2M_FORM_FIELDS
from .editing import TaskFormView as TaskFormView
from .lists import TaskListView as TaskListView
from .lists import TaskSummaryView as TaskSummaryView
from .lists import _clarity_text as _clarity_text
