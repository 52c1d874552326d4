"""Write use-cases of plans, catalogues, target sets, targets and assessments.

Access: plans and everything under them are written by officers of the plan's owner unit
(or a unit above it): `Action.EDIT` on `plan.unit`. Catalogues are province-wide
reference data: a new catalogue or version needs `Action.MANAGE` on a province-level unit.
Every write runs in one transaction and leaves one audit entry.
"""

from .catalogues import catalogue_create as catalogue_create
from .catalogues import catalogue_new_version as catalogue_new_version
from .common import _TARGET_COPY as _TARGET_COPY
from .common import PLAN_FIELDS as PLAN_FIELDS
from .common import TARGET_FIELDS as TARGET_FIELDS
from .common import _reject_nul as _reject_nul
from .common import _require_catalogue_right as _require_catalogue_right
from .common import _stale as _stale
from .common import _unknown as _unknown
from .plans import _check_plan_links as _check_plan_links
from .plans import plan_create as plan_create
from .plans import plan_group_create as plan_group_create
from .plans import plan_groups_from_catalogue as plan_groups_from_catalogue
from .plans import plan_update as plan_update
from .target_sets import _check_target as _check_target
from .target_sets import _set_milestones as _set_milestones
from .target_sets import target_assess as target_assess
from .target_sets import target_create as target_create
from .target_sets import target_delete as target_delete
from .target_sets import target_set_create as target_set_create
from .target_sets import target_set_revise as target_set_revise
from .target_sets import target_update as target_update
