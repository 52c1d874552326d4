"""Pages of plans and targets: plan list, plan tree, target set (with statuses on a date
and a side-by-side comparison of versions), target page with its trajectory, and the
assessment and revision forms. Reading is open to every signed-in official; writing needs
Action.EDIT on the plan's unit (see `services.py`)."""

from .common import _as_of as _as_of
from .common import _errors as _errors
from .common import _redirect as _redirect
from .common import _task_url_pattern as _task_url_pattern
from .detail import TARGET_EXPORT_COLUMNS as TARGET_EXPORT_COLUMNS
from .detail import CatalogueListView as CatalogueListView
from .detail import PlanDetailView as PlanDetailView
from .detail import PlanListView as PlanListView
from .detail import TargetDetailView as TargetDetailView
from .detail import TargetSetDetailView as TargetSetDetailView
from .detail import _export_rows as _export_rows
from .detail import _plain_number as _plain_number
from .plan_edit import PLAN_FORM_FIELDS as PLAN_FORM_FIELDS
from .plan_edit import PlanEditView as PlanEditView
from .plan_edit import PlanGroupsFromCatalogueView as PlanGroupsFromCatalogueView
from .target_edit import TARGET_FORM_FIELDS as TARGET_FORM_FIELDS
from .target_edit import AssessmentCreateView as AssessmentCreateView
from .target_edit import TargetEditView as TargetEditView
from .target_edit import TargetSetReviseView as TargetSetReviseView
