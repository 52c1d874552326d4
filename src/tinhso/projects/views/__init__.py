"""Project pages: the list (figures on a date, filters, export), open blockers across
projects, a project's page (header, progress bars, milestones, history, blockers, photos,
links) with its action forms, the create/edit form, and the photo file. Views call
selectors and services only (CONVENTIONS §5).
"""

from __future__ import annotations

from .actions import BlockerCreateView as BlockerCreateView
from .actions import BlockerResolveView as BlockerResolveView
from .actions import MilestoneSetView as MilestoneSetView
from .actions import PhotoAddView as PhotoAddView
from .actions import ProgressCreateView as ProgressCreateView
from .actions import _apply_errors as _apply_errors
from .actions import _done as _done
from .actions import _ProjectActionView as _ProjectActionView
from .detail import PhotoFileView as PhotoFileView
from .detail import ProjectDetailView as ProjectDetailView
from .detail import _as_of as _as_of
from .detail import _detail_context as _detail_context
from .edit import FORM_FIELDS as FORM_FIELDS
from .edit import M2M_FORM_FIELDS as M2M_FORM_FIELDS
from .edit import ProjectFormView as ProjectFormView
from .lists import BlockerListView as BlockerListView
from .lists import ProjectListView as ProjectListView
from .lists import _yes as _yes
